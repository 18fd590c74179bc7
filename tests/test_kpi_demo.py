from datetime import datetime, time, timedelta

from odoo import fields

from .common import LogisticsCase


class TestKpiDemo(LogisticsCase):
    """On a fresh demo database, the dashboard's last 30 days show figures, not "n/a"
    (demo/logistics_kpi_demo_activity.xml, demo/logistics_kpi_demo.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.require_demo("industrial_logistics.demo_milk_run_lines")
        today = cls.today = fields.Date.context_today(cls.env["logistics.kpi.dashboard"])
        cls.data = cls.env["logistics.kpi.dashboard"].get_dashboard_data(
            today - timedelta(days=29), today
        )
        cls.headlines = {row["code"]: row["value"] for row in cls.data["headlines"]}

    def test_line_fill_rate_and_otif_come_from_the_demo_deliveries(self):
        # 4 orders, 5 lines: FG01 4/4 + FG02 2/2 on time; FG03 6/6 on time; FG01 3/3 a day
        # late; FG02 4 of 5 on time, the last one in a backorder two days later.
        # Lines in full 4/5 = 80 %; orders on time and in full 2/4 = 50 %.
        service = self.data["kpis"]["service"]
        self.assertEqual((service["lines"], service["lines_in_full"]), (5, 4))
        self.assertEqual((service["orders_done"], service["orders_otif"]), (4, 2))
        self.assertEqual(self.headlines["line_fill_rate"], 80.0)
        self.assertEqual(self.headlines["otif_rate"], 50.0)

    def test_milk_run_punctuality_and_stop_window_come_from_the_demo_rounds(self):
        # 3 done rounds left 2, 3 and 20 minutes late (tolerance 5): 2/3 on time; their
        # 3 stops each reached as late as the departure: 6/9 within window. The demo round
        # in Loading has not left and reached nothing.
        milk_run = self.data["kpis"]["milk_run"]
        self.assertEqual((milk_run["departed"], milk_run["departed_on_time"]), (3, 2))
        self.assertEqual((milk_run["stops_reached"], milk_run["stops_in_window"]), (9, 6))
        self.assertEqual(self.headlines["milk_run_punctuality"], 66.67)
        self.assertEqual(self.headlines["milk_run_stop_window"], 66.67)

    def test_train_fill_and_containers_per_round_come_from_the_demo_rounds(self):
        # The 3 done rounds carried 5, 4 and 6 one-container kanban replenishments on a
        # 6-container train: fills 5/6, 4/6 and 6/6. The demo round in Loading carries 6 of
        # the 7 waiting kanban transfers (6/6); it is in the period when its departure falls
        # by the end of today (an install before the day's last departure, 20:00):
        #   with it:    fill (5/6 + 4/6 + 1 + 1) / 4 = 3.5 / 4 = 87.5 %,
        #               containers (5 + 4 + 6 + 6) / 4 = 5.25 per round
        #   without it: fill (5/6 + 4/6 + 1) / 3 = 2.5 / 3 = 83.33 %,
        #               containers (5 + 4 + 6) / 3 = 5.0 per round
        milk_run = self.env.ref("industrial_logistics.demo_milk_run_lines")
        done = milk_run.round_ids.filtered(lambda r: r.state == "done").sorted("planned_departure")
        self.assertEqual(done.mapped("containers"), [5, 4, 6])
        self.assertEqual([len(round_.picking_ids) for round_ in done], [5, 4, 6])
        self.assertEqual(set(done.picking_ids.mapped("state")), {"done"})
        for round_ in done:
            # every stop of a done round dropped what it carried for its line
            self.assertEqual(sum(round_.round_stop_ids.mapped("containers")), round_.containers)
            self.assertTrue(all(round_.round_stop_ids.mapped("containers")))
        loading = milk_run.round_ids.filtered(lambda r: r.state == "loading")
        self.assertEqual((loading.containers, loading.fill_ratio), (6, 1.0))
        in_period = loading.planned_departure <= datetime.combine(self.today, time.max)
        kpis = self.data["kpis"]["milk_run"]
        if in_period:
            self.assertEqual((kpis["rounds"], kpis["containers"]), (4, 21))
            self.assertEqual(self.headlines["milk_run_fill"], 87.5)
            self.assertEqual(kpis["containers_per_round"], 5.25)
        else:
            self.assertEqual((kpis["rounds"], kpis["containers"]), (3, 15))
            self.assertEqual(self.headlines["milk_run_fill"], 83.33)
            self.assertEqual(kpis["containers_per_round"], 5.0)

    def test_record_accuracy_comes_from_the_demo_count(self):
        # L3-B holds 3 components (class C, tolerance 5 %): the first, 75 booked, is found at
        # 37 (-50.7 %, out), the 2 others exact (75 and 300): hit rate 2/3 = 66.67 %.
        accuracy = self.data["kpis"]["accuracy"]
        self.assertEqual((accuracy["lines"], accuracy["lines_within_tolerance"]), (3, 2))
        self.assertEqual(self.headlines["count_hit_rate"], 66.67)
        task = self.env["logistics.count.task"].search(
            [
                ("location_id", "=", self.env.ref("industrial_logistics.demo_location_line3_b").id),
                ("is_recount", "=", False),
                ("date_counted", "!=", False),
            ]
        )
        self.assertEqual(task.state, "done")
        self.assertEqual(
            task.counter_id, self.env.ref("industrial_logistics.demo_user_storekeeper")
        )
        # the shortage was posted by the manager: no recount is left open for today
        self.assertEqual(task.recount_task_ids.state, "cancelled")
