from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user
from odoo.tools import mute_logger

from .common_kanban import KanbanCommon


class TestProductionTrustRoles(KanbanCommon):
    """Issue 11, roles: each abuse an auditor tried through the ORM, as the real roles, is
    refused with a clear error and leaves the database as it was."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, "trust_portal", groups="base.group_portal")
        cls.employee = new_test_user(cls.env, "trust_employee", groups="base.group_user")
        cls.operator_stock_user = new_test_user(
            cls.env,
            "trust_operator_stock_user",
            groups="industrial_logistics.group_logistics_operator,stock.group_stock_user",
        )

    def _footprint(self):
        return {
            model: self.env[model].search_count([])
            for model in (
                "logistics.kanban.scan",
                "logistics.stockout.event",
                "procurement.group",
                "stock.move",
            )
        }

    def _ready_transfer(self):
        """A transfer of 10 bolts supermarket -> L1-A, reserved (the fixture's supermarket
        holds 256 bolts), as the replenishment of a scan makes it."""
        self.assertEqual(self.scan(self.card(self.loop_resupply))["status"], "ok")
        picking = self.card(self.loop_resupply).picking_ids
        self.assertEqual(len(picking), 1)
        return picking

    # ------------------------------------------------------------------ roles

    def test_operator_is_not_an_inventory_user(self):
        self.assertFalse(self.operator.has_group("stock.group_stock_user"))
        self.assertFalse(self.operator.has_group("stock.group_stock_multi_locations"))

    def test_operator_cannot_validate_a_transfer(self):
        picking = self._ready_transfer()
        state = picking.state
        self.assertIn(state, ("assigned", "confirmed"))
        with self.assertRaises(AccessError):
            self.validate(picking, user=self.operator)
        picking.invalidate_recordset()
        self.assertEqual(picking.state, state)
        self.assertFalse(picking.move_ids.filtered(lambda move: move.state == "done"))

    def test_operator_cannot_apply_an_inventory_adjustment(self):
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.bolt.id), ("location_id", "=", self.supermarket.id)], limit=1
        )
        self.assertTrue(quant)
        before = quant.quantity
        with self.assertRaises(AccessError):
            as_operator = quant.with_user(self.operator)
            as_operator.inventory_quantity = before + 100
            as_operator.action_apply_inventory()
        quant.invalidate_recordset()
        self.assertEqual(quant.quantity, before)

    def test_operator_who_is_also_an_inventory_user_keeps_that_right(self):
        picking = self._ready_transfer()
        self.validate(picking, user=self.operator_stock_user)
        self.assertEqual(picking.state, "done")

    def test_operator_screens_open_with_the_operator_group_only(self):
        card = self.card(self.loop_resupply)
        self.assertEqual(self.scan(card)["status"], "ok")
        # The card and loop forms, as the web client reads them (view fields included).
        with Form(card.with_user(self.operator)) as form:
            self.assertEqual(form.replenishment_ref, card.replenishment_ref)
        with Form(self.loop_resupply.with_user(self.operator)) as form:
            self.assertEqual(form.code, "T-RS")
        Scan = self.Scan.with_user(self.operator)
        self.assertTrue(Scan.search_read([("card_id", "=", card.id)], ["barcode", "status"]))

    # ------------------------------------------------------------------ scan and declare

    def test_portal_user_scanning_a_huge_barcode_is_refused_and_nothing_written(self):
        before = self._footprint()
        with self.assertRaises(AccessError):
            self.Card.with_user(self.portal).scan("X" * 100_000)
        self.assertEqual(self._footprint(), before)

    def test_internal_user_without_the_operator_group_cannot_scan_or_declare(self):
        before = self._footprint()
        barcode = self.card(self.loop_resupply).barcode
        with self.assertRaises(AccessError):
            self.Card.with_user(self.employee).scan(barcode)
        with self.assertRaises(AccessError):
            self.env["logistics.stockout.event"].with_user(self.employee).declare(barcode=barcode)
        self.assertEqual(self._footprint(), before)
        self.assertEqual(self.card(self.loop_resupply).state, "full")

    def test_operator_sending_a_huge_barcode_source_or_note_is_refused(self):
        before = self._footprint()
        Event = self.env["logistics.stockout.event"].with_user(self.operator)
        barcode = self.card(self.loop_resupply).barcode
        with self.assertRefused(UserError, "at most 128 characters"):
            self.Card.with_user(self.operator).scan("X" * 100_000)
        with self.assertRefused(UserError, "at most 64 characters"):
            self.Card.with_user(self.operator).scan(barcode, source="s" * 65)
        with self.assertRefused(UserError, "at most 128 characters"):
            self.Card.with_user(self.operator).scan({"not": "a barcode"})
        with self.assertRefused(UserError, "limited to 1000 characters"):
            Event.declare(barcode=barcode, note="n" * 1001)
        self.assertEqual(self._footprint(), before)
        # A barcode of exactly the limit is a (refused, unknown) scan, logged in full.
        self.assertEqual(self.scan("K" * 128)["status"], "error")
        self.assertEqual(len(self.last_scan().barcode), 128)

    def test_scan_log_row_carries_the_company_of_the_card(self):
        loop = self.foreign_company_loop()
        foreign = loop.company_id
        main = self.env.company
        self.operator.write({"company_ids": [(4, foreign.id)]})
        Card = self.Card.with_user(self.operator).with_context(
            allowed_company_ids=[main.id, foreign.id]
        )
        self.assertEqual(Card.env.company, main, "working in the main company")
        Card.scan(loop.card_ids.barcode)  # refused or not (no vendor there): logged
        log = self.last_scan()
        self.assertEqual((log.card_id, log.company_id), (loop.card_ids, foreign))
        self.assertEqual(log.user_id, self.operator)

    # ------------------------------------------------------------------ scan log

    def test_nobody_edits_or_deletes_the_scan_log_through_the_orm(self):
        self.scan(self.card(self.loop_resupply))
        log = self.last_scan()
        before = (log.barcode, log.status, log.message, log.user_id)
        for user in (self.operator, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    log.with_user(user).write({"message": "forged", "status": "error"})
                with self.assertRaises(AccessError):
                    log.with_user(user).unlink()
        log.invalidate_recordset()
        self.assertEqual((log.barcode, log.status, log.message, log.user_id), before)

    # ------------------------------------------------------------------ stockout events

    def test_operator_cannot_create_a_back_dated_stockout_event_directly(self):
        Event = self.env["logistics.stockout.event"].with_user(self.operator)
        before = self._footprint()
        with self.assertRaises(AccessError):
            Event.create({"loop_id": self.loop_resupply.id, "date": "2026-01-01 06:00:00"})
        self.assertEqual(self._footprint(), before)

    def test_operator_changes_an_event_only_by_resolving_it(self):
        Event = self.env["logistics.stockout.event"].with_user(self.operator)
        self.assertEqual(
            Event.declare(barcode=self.card(self.loop_resupply).barcode)["status"], "ok"
        )
        event = self.loop_resupply.stockout_event_ids
        declared = event.date
        with self.assertRaises(AccessError):
            event.with_user(self.operator).write({"date": "2026-01-01 06:00:00"})
        with self.assertRaises(AccessError):
            event.with_user(self.operator).unlink()
        self.assertEqual(event.date, declared)
        self.assertTrue(event.with_user(self.operator).action_resolve())
        self.assertTrue(event.date_end)
        with self.assertRaises(AccessError):
            event.with_user(self.employee).action_resolve()

    def test_a_second_open_event_of_a_loop_is_refused_by_the_database(self):
        Event = self.env["logistics.stockout.event"]
        Event.create({"loop_id": self.loop_resupply.id})
        with self.assertRaises(Exception) as caught, self.env.cr.savepoint():
            Event.create({"loop_id": self.loop_resupply.id})
        self.assertIn("logistics_stockout_event_one_open_per_loop", str(caught.exception))
        self.assertEqual(len(self.loop_resupply.stockout_event_ids), 1)

    # ------------------------------------------------------------------ loops

    def test_manager_cannot_delete_a_loop_with_card_history_but_archives_it(self):
        self.assertEqual(self.scan(self.card(self.loop_resupply))["status"], "ok")
        loop = self.loop_resupply.with_user(self.manager)
        scans = loop.scan_ids
        self.assertTrue(scans)
        with self.assertRefused(UserError, "Archive it instead"):
            loop.unlink()
        self.assertTrue(self.loop_resupply.exists())
        self.assertEqual(self.loop_resupply.card_ids.mapped("state").count("replenishing"), 1)
        loop.action_archive()
        self.assertFalse(self.loop_resupply.active)
        self.assertEqual(self.loop_resupply.scan_ids, scans, "the history stays")

    def test_manager_deletes_a_loop_that_never_ran(self):
        loop = self.Loop.with_user(self.manager).create(
            self.loop_vals("T-NEW", self.bolt, self.l1b, self.route_resupply)
        )
        loop.unlink()
        self.assertFalse(loop.exists())

    def test_loop_numbers_out_of_range_are_refused(self):
        loop = self.loop_resupply.with_user(self.manager)
        for values, fragment in (
            ({"container_qty": float("nan")}, "must be a number"),
            ({"container_qty": float("inf")}, "must be a number"),
            ({"container_qty": 1e9}, "cannot exceed 1000000"),
            ({"card_count": 5000}, "more than 500 cards"),
            ({"service_level": 1.5}, "above 50 % and below 100 %"),
            ({"review_days": -1}, "between 0 and 365"),
            ({"safety_days": 4000}, "between 0 and 365"),
        ):
            with self.subTest(values=values), self.assertRefused(ValidationError, fragment):
                loop.write(values)
        self.assertEqual((self.loop_resupply.container_qty, self.loop_resupply.card_count), (10, 3))

    # ------------------------------------------------------------------ crons

    def test_lost_card_cron_flags_the_others_when_one_card_fails(self):
        # Cycle 1 day, default k = 3: the three cards of T-RS idle 10 days are all lost,
        # except the one whose write fails (a broken record): logged, left full.
        self.loop_resupply.sudo().cycle_time_days = 1.0
        first, broken, third = self.loop_resupply.card_ids
        self.loop_resupply.card_ids.date_last_move = fields.Datetime.now() - timedelta(days=10)
        Card = type(self.Card)
        write = Card.write

        def failing_write(cards, vals):
            if broken in cards and vals.get("state") == "lost":
                raise RuntimeError("broken card")
            return write(cards, vals)

        with (
            patch.object(Card, "write", failing_write),
            mute_logger("odoo.addons.industrial_logistics.models.logistics_kanban_card"),
        ):
            lost = self.Card._cron_flag_lost_cards()
        self.assertEqual(lost, first | third)
        self.assertEqual((first | third).mapped("state"), ["lost", "lost"])
        self.assertEqual(broken.state, "full")
