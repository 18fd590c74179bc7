from odoo import fields

from .common import LogisticsCase


class TestCycleCountDemo(LogisticsCase):
    """The demo's counts for the storekeeper are dated from the day the demo was installed, so a
    new database always opens with counts due, whatever day that is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.storekeeper = cls.require_demo("industrial_logistics.demo_user_storekeeper")
        cls.today_tasks = cls.env.ref(
            "industrial_logistics.demo_count_task_today_supermarket"
        ) | cls.env.ref("industrial_logistics.demo_count_task_today_line1_a")

    def test_todays_demo_counts_are_due_on_the_install_day(self):
        for task in self.today_tasks:
            installed_on = fields.Datetime.to_datetime(task.create_date).date()
            self.assertEqual(task.date_planned, installed_on, task.name)
            self.assertEqual(task.user_id, self.storekeeper)
            self.assertEqual(task.state, "planned")

    def test_the_demo_storekeeper_finds_them_in_my_counts_today(self):
        mine = self.env["logistics.count.task"].with_user(self.storekeeper).get_my_counts_today()
        self.assertLessEqual(set(self.today_tasks.ids), {task["id"] for task in mine})

    def test_the_demo_plan_covers_the_next_month_from_the_install_day(self):
        plan = self.env.ref("industrial_logistics.demo_count_plan_next_month")
        installed_on = fields.Datetime.to_datetime(plan.create_date).date()
        self.assertEqual((plan.date_from - installed_on).days, 1)
        self.assertEqual(plan.state, "planned")
        self.assertTrue(plan.task_ids)
        self.assertTrue(
            all(
                plan.date_from <= day <= plan.date_to
                for day in plan.task_ids.mapped("date_planned")
            )
        )
