from datetime import datetime, time, timedelta

import pytz

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_cycle_count import MONDAY, CycleCountCase


class TestCountPlan(CycleCountCase):
    def _plan(self, date_from, date_to):
        return self.env["logistics.count.plan"].create(
            {"warehouse_id": self.warehouse.id, "date_from": date_from, "date_to": date_to}
        )

    def test_plan_counts_each_stocked_location_levelled_over_working_days(self):
        # 2 weeks = 10 working days; LOC-A (A, 12/yr), LOC-B (B, 4/yr), LOC-C (C, 1/yr) never
        # counted: one overdue count each, next ones > 20 working days away. LOC-EMPTY holds
        # nothing. Average 3 / 10 = 0.3 -> at most ceil = 1 a day: days 0, 1, 2.
        plan = self._planned()
        tasks = plan.task_ids.sorted("date_planned")
        self.assertEqual(plan.working_day_count, 10)
        self.assertEqual(tasks.location_id, self.loc_a | self.loc_b | self.loc_c)
        self.assertEqual(
            tasks.mapped("date_planned"), [MONDAY, MONDAY + timedelta(1), MONDAY + timedelta(2)]
        )
        self.assertTrue(all(tasks.mapped("overdue")))
        self.assertEqual((plan.daily_load_min, plan.daily_load_max), (0, 1))
        self.assertEqual(plan.daily_capacity, 4)  # 2 a day x 2 storekeepers
        self.assertEqual(plan.unplaced_count, 0)
        self.assertEqual(
            dict(zip(tasks.location_id, tasks.mapped("abc_class"), strict=True)),
            {self.loc_a: "A", self.loc_b: "B", self.loc_c: "C"},
        )
        # each count goes to the storekeeper with the fewest so far: 1, 2, 1
        self.assertEqual([task.user_id.login for task in tasks], ["ctw_sk1", "ctw_sk2", "ctw_sk1"])

    def test_a_location_is_counted_as_often_as_its_highest_class(self):
        # P-C (class C) joins LOC-A (class A): LOC-A stays class A, 12 a year; over a quarter
        # from a count done the day before the horizon it comes back every 250 / 12 = 20.8 days
        self.env["stock.quant"]._update_available_quantity(self.product_c, self.loc_a, 5)
        plan = self._planned(MONDAY + timedelta(days=90))
        loc_a_tasks = plan.task_ids.filtered(lambda task: task.location_id == self.loc_a)
        self.assertEqual(set(loc_a_tasks.mapped("abc_class")), {"A"})
        # overdue on day 0, then due at 20.8, 41.7, 62.5 -> 3 more within 65 working days
        self.assertEqual(len(loc_a_tasks), 4)

    def test_replanning_keeps_started_tasks(self):
        plan = self._planned()
        started = plan.task_ids.filtered(lambda task: task.location_id == self.loc_a)
        started.action_start()
        plan.action_plan()
        self.assertIn(started, plan.task_ids)
        self.assertEqual(started.state, "in_progress")
        # LOC-A is not counted a second time: its started task is its count
        self.assertEqual(len(plan.task_ids), 3)
        self.assertEqual(len(plan.task_ids.filtered(lambda t: t.location_id == self.loc_a)), 1)

    def test_plan_without_working_day_is_refused_and_creates_nothing(self):
        saturday = MONDAY + timedelta(days=5)
        plan = self._plan(saturday, saturday + timedelta(days=1))
        with self.assertRaisesRegex(UserError, "No working day"):
            plan.action_plan()
        self.assertFalse(plan.task_ids)
        self.assertEqual(plan.state, "draft")

    def test_counts_beyond_capacity_are_reported_not_dropped(self):
        # 1 count a day for the warehouse over 2 days; 3 overdue counts -> 2 planned, 1 reported
        self.policy.write({"capacity_basis": "warehouse", "daily_capacity": 1})
        plan = self._planned(MONDAY + timedelta(days=1))
        self.assertEqual(len(plan.task_ids), 2)
        self.assertEqual(plan.unplaced_count, 1)
        self.assertIn("1 counts do not fit", plan.unplaced_note)
        self.assertIn("LOC-C", plan.unplaced_note)

    def test_task_creation_queries_do_not_grow_with_the_batch(self):
        # one INSERT for the batch and one for the computed names, whatever its size
        vals = {
            "warehouse_id": self.warehouse.id,
            "location_id": self.loc_a.id,
            "date_planned": MONDAY,
            "user_id": self.storekeeper_1.id,
            "abc_class": "A",
        }
        Task = self.env["logistics.count.task"]
        Task.create([vals])  # warm the caches
        self.env.flush_all()
        with self.assertQueryCount(__system__=2):
            Task.create([vals] * 10)
            self.env.flush_all()
        with self.assertQueryCount(__system__=2):
            Task.create([vals] * 100)
            self.env.flush_all()


