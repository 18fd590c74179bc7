from odoo.tests import tagged

from .common_kpi import KpiFixtureCase


@tagged("post_install", "-at_install")
class TestLogisticsKpiFamilies(KpiFixtureCase):
    """The kanban, stockout, milk-run and accuracy families on the fixture."""

    def test_kanban_cards_by_state_and_scan_to_receipt_lead_time(self):
        kanban = self.kpis()["kanban"]
        counts = {row["state"]: row["count"] for row in kanban["cards"]}
        self.assertEqual(
            counts, {"full": 1, "empty": 1, "replenishing": 1, "lost": 1, "retired": 0}
        )
        self.assertEqual(kanban["cards_in_circulation"], 4)
        # received in the period: 4 h, 10 h, 30 h (the one received on day -2 and the one
        # still on its way are left out). Median 10 h; average (4 + 10 + 30) / 3 = 14.667 h
        self.assertEqual(kanban["receipts"], 3)
        self.assertEqual(kanban["lead_time_median_hours"], 10.0)
        self.assertEqual(kanban["lead_time_average_hours"], 14.67)

    def test_line_stockouts_declared_come_with_the_stockout_rate(self):
        stockout = self.kpis()["stockout"]
        # B's 25 days at 0 plus A's 2 days with a line stockout open (days 3 and 12): 27 / 90
        self.assertEqual(stockout["stockout_rate"], 30.0)
        # day 3 10:00-14:00 = 4 h, day 12 08:00-09:30 = 1.5 h; day 40 is after the period
        self.assertEqual((stockout["events_count"], stockout["events_open"]), (2, 0))
        self.assertEqual(stockout["events_hours"], 5.5)
        self.assertEqual(stockout["events_average_hours"], 2.75)

    def test_a_line_stockout_still_open_counts_until_the_end_of_the_period(self):
        self.env["logistics.stockout.event"].create(
            {"loop_id": self.loop.id, "date": self.day(29, 20)}
        )
        stockout = self.kpis()["stockout"]
        # open since day 29 20:00, the period ends at midnight: 4 h more. 5.5 + 4 = 9.5 h / 3
        self.assertEqual((stockout["events_count"], stockout["events_open"]), (3, 1))
        self.assertEqual(stockout["events_hours"], 9.5)
        self.assertEqual(stockout["events_average_hours"], 3.17)

    def test_milk_run_punctuality_fill_containers_and_overflow(self):
        milk_run = self.kpis()["milk_run"]
        # R1 left 3 min late (tolerance 5: on time), R2 20 min late: 1 / 2 = 50 %
        self.assertEqual((milk_run["rounds"], milk_run["departed"]), (2, 2))
        self.assertEqual(milk_run["punctuality_rate"], 50.0)
        # stops reached: R1 08:12 (window 08:05-08:15) and 08:24 (08:15-08:25), R2 08:30
        # (08:05-08:15): 2 within / 3 reached = 66.67 %; R2's second stop was not reached
        self.assertEqual((milk_run["stops_in_window"], milk_run["stops_reached"]), (2, 3))
        self.assertEqual(milk_run["stop_window_rate"], 66.67)
        # fill (0.75 + 1.0) / 2 = 87.5 %; containers (3 + 4) / 2 = 3.5; overflow 0 + 2
        self.assertEqual(milk_run["fill_rate"], 87.5)
        self.assertEqual(milk_run["containers_per_round"], 3.5)
        self.assertEqual(milk_run["overflow_count"], 2)
        [circuit] = milk_run["circuits"]
        self.assertEqual((circuit["name"], circuit["rounds"]), ("KPI circuit", 2))

    def test_inventory_record_accuracy_from_the_cycle_counts(self):
        accuracy = self.kpis()["accuracy"]
        # A |98 - 100| = 2 <= 5 % of 100; B |7 - 10| = 3 > 0.5; C |51 - 50| = 1 <= 2.5
        # hit rate 2 / 3 = 66.67 %; quantity-weighted (160 - 6) / 160 = 96.25 %
        self.assertEqual((accuracy["lines"], accuracy["lines_within_tolerance"]), (3, 2))
        self.assertEqual(accuracy["hit_rate"], 66.67)
        self.assertEqual(accuracy["quantity_accuracy"], 96.25)
        # value: A -2 x 10 = -20, B -3 x 5 = -15, C +1 x 0 = 0: net -35, absolute 35
        self.assertEqual(accuracy["difference_value"], -35.0)
        self.assertEqual(accuracy["absolute_difference_value"], 35.0)
        by_class = {row["abc_class"]: row for row in accuracy["classes"]}
        # B: (10 - 3) / 10 = 70 %; C: (50 - 1) / 50 = 98 %
        self.assertEqual((by_class["B"]["hit_rate"], by_class["B"]["quantity_accuracy"]), (0, 70))
        self.assertEqual(by_class["C"]["quantity_accuracy"], 98.0)

    def test_new_families_are_headlines_with_targets_and_drill_downs(self):
        data = self.dashboard.get_dashboard_data(self.date_from, self.date_to)
        headlines = {h["code"]: h for h in data["headlines"]}
        expected = {
            # value, status against the shipped targets
            "stockout_events": (2, "amber"),  # green <= 0, red > 3
            "kanban_lead_time_hours": (10.0, "green"),  # green <= 24 h
            "milk_run_punctuality": (50.0, "red"),  # red < 85
            "milk_run_stop_window": (66.67, "red"),
            "milk_run_fill": (87.5, "green"),  # green >= 80
            "count_hit_rate": (66.67, "red"),  # red < 90
            "count_quantity_accuracy": (96.25, "amber"),  # 95 <= 96.25 < 98
        }
        for code, (value, status) in expected.items():
            self.assertEqual((headlines[code]["value"], headlines[code]["status"]), (value, status))
        Dashboard = self.dashboard

        def drilled(code):
            action = Dashboard.action_drill_down(
                headlines[code]["drill"], self.date_from, self.date_to
            )
            return self.env[action["res_model"]].search(action["domain"])

        self.assertEqual(sorted(drilled("stockout_events").mapped("duration_hours")), [1.5, 4.0])
        self.assertEqual(len(drilled("kanban_lead_time_hours")), 3)
        self.assertEqual(drilled("milk_run_punctuality").round_id, self.round_2)
        self.assertEqual(drilled("milk_run_fill").round_id, self.round_1 | self.round_2)
        self.assertEqual(drilled("count_hit_rate").product_id, self.product_b)
        self.assertEqual(len(drilled("count_quantity_accuracy")), 3)
        action = Dashboard.action_drill_down("kanban_cards", self.date_from, self.date_to)
        cards = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(cards, self.loop.card_ids)

    def test_new_families_follow_the_warehouse_and_category_filters(self):
        Dashboard = self.dashboard
        same = Dashboard._compute_kpis(
            self.date_from, self.date_to, {"warehouse_id": self.warehouse.id}
        )
        self.assertEqual(same["kanban"]["lead_time_median_hours"], 10.0)
        self.assertEqual(same["stockout"]["events_count"], 2)
        self.assertEqual(same["milk_run"]["rounds"], 2)
        self.assertEqual(same["accuracy"]["lines"], 3)
        other_warehouse = self.env["stock.warehouse"].create(
            {"name": "KPI other WH", "code": "KPIO", "company_id": self.company.id}
        )
        other = Dashboard._compute_kpis(
            self.date_from, self.date_to, {"warehouse_id": other_warehouse.id}
        )
        self.assertEqual(other["kanban"]["cards_total"], 0)
        self.assertIsNone(other["kanban"]["lead_time_median_hours"])
        self.assertEqual(other["stockout"]["events_count"], 0)
        self.assertEqual(other["milk_run"]["rounds"], 0)
        self.assertIsNone(other["milk_run"]["punctuality_rate"])
        self.assertIsNone(other["accuracy"]["hit_rate"])
        # a category: products' records only; a round carries many products, so it stays
        category = self.env["product.category"].create({"name": "KPI B only"})
        self.product_b.categ_id = category
        by_category = Dashboard._compute_kpis(
            self.date_from, self.date_to, {"categ_id": category.id}
        )
        self.assertEqual(by_category["kanban"]["cards_total"], 0)  # the loop is on A
        self.assertEqual(by_category["stockout"]["events_count"], 0)
        self.assertEqual(by_category["milk_run"]["rounds"], 2)
        self.assertEqual(by_category["accuracy"]["lines"], 1)  # B: out of tolerance
        self.assertEqual(by_category["accuracy"]["hit_rate"], 0.0)
        self.loop.product_id.categ_id = category  # the stored category follows the product
        by_category = Dashboard._compute_kpis(
            self.date_from, self.date_to, {"categ_id": category.id}
        )
        self.assertEqual(by_category["stockout"]["events_count"], 2)
        self.assertEqual(by_category["kanban"]["lead_time_median_hours"], 10.0)
