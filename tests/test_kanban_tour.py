from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestKanbanScanTour(HttpCase):
    def test_operator_scans_a_card_and_finds_its_replenishment(self):
        new_test_user(
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
