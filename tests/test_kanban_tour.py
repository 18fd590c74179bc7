from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestKanbanScanTour(HttpCase):
    def test_operator_scans_a_card_and_finds_its_replenishment(self):
        operator = new_test_user(
            self.env,
            "kanban_tour_operator",
            groups="industrial_logistics.group_logistics_operator",
        )
        self.start_tour("/odoo", "industrial_logistics_kanban_scan", login="kanban_tour_operator")
        card = self.env["logistics.kanban.card"].search([("barcode", "=", "KB-L2A-C004-01")])
        self.assertEqual(card.state, "replenishing")
        self.assertEqual(len(card.picking_ids), 1)
        screen_scans = card.scan_ids.filtered(lambda scan: scan.source == "scan_screen")
        self.assertEqual(screen_scans.mapped("status"), ["warning", "ok"])
        # The two cards scanned back to back were both replenished, once each.
        Card = self.env["logistics.kanban.card"]
        for barcode in ("KB-L2A-C004-02", "KB-L3C-C005-03"):
            card = Card.search([("barcode", "=", barcode)])
            self.assertEqual(card.state, "replenishing", barcode)
            self.assertEqual(len(card.picking_ids), 1, barcode)
            self.assertEqual(
                card.scan_ids.filtered(lambda scan: scan.source == "scan_screen").mapped("status"),
                ["ok"],
            )
        # The card read by the wedge scanner (Odoo's barcode service) asked for an RFQ: it
        # stays empty until purchasing confirms it.
        card = Card.search([("barcode", "=", "KB-L1A-C001-02")])
        self.assertEqual(card.state, "empty")
        self.assertEqual(card.purchase_line_ids.order_id.state, "draft")
        self.assertEqual(
            card.scan_ids.filtered(lambda scan: scan.source == "scan_screen").mapped("status"),
            ["ok"],
        )
        # The part declared missing at the line is an open stockout of its loop.
        event = self.env["logistics.stockout.event"].search([("user_id", "=", operator.id)])
        self.assertEqual(len(event), 1)
        self.assertEqual(
            event.loop_id, self.env.ref("industrial_logistics.demo_kanban_loop_l1a_c001")
        )
        self.assertFalse(event.date_end)
