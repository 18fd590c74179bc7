from datetime import timedelta

from freezegun import freeze_time

from odoo import fields

from .common_kanban import KanbanCommon


class TestKanbanReplenishment(KanbanCommon):
    """One scan = one procurement of one container through the loop's route, linked to
    the card through its procurement group; the card refills itself on receipt."""

    def test_scan_of_full_card_creates_one_internal_transfer_from_the_supermarket(self):
        card = self.card(self.loop_resupply)
        result = self.scan(card)
        self.assertEqual(result["status"], "ok", result["message"])
        self.assertEqual(result["card_id"], card.id)
        self.assertEqual(card.state, "replenishing")
        self.assertTrue(card.date_last_empty and card.date_replenishing)
        picking = card.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(picking.location_id, self.supermarket)
        self.assertEqual(picking.move_ids.location_dest_id, self.l1a)
        self.assertEqual(picking.move_ids.product_uom_qty, 10)
        self.assertEqual(picking.move_ids.group_id, card.group_id)
        self.assertEqual(card.replenishment_ref, picking.name)
        self.assertIn(picking.name, result["message"])

    def test_card_turns_full_by_itself_when_its_transfer_is_done_at_the_line(self):
        card = self.card(self.loop_resupply)
        with freeze_time(fields.Datetime.now() - timedelta(hours=6)):
            self.scan(card)
        self.validate(card.picking_ids)
        self.assertEqual(card.state, "full")
        self.assertTrue(card.date_last_full)
        scan = card.scan_ids.filtered(lambda scan: scan.status == "ok")
        self.assertAlmostEqual(scan.lead_time_days, 0.25, places=2)
        self.assertAlmostEqual(self.loop_resupply.lead_time_measured_days, 0.25, places=2)

    def test_plain_inventory_user_validating_the_transfer_refills_the_card(self):
        card = self.card(self.loop_resupply)
        self.scan(card)
        self.validate(card.picking_ids, user=self.stock_user)
        self.assertEqual(card.state, "full")

    def test_each_card_gets_its_own_transfer(self):
        first, second = self.card(self.loop_resupply, 1), self.card(self.loop_resupply, 2)
        self.scan(first)
        self.scan(second)
        self.assertEqual(len(first.picking_ids), 1)
        self.assertEqual(len(second.picking_ids), 1)
        self.assertNotEqual(first.picking_ids, second.picking_ids)
        self.validate(second.picking_ids)
        self.assertEqual((first.state, second.state), ("replenishing", "full"))

    def test_buy_route_makes_one_rfq_line_per_card_and_the_receipt_refills_it(self):
        first, second = self.card(self.loop_buy, 1), self.card(self.loop_buy, 2)
        self.assertEqual(self.scan(first)["status"], "ok")
        self.assertEqual(self.scan(second)["status"], "ok")
        lines = first.purchase_line_ids | second.purchase_line_ids
        self.assertEqual(len(lines), 2, "one RFQ line per card, never merged")
        self.assertEqual(len(lines.order_id), 1, "the RFQ is still shared per vendor")
        self.assertEqual(lines.order_id.partner_id, self.bracket.seller_ids.partner_id)
        self.assertEqual(first.purchase_line_ids.product_qty, 20)
        self.assertEqual(first.replenishment_ref, lines.order_id.name)
        self.receive_purchase(lines.order_id)
        self.assertEqual(lines.move_ids.location_dest_id, self.l1b)
        self.assertEqual((first.state, second.state), ("full", "full"))

    def test_buy_card_stays_empty_until_purchasing_confirms_its_rfq(self):
        card = self.card(self.loop_buy)
        with freeze_time(fields.Datetime.now() - timedelta(hours=3)):
            result = self.scan(card)
        self.assertEqual(result["status"], "ok")
        self.assertIn("to be confirmed by purchasing", result["message"])
        self.assertEqual(card.state, "empty", "an RFQ is a request, nothing is on its way")
        self.assertTrue(card.date_last_empty)
        self.assertFalse(card.date_replenishing)
        order = card.purchase_line_ids.order_id
        order.button_confirm()
        self.assertEqual(card.state, "replenishing")
        self.assertGreater(card.date_replenishing, card.date_last_empty)
        self.validate(order.picking_ids)
        self.assertEqual(card.state, "full")

    def test_card_of_a_cancelled_rfq_asks_again_at_the_next_scan(self):
        card = self.card(self.loop_buy)
        self.scan(card)
        first_line = card.purchase_line_ids
        result = self.scan(card)
        self.assertEqual(result["status"], "warning")
        self.assertIn("waits for purchasing to confirm it", result["message"])
        first_line.order_id.button_cancel()
        self.assertEqual(card.state, "empty")
        result = self.scan(card)
        self.assertEqual(result["status"], "ok", result["message"])
        self.assertEqual(len(card.purchase_line_ids - first_line), 1, "a new RFQ line")

    def test_cancelled_transfer_leaves_the_card_empty_and_the_next_scan_asks_again(self):
        card = self.card(self.loop_resupply)
        self.scan(card)
        cancelled = card.picking_ids
        cancelled.action_cancel()
        self.assertEqual(card.state, "empty", "nothing is on its way any more")
        result = self.scan(card)
        self.assertEqual(result["status"], "ok", result["message"])
        self.assertEqual(card.state, "replenishing")
        new_transfer = card.picking_ids - cancelled
        self.assertEqual(len(new_transfer), 1)
        self.assertEqual(new_transfer.state, "assigned")
        self.assertEqual(card.replenishment_ref, new_transfer.name)
        self.assertFalse(self.last_scan().cycle_days, "a cancelled request is not a cycle")

    def test_partial_delivery_keeps_the_card_replenishing_until_its_backorder_arrives(self):
        card = self.card(self.loop_resupply)
        self.scan(card)
        picking = card.picking_ids
        picking.action_assign()
        picking.move_ids.quantity = 4  # of 10
        picking.move_ids.picked = True
        picking._action_done()
        backorder = picking.backorder_ids
        self.assertEqual(backorder.move_ids.product_uom_qty, 6)
        self.assertEqual(card.state, "replenishing", "6 of the 10 are still on their way")
        self.validate(backorder)
        self.assertEqual(card.state, "full")

    def test_partial_delivery_without_backorder_refills_the_card(self):
        card = self.card(self.loop_resupply)
        self.scan(card)
        picking = card.picking_ids
        picking.action_assign()
        picking.move_ids.quantity = 4
        picking.move_ids.picked = True
        picking.with_context(cancel_backorder=True)._action_done()
        self.assertFalse(picking.backorder_ids)
        self.assertEqual(card.state, "full", "nothing more is coming: the card circulates")

    def test_purchase_order_follows_the_state_of_its_receipt(self):
        # The ORM finds the orders to recompute when a receipt changes state through
        # stock.picking.purchase_order_ids (the inverse of purchase.order.picking_ids),
        # from its cache: it must hold the order from the moment the receipt exists.
        card = self.card(self.loop_buy)
        self.scan(card)
        order = card.purchase_line_ids.order_id
        order.button_confirm()
        receipt = order.picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.purchase_order_ids, order)
        self.assertEqual((order.receipt_status, order.is_shipped), ("pending", False))
        self.validate(receipt)
        self.assertEqual((order.receipt_status, order.is_shipped), ("full", True))
        self.assertEqual(order.effective_date, receipt.date_done)

    def test_manufacture_route_makes_an_mo_that_delivers_to_the_loop_location(self):
        card = self.card(self.loop_manufacture)
        result = self.scan(card)
        self.assertEqual(result["status"], "ok", result["message"])
        production = card.production_ids
        self.assertEqual(len(production), 1)
        self.assertEqual(production.product_id, self.workbench)
        self.assertEqual(production.product_qty, 2)
        self.assertEqual(production.procurement_group_id, card.group_id)
        self.assertEqual(production.location_dest_id, self.fg_supermarket)
        self.assertEqual(card.replenishment_ref, production.name)
        self.produce(production)
        self.assertEqual(card.state, "full")

    def test_two_cards_of_a_manufacture_loop_make_two_mos(self):
        self.scan(self.card(self.loop_manufacture, 1))
        self.scan(self.card(self.loop_manufacture, 2))
        productions = self.loop_manufacture.card_ids.production_ids
        self.assertEqual(len(productions), 2)
        self.assertEqual(productions.mapped("product_qty"), [2, 2])

    def test_a_move_of_the_group_done_elsewhere_does_not_refill_the_card(self):
        card = self.card(self.loop_resupply)
        self.scan(card)
        picking = card.picking_ids
        picking.move_ids.location_dest_id = self.l1b
        picking.location_dest_id = self.l1b
        self.validate(picking)
        self.assertEqual(card.state, "empty", "nothing is on its way to the line any more")
        self.assertEqual(self.scan(card)["status"], "ok", "the next scan asks again")
        self.assertEqual(len(card.picking_ids), 2)

    def test_second_scan_of_a_refilled_card_measures_its_cycle(self):
        card = self.card(self.loop_resupply)
        start = fields.Datetime.now() - timedelta(days=2)
        with freeze_time(start):
            self.scan(card)
        self.validate(card.picking_ids)
        with freeze_time(start + timedelta(days=1, hours=12)):
            self.assertEqual(self.scan(card)["status"], "ok")
        self.assertEqual(len(card.picking_ids), 2)
        self.assertAlmostEqual(self.last_scan().cycle_days, 1.5, places=3)
        self.assertAlmostEqual(self.loop_resupply.cycle_time_days, 1.5, places=3)

    def test_measured_lead_time_and_cycle_are_medians_of_the_card_history(self):
        # Four scans of one card on days 0, 1, 3 and 9, each received 6, 12, 40 and 12 h
        # later. Lead times 0.25, 0.5, 1.667, 0.5 day: median 0.5 (mean 0.729).
        # Cycles (scan to next scan) 1, 2, 6 days: median 2 (mean 3).
        card = self.card(self.loop_resupply)
        start = fields.Datetime.now() - timedelta(days=12)
        for day, hours in ((0, 6), (1, 12), (3, 40), (9, 12)):
            with freeze_time(start + timedelta(days=day)):
                self.assertEqual(self.scan(card)["status"], "ok")
            with freeze_time(start + timedelta(days=day, hours=hours)):
                self.validate(card.picking_ids.filtered(lambda p: p.state != "done"))
        self.assertAlmostEqual(self.loop_resupply.lead_time_measured_days, 0.5, places=3)
        self.assertAlmostEqual(self.loop_resupply.cycle_time_days, 2.0, places=3)

    def test_double_bin_scan_replenishes_one_bin(self):
        bin_a = self.card(self.loop_double_bin, 1)
        self.assertEqual(bin_a.bin_label, "A")
        self.assertEqual(self.card(self.loop_double_bin, 2).bin_label, "B")
        result = self.scan(bin_a)
        self.assertEqual(result["status"], "ok")
        self.assertIn("bin A", result["message"])
        self.assertEqual(bin_a.picking_ids.move_ids.product_uom_qty, 30)

    def test_receipt_closes_the_open_stockout_of_the_loop(self):
        card = self.card(self.loop_resupply)
        self.scan(card)
        declared = (
            self.env["logistics.stockout.event"].with_user(self.operator).declare(card_id=card.id)
        )
        self.assertEqual(declared["status"], "ok")
        event = self.loop_resupply.stockout_event_ids
        self.assertFalse(event.date_end)
        self.validate(card.picking_ids)
        self.assertTrue(event.date_end)
        self.assertGreaterEqual(event.duration_hours, 0)

    def test_two_step_reception_refills_the_card_when_the_storage_step_reaches_the_line(self):
        self.warehouse.reception_steps = "two_steps"
        card = self.card(self.loop_buy)
        self.assertEqual(self.scan(card)["status"], "ok")
        order = card.purchase_line_ids.order_id
        order.button_confirm()
        receipt = order.picking_ids
        self.assertEqual(receipt.location_dest_id, self.warehouse.wh_input_stock_loc_id)
        self.validate(receipt)
        self.assertEqual(card.state, "replenishing", "the container is only at WH/Input")
        card.state = "lost"  # flagged lost while its container waits at WH/Input
        self.assertIn("still under way", self.scan(card)["message"])
        self.assertEqual(card.state, "replenishing")
        storage = receipt.move_ids.move_dest_ids.picking_id
        self.assertEqual(storage.picking_type_id, self.warehouse.store_type_id)
        self.assertEqual(storage.move_ids.location_dest_id, self.l1b)
        self.validate(storage)
        self.assertEqual(card.state, "full")
        self.assertTrue(card.scan_ids.filtered(lambda scan: scan.status == "ok").date_received)
