from datetime import datetime
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase

CIRCUIT_NAME = "MR trust race circuit"
# A Monday: the circuit below leaves at 8:00 and 14:00 (UTC calendar), 24 h horizon from 6:00.
MONDAY_6 = datetime(2031, 3, 3, 6, 0)
DEPARTURES = [datetime(2031, 3, 3, 8, 0), datetime(2031, 3, 3, 14, 0)]


class TestProductionTrustConcurrency(TransactionCase):
    """Two sessions at the same instant, through committed data in separate cursors (removed
    after): two operators declaring one part missing, and a manager's "Build next round"
    racing the scheduled action. Session B's transaction starts (its snapshot is taken)
    before session A commits, as two requests served at the same time."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    # ------------------------------------------------------------------ stockouts

    def _free_demo_loop(self):
        """A demo loop in circulation without an open stockout, its first card's barcode and
        the last event id (what the clean-up keeps)."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            Event = env["logistics.stockout.event"]
            open_loops = Event.search([("date_end", "=", False)]).loop_id
            loop = env["logistics.kanban.loop"].search(
                [("id", "not in", open_loops.ids), ("card_ids.state", "!=", "retired")], limit=1
            )
            self.assertTrue(loop)
            card = loop.card_ids.filtered(lambda c: c.state != "retired")[:1]
            last = Event.search([], order="id desc", limit=1).id or 0
            return loop.id, card.barcode, last

    def _remove_events_after(self, last_id):
        with self.registry.cursor() as cr:
            self._env(cr)["logistics.stockout.event"].search([("id", ">", last_id)]).unlink()

    def test_two_operators_declaring_one_loop_at_once_give_one_open_event(self):
        loop_id, barcode, last_id = self._free_demo_loop()
        self.addCleanup(self._remove_events_after, last_id)
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            Event_a = self._env(cr_a)["logistics.stockout.event"]
            Event_b = self._env(cr_b)["logistics.stockout.event"]
            Event_b.search_count([])  # B's transaction has begun: A's event is not in its view
            first = Event_a.declare(barcode=barcode)
            cr_a.commit()
            # B looks for an open event, finds none (its snapshot), inserts one: the unique
            # index refuses it, and B answers "already declared" instead of a crash.
            second = Event_b.declare(barcode=barcode)
            self.assertEqual(first["status"], "ok", first["message"])
            self.assertEqual(second["status"], "warning", second["message"])
            self.assertIn("already declared missing", second["message"])
        with self.registry.cursor() as cr:
            events = self._env(cr)["logistics.stockout.event"].search(
                [("loop_id", "=", loop_id), ("date_end", "=", False)]
            )
            self.assertEqual(len(events), 1, "one open event for the loop")

    # ------------------------------------------------------------------ rounds

    def _create_committed_circuit(self):
        with self.registry.cursor() as cr:
            leftover = self._env(cr)["logistics.milk.run"].search(
                [("name", "=", CIRCUIT_NAME), ("active", "in", (True, False))]
            )
        if leftover:  # from an interrupted run
            self._remove_committed_circuit(leftover.id)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            warehouse = env.ref("stock.warehouse0")
            Location = env["stock.location"]
            source = Location.create(
                {"name": f"{CIRCUIT_NAME} source", "location_id": warehouse.lot_stock_id.id}
            )
            line = Location.create(
                {"name": f"{CIRCUIT_NAME} line", "location_id": warehouse.lot_stock_id.id}
            )
            calendar = env["resource.calendar"].create({"name": CIRCUIT_NAME, "tz": "UTC"})
            milk_run = env["logistics.milk.run"].create(
                {
                    "name": CIRCUIT_NAME,
                    "source_location_id": source.id,
                    "picking_type_id": warehouse.int_type_id.id,
                    "calendar_id": calendar.id,
                    "stop_ids": [Command.create({"location_id": line.id})],
                    "departure_ids": [
                        Command.create({"departure_time": 8.0}),
                        Command.create({"departure_time": 14.0}),
                    ],
                }
            )
            return milk_run.id

    def _remove_committed_circuit(self, milk_run_id):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            milk_run = env["logistics.milk.run"].browse(milk_run_id).with_context(active_test=False)
            locations = milk_run.source_location_id | milk_run.stop_ids.location_id
            calendar = milk_run.calendar_id
            milk_run.round_ids.batch_id.unlink()
            milk_run.round_ids.unlink()
            milk_run.unlink()
            locations.unlink()
            calendar.unlink()

    def _departures(self, milk_run_id):
        with self.registry.cursor() as cr:
            rounds = self._env(cr)["logistics.milk.run.round"].search(
                [("milk_run_id", "=", milk_run_id)]
            )
            return sorted(rounds.mapped("planned_departure"))

    def test_cron_racing_build_next_round_creates_each_round_once_without_crash(self):
        milk_run_id = self._create_committed_circuit()
        self.addCleanup(self._remove_committed_circuit, milk_run_id)
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            circuit_a = self._env(cr_a)["logistics.milk.run"].browse(milk_run_id)
            circuit_b = self._env(cr_b)["logistics.milk.run"].browse(milk_run_id)
            circuit_b.read(["name"])  # B (the cron) has begun
            created_a = circuit_a._create_rounds(MONDAY_6)  # the manager's "Build next round"
            self.assertEqual(sorted(created_a.mapped("planned_departure")), DEPARTURES)
            cr_a.commit()
            # B saw no round and creates the same departures: each insert meets A's row; B
            # leaves them to A instead of failing on the duplicate key.
            created_b = circuit_b._create_rounds(MONDAY_6)
            self.assertFalse(created_b)
        self.assertEqual(self._departures(milk_run_id), DEPARTURES, "each round once")

    def test_build_next_round_racing_the_cron_says_to_try_again(self):
        milk_run_id = self._create_committed_circuit()
        self.addCleanup(self._remove_committed_circuit, milk_run_id)
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            circuit_a = self._env(cr_a)["logistics.milk.run"].browse(milk_run_id)
            circuit_b = self._env(cr_b)["logistics.milk.run"].browse(milk_run_id)
            circuit_b.read(["name"])
            circuit_a._create_rounds(MONDAY_6)  # the cron
            cr_a.commit()
            # The manager's rounds were all just made by the cron, out of B's view: a clear
            # message, not a duplicate-key error.
            with (
                patch.object(fields.Datetime, "now", return_value=MONDAY_6),
                self.assertRaisesRegex(UserError, "try again in a moment"),
            ):
                circuit_b.action_build_next_round()
        self.assertEqual(self._departures(milk_run_id), DEPARTURES)
