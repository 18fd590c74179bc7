from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .common_kanban import KanbanCommon


class TestKanbanLoops(KanbanCommon):
    """Loop configuration rules, card circulation, lost cards, stockouts and access."""

    def test_loop_makes_its_numbered_cards_with_unique_barcodes(self):
        cards = self.loop_resupply.card_ids
        self.assertEqual(cards.mapped("sequence"), [1, 2, 3])
        self.assertEqual(cards.mapped("barcode"), ["T-RS-01", "T-RS-02", "T-RS-03"])
        self.assertEqual(cards.mapped("state"), ["full"] * 3)
        self.assertTrue(all(cards.mapped("date_last_full")), "a new card starts full")
        self.assertEqual(cards[1].display_name, "T-RS 2/3")

    def test_container_quantity_must_be_positive(self):
        for quantity in (0, -5):
            with self.subTest(quantity=quantity), mute_logger("odoo.sql_db"):
                with self.assertRaises(IntegrityError), self.env.cr.savepoint():
                    self.loop_resupply.container_qty = quantity
                    self.env.flush_all()

    def test_double_bin_loop_needs_exactly_two_cards(self):
        with self.assertRefused(ValidationError, "exactly two cards"):
            self.loop_double_bin.card_count = 3
        with self.assertRefused(ValidationError, "exactly two cards"):
            self.loop_resupply.write({"loop_type": "double_bin"})

    def test_two_active_loops_for_one_product_and_location_are_refused(self):
        with self.assertRefused(ValidationError, "already supplies"):
            self.Loop.create(self.loop_vals("T-TWIN", self.bolt, self.l1a, self.route_buy))
        self.loop_resupply.active = False
        twin = self.Loop.create(self.loop_vals("T-TWIN2", self.bolt, self.l1a, self.route_buy))
        self.assertTrue(twin.active, "an archived loop leaves the place free")

    def test_route_that_cannot_supply_the_location_is_refused(self):
        elsewhere = self.env["stock.location"].create(
            {"name": "Outside WH", "usage": "internal", "location_id": False}
        )
        with self.assertRefused(ValidationError, "has no rule that supplies"):
            self.Loop.create(self.loop_vals("T-NOWHERE", self.bolt, elsewhere, self.route_resupply))

    def test_scan_uses_the_rule_odoo_procurement_would_pick_for_the_loops_route(self):
        self.warehouse.reception_steps = "two_steps"
        loops = self.loop_resupply | self.loop_buy | self.loop_manufacture | self.loop_double_bin
        for loop in loops:
            with self.subTest(loop=loop.code):
                rule = loop._get_route_rule()
                self.assertEqual(rule.route_id, loop.route_id)
                self.assertEqual(rule, loop._get_rule())

    def test_raising_the_card_count_adds_cards_to_print(self):
        self.loop_resupply.card_count = 5
        cards = self.loop_resupply.card_ids
        self.assertEqual(cards.mapped("sequence"), [1, 2, 3, 4, 5])
        self.assertEqual(cards[-1].barcode, "T-RS-05")

    def test_lowering_the_card_count_retires_full_cards_at_once(self):
        first, second, third = self.loop_resupply.card_ids
        self.scan(third)
        self.loop_resupply.card_count = 2
        self.assertEqual(second.state, "retired", "the highest full card goes first")
        self.assertTrue(second.date_retired)
        self.assertEqual((first.state, third.state), ("full", "replenishing"))
        self.assertFalse(third.to_retire)

    def test_surplus_cards_out_with_their_container_retire_once_back_full(self):
        first, second, third = self.loop_resupply.card_ids
        for card in (first, second, third):
            self.scan(card)
        self.loop_resupply.card_count = 1
        self.assertEqual((second | third).mapped("to_retire"), [True, True])
        self.assertFalse(first.to_retire)
        self.validate(third.picking_ids)
        self.assertEqual(third.state, "retired", "no container in transit is forgotten")
        self.assertEqual(second.state, "replenishing")
        self.loop_resupply.card_count = 2
        self.assertFalse(second.to_retire, "a waiting card goes back into circulation first")
        self.assertEqual(len(self.loop_resupply.card_ids), 3, "retired cards are never reused")

    def test_retiring_a_card_takes_it_out_and_lowers_the_card_count(self):
        full, out, lost = self.loop_resupply.card_ids
        self.scan(out)
        lost.state = "lost"
        full.with_user(self.manager).action_retire()
        self.assertEqual(full.state, "retired")
        self.assertEqual(self.loop_resupply.card_count, 2)
        lost.with_user(self.manager).action_retire()
        self.assertEqual(lost.state, "retired", "a lost card is not coming back full")
        self.assertEqual(self.loop_resupply.card_count, 1)
        self.assertEqual(out.state, "replenishing", "the last card stays in circulation")
        with self.assertRefused(UserError, "archive the loop instead"):
            out.with_user(self.manager).action_retire()

    def test_a_double_bin_loop_keeps_its_two_bins(self):
        with self.assertRefused(UserError, "always has its two bins"):
            self.card(self.loop_double_bin).with_user(self.manager).action_retire()
        self.assertEqual(self.loop_double_bin.card_ids.mapped("state"), ["full", "full"])

    def test_idle_card_is_flagged_lost_after_k_times_the_measured_cycle(self):
        # Cycle 2 days, k = 2: idle for more than 4 days is lost. Idle 4.5 days (lost with
        # k = 2, not with the default k = 3), 3.5 days (not lost), and a card scanned then
        # idle 8 days.
        self.loop_resupply.sudo().cycle_time_days = 2.0
        self.env.company.kanban_lost_cycle_factor = 2.0
        idle, recent, moving = self.loop_resupply.card_ids
        idle.date_last_move = fields.Datetime.now() - timedelta(days=4, hours=12)
        recent.date_last_move = fields.Datetime.now() - timedelta(days=3, hours=12)
        self.scan(moving)
        moving.date_last_move = fields.Datetime.now() - timedelta(days=8)
        lost = self.Card._cron_flag_lost_cards()
        self.assertEqual(lost, idle | moving)
        self.assertEqual(idle.state, "lost")
        self.assertTrue(idle.date_lost)
        self.assertEqual(recent.state, "full")

    def test_lost_card_factor_must_be_positive(self):
        with self.assertRefused(ValidationError, "must be positive"):
            self.env.company.kanban_lost_cycle_factor = 0

    def test_found_lost_card_replenishes_only_when_nothing_is_under_way(self):
        found_empty, found_in_transit = (
            self.card(self.loop_resupply, 1),
            self.card(self.loop_resupply, 2),
        )
        self.scan(found_in_transit)
        (found_empty | found_in_transit).write({"state": "lost"})
        result = self.scan(found_in_transit)
        self.assertEqual(result["status"], "warning")
        self.assertIn("still under way", result["message"])
        self.assertEqual(found_in_transit.state, "replenishing")
        self.assertEqual(len(found_in_transit.picking_ids), 1)
        result = self.scan(found_empty)
        self.assertEqual(result["status"], "ok")
        self.assertEqual(found_empty.state, "replenishing")

    def test_operator_declares_a_part_missing_once_per_loop(self):
        Stockout = self.env["logistics.stockout.event"].with_user(self.operator)
        barcode = self.card(self.loop_resupply).barcode
        self.assertEqual(Stockout.declare(barcode=barcode)["status"], "ok")
        again = Stockout.declare(barcode=barcode)
        self.assertEqual(again["status"], "warning")
        self.assertIn("already declared", again["message"])
        event = self.loop_resupply.stockout_event_ids
        self.assertEqual(len(event), 1)
        self.assertEqual(
            (event.product_id, event.location_id, event.user_id),
            (self.bolt, self.l1a, self.operator),
        )
        self.assertEqual(Stockout.declare()["status"], "error")
        event.action_resolve()
        self.assertTrue(event.date_end)
        self.assertEqual(self.loop_resupply.stockout_open_count, 0)

    def test_operator_can_scan_but_cannot_create_or_edit_loops(self):
        self.assertEqual(self.scan(self.card(self.loop_resupply))["status"], "ok")
        loop = self.loop_resupply.with_user(self.operator)
        self.assertTrue(loop.code)
        with self.assertRaises(AccessError):
            loop.container_qty = 99
        with self.assertRaises(AccessError):
            self.Loop.with_user(self.operator).create(
                self.loop_vals("T-OP", self.bolt, self.l1b, self.route_resupply)
            )
        card = self.card(self.loop_resupply, 2).with_user(self.operator)
        with self.assertRaises(AccessError):
            card.unlink()
        with self.assertRaises(AccessError, msg="cards change only through the scan"):
            card.write({"state": "full", "barcode": "FORGED"})
        with self.assertRaises(AccessError, msg="the scan log is written by the scan only"):
            self.Scan.with_user(self.operator).create(
                {"barcode": card.barcode, "status": "ok", "message": "forged"}
            )

    def test_operator_scans_through_every_route(self):
        for loop in (self.loop_resupply, self.loop_buy, self.loop_manufacture):
            with self.subTest(loop=loop.code):
                result = self.scan(self.card(loop), user=self.operator)
                self.assertEqual(result["status"], "ok", result["message"])

    def test_manager_configures_loops(self):
        loop = self.Loop.with_user(self.manager).create(
            self.loop_vals("T-MGR", self.bolt, self.l1b, self.route_resupply, 12)
        )
        self.assertEqual(len(loop.card_ids), 2)
        self.assertEqual(loop.source_description, self.supermarket.name)
