from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_cycle_count import MONDAY, CycleCountCase


@tagged("post_install", "-at_install")
class TestCountBadInput(CycleCountCase):
    def test_an_absurd_counted_quantity_is_refused_and_nothing_is_counted(self):
        task = self._count(self._task(self.loc_a, self.storekeeper_1), {}, self.storekeeper_1)
        line = task.line_ids
        for quantity, message in (
            (float("nan"), "must be a number"),
            (float("inf"), "must be a number"),
            (-float("inf"), "must be a number"),
            (-1, "cannot be negative"),
            (4006381333931.0, "cannot be in one location"),  # an EAN typed as a quantity
            ("12", "as a number"),
            (True, "as a number"),
            (0.001, "by steps of"),  # Units are counted by 0.01
        ):
            with self.subTest(quantity=quantity), self.assertRefused(ValidationError, message):
                task.action_set_counted_qty(line.id, quantity)
        line.invalidate_recordset()
        self.assertEqual((line.is_counted, line.counted_qty, line.counted_at), (False, 0, False))
        # a sane figure goes through
        task.action_set_counted_qty(line.id, 12.5)
        self.assertEqual(line.counted_qty, 12.5)

    def test_a_manager_cannot_type_an_absurd_quantity_in_the_form_either(self):
        task = self._count(self._task(self.loc_a, self.storekeeper_1), {}, self.storekeeper_1)
        line = task.line_ids.with_user(self.manager)
        with self.assertRefused(ValidationError, "must be a number"):
            line.write({"counted_qty": float("nan")})  # what the form sends
        line.invalidate_recordset()
        self.assertFalse(line.is_counted)

    def test_count_policy_figures_out_of_range_are_refused(self):
        policy = self.policy.with_user(self.manager)
        before = policy.read(
            ["tolerance_a", "tolerance_c", "counts_per_year_b", "daily_capacity", "period_days"]
        )
        for vals, message in (
            ({"tolerance_a": 101}, "between 0 and 100"),
            ({"tolerance_c": -0.5}, "between 0 and 100"),
            ({"counts_per_year_b": -1}, "cannot be negative"),
            ({"counts_per_year_a": 251}, "at most once per working day"),
            ({"daily_capacity": -1}, "between 0 and 1000"),
            ({"daily_capacity": 100000}, "between 0 and 1000"),
            ({"period_days": 0}, "between 1 and 3650"),
            ({"period_days": 100000}, "between 1 and 3650"),
        ):
            with self.subTest(vals=vals), self.assertRefused(ValidationError, message):
                policy.write(vals)
            policy.invalidate_recordset()
        self.assertEqual(
            policy.read(
                ["tolerance_a", "tolerance_c", "counts_per_year_b", "daily_capacity", "period_days"]
            ),
            before,
        )
        policy.write({"tolerance_a": 100, "tolerance_b": 0, "counts_per_year_c": 0})
        self.assertEqual(policy.tolerance_a, 100)

    def test_a_plan_longer_than_two_years_is_refused(self):
        Plan = self.env["logistics.count.plan"].with_user(self.manager)
        with self.assertRefused(ValidationError, "at most 731 days"):
            Plan.create(
                {
                    "warehouse_id": self.warehouse.id,
                    "date_from": MONDAY,
                    "date_to": MONDAY + timedelta(days=800),
                }
            )
        self.assertFalse(Plan.search([("warehouse_id", "=", self.warehouse.id)]))
