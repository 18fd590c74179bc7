from datetime import datetime

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase

CIRCUIT_NAME = "MR concurrent circuit"


class TestMilkRunConcurrency(TransactionCase):
    """Two drivers press "start" on the same round at the same time, from two database sessions:
    the round records one departure. The round must be committed for the second session to see
    it, so this test commits its own circuit in separate cursors and removes it afterwards."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _create_committed_round(self):
        # Each `with registry.cursor()` block commits when it ends without error.
        with self.registry.cursor() as cr:
            leftover = self._env(cr)["logistics.milk.run"].search(
                [("name", "=", CIRCUIT_NAME), ("active", "in", (True, False))]
            )
        if leftover:  # from an interrupted run
            self._remove_committed_circuit(leftover.id)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            stock = env.ref("stock.warehouse0").lot_stock_id
            Location = env["stock.location"]
            source = Location.create(
                {"name": "MR concurrent source", "location_id": stock.id, "usage": "internal"}
            )
            line = Location.create(
                {
                    "name": "MR concurrent line",
                    "location_id": stock.id,
                    "usage": "internal",
                    "posx": 30,
                    "barcode": "MR-CONCURRENT-LINE",
                }
            )
            milk_run = env["logistics.milk.run"].create(
                {
                    "name": CIRCUIT_NAME,
                    "source_location_id": source.id,
                    "picking_type_id": env.ref("stock.warehouse0").int_type_id.id,
                    "stop_ids": [Command.create({"location_id": line.id})],
                    "departure_ids": [Command.create({"departure_time": 8.0})],
                }
            )
            round_ = env["logistics.milk.run.round"].create(
                {"milk_run_id": milk_run.id, "planned_departure": datetime(2031, 3, 3, 8, 0)}
            )
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