@tagged("post_install", "-at_install")
class TestCountCapacityWithLeaves(CycleCountCase):
    """Two storekeepers, 2 counts a day each; ctw_sk2 is on leave on Tuesday and Wednesday of
    the week of MONDAY: capacity 4, 2, 2, 4, 4 (16 over the week)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.company.resource_calendar_id
        resource = cls.env["resource.resource"].create(
            {
                "name": "ctw_sk2",
                "user_id": cls.storekeeper_2.id,
                "calendar_id": cls.calendar.id,
                "company_id": cls.company.id,
            }
        )
        tz = pytz.timezone(cls.calendar.tz or "UTC")

        def utc(day, moment):
            return (
                tz.localize(datetime.combine(day, moment)).astimezone(pytz.UTC).replace(tzinfo=None)
            )

        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Time off",
                "resource_id": resource.id,
                "calendar_id": cls.calendar.id,
                "date_from": utc(MONDAY + timedelta(days=1), time.min),
                "date_to": utc(MONDAY + timedelta(days=2), time(23, 59)),
            }
        )
        # 13 more locations holding P-C (never counted: overdue) -> 16 with LOC-A, B, C
        cls.extra_locations = cls.env["stock.location"].create(
            [
                {
                    "name": f"LOC-X{index:02d}",
                    "location_id": cls.warehouse.lot_stock_id.id,
                    "usage": "internal",
                }
                for index in range(14)
            ]
        )
        for location in cls.extra_locations[:13]:
            cls.env["stock.quant"]._update_available_quantity(cls.product_c, location, 1)

    def _loads(self, plan):
        tasks = plan.task_ids
        return [
            len(tasks.filtered(lambda task, d=MONDAY + timedelta(offset): task.date_planned == d))
            for offset in range(5)
        ]

    def test_storekeepers_on_leave_reduce_the_day_capacity(self):
        days = [MONDAY + timedelta(offset) for offset in range(5)]
        present = self.policy._storekeepers_present(days)
        self.assertEqual([len(present[day]) for day in days], [2, 1, 1, 2, 2])
        self.assertEqual(list(self.policy._daily_capacities(present).values()), [4, 2, 2, 4, 4])
        # for the warehouse: 4 a day scaled by the share present -> 4 x 1 / 2 = 2 on leave days
        self.policy.write({"capacity_basis": "warehouse", "daily_capacity": 4})
        self.assertEqual(list(self.policy._daily_capacities(present).values()), [4, 2, 2, 4, 4])

    def test_leave_days_get_half_the_counts_and_only_the_storekeeper_present(self):
        # 16 overdue counts, capacity 16: each day's share = its capacity -> 4, 2, 2, 4, 4
        plan = self._planned(MONDAY + timedelta(4))
        self.assertEqual(self._loads(plan), [4, 2, 2, 4, 4])
        self.assertEqual(plan.unplaced_count, 0)
        leave_days = (MONDAY + timedelta(1), MONDAY + timedelta(2))
        on_leave_days = plan.task_ids.filtered(lambda task: task.date_planned in leave_days)
        self.assertEqual(on_leave_days.user_id, self.storekeeper_1)
        # the other days are shared 2 / 2
        monday = plan.task_ids.filtered(lambda task: task.date_planned == MONDAY)
        self.assertEqual(
            sorted(task.user_id.login for task in monday),
            ["ctw_sk1", "ctw_sk1", "ctw_sk2", "ctw_sk2"],
        )

    def test_beyond_capacity_overdue_counts_go_first_and_no_day_is_overfilled(self):
        # LOC-A (A, 12 a year) was counted 28 days before MONDAY: 28 x 250 / 365 = 19.2 working
        # days ago, due again 250 / 12 = 20.8 after -> working day 1.65 -> Wednesday, not overdue.
        # One more never-counted location: 16 overdue + LOC-A = 17 counts for 16 places.
        done = self._task(self.loc_a, self.storekeeper_1)
        done.write({"date_planned": MONDAY - timedelta(28), "state": "done"})
        self.env["stock.quant"]._update_available_quantity(
            self.product_c, self.extra_locations[13], 1
        )
        plan = self._planned(MONDAY + timedelta(4))
        self.assertEqual(self._loads(plan), [4, 2, 2, 4, 4])
        self.assertEqual(plan.unplaced_count, 1)
        self.assertIn("LOC-A", plan.unplaced_note)
        self.assertNotIn(self.loc_a, plan.task_ids.location_id)
        self.assertTrue(all(plan.task_ids.mapped("overdue")))
