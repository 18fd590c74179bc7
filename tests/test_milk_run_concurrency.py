from datetime import datetime, timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase

CIRCUIT_NAME = "MR concurrent circuit"


class TestMilkRunConcurrency(TransactionCase):
    """Two drivers press "start" on the same round at the same time, from two database sessions:
    the round records one departure. The round must be committed for the second session to see
    it, so this test commits its own circuit in separate cursors and removes it afterwards."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _create_committed_round(self, name=CIRCUIT_NAME, departure=None, build=True):
        """A committed circuit (source and stop of its own, so that no demo transfer is taken)
        with one round; built (loading) unless told otherwise."""
        # Each `with registry.cursor()` block commits when it ends without error.
        with self.registry.cursor() as cr:
            leftover = self._env(cr)["logistics.milk.run"].search(
                [("name", "=", name), ("active", "in", (True, False))]
            )
        if leftover:  # from an interrupted run
            self._remove_committed_circuit(leftover.id)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            stock = env.ref("stock.warehouse0").lot_stock_id
            Location = env["stock.location"]
            source = Location.create(
                {"name": f"{name} source", "location_id": stock.id, "usage": "internal"}
            )
            line = Location.create(
                {
                    "name": f"{name} line",
                    "location_id": stock.id,
                    "usage": "internal",
                    "posx": 30,
                }
            )
            milk_run = env["logistics.milk.run"].create(
                {
                    "name": name,
                    "source_location_id": source.id,
                    "picking_type_id": env.ref("stock.warehouse0").int_type_id.id,
                    "stop_ids": [Command.create({"location_id": line.id})],
                    "departure_ids": [Command.create({"departure_time": 8.0})],
                }
            )
            round_ = env["logistics.milk.run.round"].create(
                {
                    "milk_run_id": milk_run.id,
                    "planned_departure": departure or datetime(2031, 3, 3, 8, 0),
                }
            )
            if build:
                round_.action_build()
                self.assertEqual(round_.state, "loading")
            return milk_run.id, round_.id

    def _remove_committed_circuit(self, milk_run_id):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            milk_run = env["logistics.milk.run"].browse(milk_run_id).with_context(active_test=False)
            locations = milk_run.source_location_id | milk_run.stop_ids.location_id
            milk_run.round_ids.batch_id.unlink()
            milk_run.round_ids.unlink()
            milk_run.unlink()
            locations.unlink()

    def test_two_simultaneous_starts_of_one_round_record_one_departure(self):
        milk_run_id, round_id = self._create_committed_round()
        self.addCleanup(self._remove_committed_circuit, milk_run_id)

        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            round_a = self._env(cr_a)["logistics.milk.run.round"].browse(round_id)
            round_b = self._env(cr_b)["logistics.milk.run.round"].browse(round_id)
            # Without the round's row lock B would wait on A's uncommitted update: give up after
            # 2 s (an error other than the expected refusal) rather than hang the test.
            cr_b.execute("SET LOCAL lock_timeout = '2s'")
            # Both drivers see the round loading, ready to leave.
            self.assertEqual(round_a.state, "loading")
            self.assertEqual(round_b.state, "loading")
            # Driver A starts: the round's row stays locked until A's transaction commits...
            round_a.action_start()
            departed_a = round_a.actual_departure
            # ...so driver B, pressing start meanwhile, is turned away at once and writes nothing.
            with self.assertRaisesRegex(UserError, "Someone else is working on this round"):
                round_b.action_start()
            self.assertEqual(round_b.state, "loading", "B's session changed nothing")
            self.assertFalse(round_b.actual_departure)
            # B's transaction is still usable after the refusal (the lock ran in a savepoint).
            cr_b.execute("SELECT 1")
            cr_b.rollback()
        # A commits as its block ends.

        # After both, a third start is refused as "already left", with A's departure kept.
        with self.registry.cursor() as cr:
            round_ = self._env(cr)["logistics.milk.run.round"].browse(round_id)
            with self.assertRaisesRegex(UserError, "already left"):
                round_.action_start()
            self.assertEqual(round_.state, "on_route")
            self.assertEqual(round_.actual_departure, departed_a)
            cr.execute(
                "SELECT count(*) FROM mail_tracking_value v "
                "JOIN ir_model_fields f ON f.id = v.field_id "
                "JOIN mail_message m ON m.id = v.mail_message_id "
                "WHERE m.model = 'logistics.milk.run.round' AND m.res_id = %s "
                "AND f.name = 'actual_departure'",
                (round_id,),
            )
            self.assertEqual(cr.fetchone()[0], 1, "one departure recorded in the round's history")

    def test_scheduled_build_skips_a_round_being_started_and_builds_the_others(self):
        # Two circuits, each with a round leaving in 5 minutes (cut-off 15 minutes: passed).
        soon = fields.Datetime.now() + timedelta(minutes=5)
        circuits = [
            self._create_committed_round(name, departure=soon, build=False)
            for name in (CIRCUIT_NAME, f"{CIRCUIT_NAME} 2")
        ]
        for milk_run_id, _round_id in circuits:
            self.addCleanup(self._remove_committed_circuit, milk_run_id)
        (_first, busy_id), (_second, free_id) = circuits

        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            # A driver's session holds the first round's row (starting it right now)...
            cr_a.execute(
                "SELECT id FROM logistics_milk_run_round WHERE id = %s FOR UPDATE", (busy_id,)
            )
            # ...while the scheduled action runs in another session: it does not fail, it
            # builds the other circuit's round and leaves the busy one for its next run.
            self._env(cr_b)["logistics.milk.run"]._cron_plan_rounds()
            Round = self._env(cr_b)["logistics.milk.run.round"]
            self.assertEqual(Round.browse(free_id).state, "loading")
            self.assertEqual(Round.browse(busy_id).state, "planned")
            # Nothing of this run is kept: the scheduled action also touched the demo circuit.
            cr_b.rollback()
            cr_a.rollback()
