from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common_milk_run import MilkRunCase


class TestProductionTrustMilkRun(MilkRunCase):
    """Issue 11, rounds: rounds and their stops change only through the driver flow, the
    history of a circuit is not deleted, and the scheduled action isolates its circuits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        storekeeper = "industrial_logistics.group_logistics_storekeeper"
        cls.driver = new_test_user(cls.env, "trust_driver", groups=storekeeper)
        cls.other_driver = new_test_user(cls.env, "trust_other_driver", groups=storekeeper)
        cls.manager = new_test_user(
            cls.env, "trust_mr_manager", groups="industrial_logistics.group_logistics_manager"
        )

    def setUp(self):
        super().setUp()
        self.picking_a = self.make_picking(self.spot_a, [(self.product, 5)], self.monday_8)
        self.round = self.make_round()
        self.round.action_build()
        self.assertEqual(self.round.state, "loading")
        self.round_stop = self.round.round_stop_ids
        self.assertEqual(len(self.round_stop), 1)

    def _snapshot(self):
        return (
            self.round.state,
            self.round.actual_return,
            self.round.round_stop_ids,
            self.round_stop.state,
            self.picking_a.milk_run_round_id,
            self.picking_a.state,
        )

    def _deliver(self):
        """The driver runs the round to the end through the driver screen's calls."""
        round_ = self.round.with_user(self.driver)
        round_.action_start()
        stop_id = round_.action_scan_location("MR-A1")
        self.env["logistics.milk.run.round.stop"].with_user(self.driver).browse(
            stop_id
        ).action_confirm_drop()
        round_.action_finish()
        self.assertEqual(self.round.state, "done")

    def test_storekeeper_cannot_delete_a_round_stop(self):
        before = self._snapshot()
        with self.assertRaises(AccessError):
            self.round_stop.with_user(self.driver).unlink()
        self.assertTrue(self.round_stop.exists())
        self.assertEqual(self._snapshot(), before)

    def test_storekeeper_cannot_write_done_on_a_round_not_delivered(self):
        before = self._snapshot()
        with self.assertRaises(AccessError):
            self.round.with_user(self.driver).write({"state": "done"})
        with self.assertRaises(AccessError):
            self.round_stop.with_user(self.driver).write({"state": "done"})
        self.round.with_user(self.driver).action_start()
        with self.assertRefused(UserError, "Drop at every stop before finishing"):
            self.round.with_user(self.driver).action_finish()
        self.assertEqual(self.round.state, "on_route")
        self.assertEqual(self.picking_a.milk_run_round_id, self.round)
        self.assertEqual(self.round_stop.state, before[3])

    def test_manager_cannot_force_a_state_nor_edit_a_done_round(self):
        with self.assertRefused(UserError, "only through its buttons"):
            self.round.with_user(self.manager).write({"state": "done"})
        with self.assertRefused(UserError, "only from the driver screen"):
            self.round_stop.with_user(self.manager).write({"state": "done"})
        self.assertEqual(self.round.state, "loading")
        self._deliver()
        returned = self.round.actual_return
        with self.assertRefused(UserError, "its facts are kept"):
            self.round.with_user(self.manager).write({"actual_return": returned + timedelta(1)})
        with self.assertRefused(UserError, "has run"):
            self.round.with_user(self.manager).unlink()
        with self.assertRefused(UserError, "kept for the KPIs"):
            self.round_stop.with_user(self.manager).unlink()
        self.assertEqual((self.round.state, self.round.actual_return), ("done", returned))
        self.assertTrue(self.round_stop.exists())

    def test_manager_cannot_delete_a_circuit_with_rounds_but_archives_it(self):
        with self.assertRefused(UserError, "Archive it instead"):
            self.milk_run.with_user(self.manager).unlink()
        self.milk_run.with_user(self.manager).action_archive()
        self.assertFalse(self.milk_run.active)
        self.assertEqual(self.round.milk_run_id, self.milk_run, "its rounds stay")

    def test_manager_keeps_configuring_the_circuit(self):
        self.milk_run.with_user(self.manager).write({"capacity_containers": 6, "horizon_hours": 48})
        self.assertEqual(self.milk_run.capacity_containers, 6)

    def test_round_of_one_train_is_run_by_its_driver_only(self):
        self.round.with_user(self.driver).action_start()
        self.assertEqual(self.round.user_id, self.driver)
        with self.assertRefused(AccessError, "is driven by trust_driver"):
            self.round.with_user(self.other_driver).action_scan_location("MR-A1")
        with self.assertRaises(AccessError):
            self.round_stop.with_user(self.other_driver).action_confirm_drop()
        self.assertFalse(self.round_stop.actual_arrival)
        self.assertEqual(self.picking_a.state, "assigned")
        # A manager may take over (a driver fallen ill).
        self.round.with_user(self.manager).action_scan_location("MR-A1")
        self.assertTrue(self.round_stop.actual_arrival)

    def test_operator_cannot_run_a_round(self):
        operator = new_test_user(
            self.env, "trust_mr_operator", groups="industrial_logistics.group_logistics_operator"
        )
        with self.assertRaises(AccessError):
            self.round.with_user(operator).action_start()
        self.assertEqual(self.round.state, "loading")

    def test_circuit_numbers_out_of_range_are_refused(self):
        circuit = self.milk_run.with_user(self.manager)
        for values, fragment in (
            ({"routing_time_budget_s": 600}, "cannot exceed 60"),
            ({"horizon_hours": 10_000}, "cannot exceed 336"),
            ({"speed_m_per_min": 50_000}, "cannot exceed 1000"),
            ({"vehicle_count": 0}, "at least one train"),
            ({"capacity_weight": -1}, "cannot be negative"),
            ({"speed_m_per_min": float("nan")}, "must be a number"),
            ({"capacity_containers": float("inf")}, "must be a number"),
        ):
            with self.subTest(values=values), self.assertRefused(ValidationError, fragment):
                circuit.write(values)
        with self.assertRefused(ValidationError, "240 minutes"):
            self.stop_a.with_user(self.manager).handling_minutes = 1000
        self.assertEqual(self.milk_run.routing_time_budget_s, 0.2)

    @contextmanager
    def assertRefused(self, exception, fragment):
        """assertRaises (which rolls the failed operation back) and the message says why."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(fragment, str(caught.exception))


class TestMilkRunCronIsolation(MilkRunCase):
    """One circuit that fails does not stop the scheduled action for the others."""

    def test_a_failing_circuit_is_logged_and_the_others_get_their_rounds(self):
        broken = self.milk_run.copy({"name": "MR broken"})
        MilkRun = type(self.env["logistics.milk.run"])
        planned_departures = MilkRun._planned_departures

        def failing(circuit, start, end):
            if circuit == broken:
                raise ValueError("broken calendar")
            return planned_departures(circuit, start, end)

        Round = self.env["logistics.milk.run.round"]
        now = self.monday_8 - timedelta(hours=2)  # Monday 6:00, departures at 8:00 and 14:00
        with (
            patch.object(MilkRun, "_planned_departures", failing),
            patch.object(fields.Datetime, "now", return_value=now),
            mute_logger("odoo.addons.industrial_logistics.models.logistics_milk_run_planning"),
        ):
            self.env["logistics.milk.run"]._cron_plan_rounds()
        self.assertFalse(Round.search([("milk_run_id", "=", broken.id)]))
        made = Round.search([("milk_run_id", "=", self.milk_run.id)])
        # 24 h horizon from Monday 6:00: Monday 8:00 and 14:00 (Tuesday 8:00 is 26 h away).
        self.assertEqual(
            sorted(made.mapped("planned_departure")),
            [self.monday_8, self.monday_8 + timedelta(hours=6)],
        )

    def test_creating_rounds_twice_creates_nothing_more(self):
        now = self.monday_8 - timedelta(hours=2)
        first = self.milk_run._create_rounds(now)
        self.assertEqual(len(first), 2)
        self.assertFalse(self.milk_run._create_rounds(now))
