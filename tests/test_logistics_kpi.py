import io
from datetime import timedelta

import openpyxl
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common_kpi import KpiFixtureCase


@tagged("post_install", "-at_install")
class TestLogisticsKpi(KpiFixtureCase):
    def test_turnover_coverage_and_holding_cost_match_the_hand_computation(self):
        stock = self.kpis()["stock"]
        # daily values: A 10 d x 1000 + 10 d x 600 + 10 d x 400 = 20000; B 5 d x 50 = 250;
        # C and F have no cost. Average = 20250 / 30 = 675.00
        self.assertEqual(stock["average_value"], 675.0)
        # consumed: A 40 x 10 to production + 20 x 10 to the customer, B 10 x 5, C 10 x 0
        self.assertEqual(stock["consumed_value"], 650.0)
        self.assertEqual(stock["consumed_quantity"], 80.0)
        # turnover 650 / 675 = 0.963; annualised 650 / 675 x 365 / 30 = 11.716
        self.assertEqual(stock["turnover"], 0.96)
        self.assertEqual(stock["turnover_annual"], 11.72)
        # end of day 29: 40 A x 10 = 400; coverage 400 / (650 / 90 days) = 55.38 days
        self.assertEqual(stock["end_value"], 400.0)
        self.assertEqual(stock["coverage_days"], 55.4)
        # holding cost: 675 x 20 % x 30 / 365 = 11.0959
        self.assertEqual(stock["holding_cost_rate"], 20.0)
        self.assertEqual(stock["holding_cost"], 11.10)
        [category] = stock["categories"]
        self.assertEqual(category["name"], "KPI fixture")
        self.assertEqual(category["turnover_annual"], 11.72)

    def test_stockout_rate_counts_product_days_without_stock(self):
        stockout = self.kpis()["stockout"]
        # A, B and C were consumed: 3 products x 30 days = 90 product-days;
        # B is at 0 from day 5 to day 29: 25 days; A is in stock all period but its line
        # stockouts were open on day 3 and day 12: 2 days. 27 / 90 = 30.00 %
        self.assertEqual(stockout["products_with_demand"], 3)
        self.assertEqual(stockout["product_days"], 90)
        self.assertEqual(stockout["line_stockout_days"], 2)
        self.assertEqual(stockout["stockout_days"], 27)
        self.assertEqual(stockout["stockout_rate"], 30.0)

    def test_line_fill_rate_and_otif_follow_backorders_and_cancellations(self):
        service = self.kpis()["service"]
        # lines: D1 A (20 of 20), D2 B (10 of 20, backorder), D3 A cancelled: 1 in full / 3
        self.assertEqual(service["lines"], 3)
        self.assertEqual(service["lines_in_full"], 1)
        self.assertEqual(service["line_fill_rate"], 33.33)
        # orders done: D1 (late), D2 (on time, not in full): none on time in full
        self.assertEqual(service["orders_done"], 2)
        self.assertEqual(service["orders_otif"], 0)
        self.assertEqual(service["otif_rate"], 0.0)

    def test_a_line_shipped_short_without_backorder_is_not_in_full(self):
        """Odoo keeps the ordered quantity as the demand of a move validated short without
        backorder: the view must read what was shipped (4 of 5), not the demand."""
        picking = self._picking({self.product_a: 5}, fields.Datetime.now())
        picking.action_assign()
        picking.move_ids.quantity = 4
        picking.move_ids.picked = True
        picking.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=picking.ids
        ).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertFalse(picking.backorder_ids)
        self.env.flush_all()
        line = self.env["logistics.kpi.delivery.line"].search([("picking_id", "=", picking.id)])
        self.assertEqual((line.ordered_qty, line.delivered_qty), (5.0, 4.0))
        self.assertFalse(line.in_full)
        self.assertEqual((line.in_full_count, line.otif_count), (0, 0))

    def test_late_rate_counts_transfers_and_manufacturing_orders(self):
        lateness = self.kpis()["lateness"]
        # done: D1 (done day 20, due day 18: late), D2 (10:00, due 12:00: on time),
        # MO1 (finished 12:00, deadline 09:00: late): 2 / 3 = 66.67 %
        self.assertEqual((lateness["done"], lateness["late"]), (3, 2))
        self.assertEqual(lateness["late_rate"], 66.67)
        self.assertEqual(lateness["transfer_late_rate"], 50.0)
        self.assertEqual(lateness["mo_late_rate"], 100.0)
        delivery = next(row for row in lateness["by_type"] if row["kind"] == "picking")
        self.assertEqual(delivery["picking_type_id"], self.warehouse.out_type_id.id)
        self.assertEqual((delivery["done"], delivery["late"]), (2, 1))

    def test_queue_and_littles_law(self):
        wip = self.kpis()["wip"]
        [row] = [r for r in wip["workcenters"] if r["workcenter_id"] == self.workcenter.id]
        # MO2 waits at W: 1 work order, 30 minutes; capacity 8 h x 60 x 1 = 480 min/day
        self.assertEqual((row["queued"], row["wip"]), (1, 1))
        self.assertEqual(row["remaining_minutes"], 30.0)
        self.assertEqual(row["capacity_minutes_per_day"], 480.0)
        self.assertEqual(row["load_days"], 0.06)  # 30 / 480 = 0.0625
        # capacity 2 and efficiency 80 % are already in Odoo's 30 expected minutes: the
        # centre's day stays its 480 calendar minutes (not 480 x 2 x 0.8 = 768)
        self.workcenter.write({"default_capacity": 2, "time_efficiency": 80})
        wip = self.kpis()["wip"]
        [row] = [r for r in wip["workcenters"] if r["workcenter_id"] == self.workcenter.id]
        self.assertEqual(row["capacity_minutes_per_day"], 480.0)
        # MO1: 4 hours in process in a 30-day period. WIP = (4 / 24) / 30 = 0.0056;
        # throughput 1 / 30 = 0.033/day; flow time 4 / 24 = 0.167 day; 0.033 x 0.167 = 0.0056
        plant = wip["plant"]
        self.assertEqual(plant["average_wip"], 0.01)
        self.assertEqual(plant["throughput_per_day"], 0.03)
        self.assertEqual(plant["flow_days"], 0.17)
        self.assertEqual(plant["littles_gap"], 0.0)

    def test_stock_value_evolution_by_day_week_and_month(self):
        Stock = self.env["logistics.kpi.family.stock"]
        days = Stock._kpi_trend(self.date_from, self.date_to, "day")
        self.assertEqual(len(days), 30)
        # day 0: 100 A x 10 + 10 B x 5 = 1050; day 5: 1000; day 10: 600; day 29: 400
        self.assertEqual(days[0], (str(self.date_from), 1050.0))
        self.assertEqual(days[5][1], 1000.0)
        self.assertEqual(days[10][1], 600.0)
        self.assertEqual(days[-1][1], 400.0)
        weeks = Stock._kpi_trend(self.date_from, self.date_to, "week")
        sundays = [
            self.date_from + timedelta(days=n)
            for n in range(30)
            if (self.date_from + timedelta(days=n)).isoweekday() == 7
        ]
        # the value at each Sunday, and at the last day of the period
        self.assertEqual(
            [day for day, _value in weeks], [str(d) for d in sorted({*sundays, self.date_to})]
        )
        self.assertEqual(weeks[-1], (str(self.date_to), 400.0))
        months = Stock._kpi_trend(self.date_from, self.date_to, "month")
        self.assertEqual(months[-1], (str(self.date_to), 400.0))

    def test_a_period_without_moves_gives_no_figure_and_no_error(self):
        empty_from = self.date_from - timedelta(days=200)
        kpis = self.kpis(empty_from, empty_from + timedelta(days=29))
        self.assertIsNone(kpis["stock"]["turnover"])
        self.assertIsNone(kpis["stock"]["turnover_annual"])
        self.assertIsNone(kpis["stock"]["coverage_days"])
        self.assertIsNone(kpis["stock"]["holding_cost"])
        self.assertIsNone(kpis["stockout"]["stockout_rate"])
        self.assertIsNone(kpis["service"]["line_fill_rate"])
        self.assertIsNone(kpis["service"]["otif_rate"])
        self.assertIsNone(kpis["lateness"]["late_rate"])
        self.assertIsNone(kpis["wip"]["plant"]["flow_days"])
        self.assertIsNone(kpis["stockout"]["events_hours"])
        self.assertIsNone(kpis["stockout"]["events_average_hours"])
        self.assertIsNone(kpis["kanban"]["lead_time_median_hours"])
        self.assertIsNone(kpis["milk_run"]["punctuality_rate"])
        self.assertIsNone(kpis["milk_run"]["fill_rate"])
        self.assertIsNone(kpis["milk_run"]["containers_per_round"])
        self.assertIsNone(kpis["accuracy"]["hit_rate"])
        self.assertIsNone(kpis["accuracy"]["quantity_accuracy"])
        data = self.dashboard.get_dashboard_data(empty_from, empty_from + timedelta(days=29))
        # every ratio is n/a; the count of declared line stockouts is a count: 0, green
        ratios = [h for h in data["headlines"] if h["code"] != "stockout_events"]
        self.assertTrue(all(h["value"] is None for h in ratios))
        self.assertTrue(all(h["status"] == "none" for h in ratios))
        events = next(h for h in data["headlines"] if h["code"] == "stockout_events")
        self.assertEqual((events["value"], events["status"]), (0, "green"))

    def test_products_without_cost_count_in_quantities_but_not_in_value(self):
        stock = self.kpis()["stock"]
        # C (no cost): 10 consumed, 0 value; the quantities include it, the value does not
        self.assertEqual(stock["consumed_quantity"], 80.0)
        self.assertEqual(stock["consumed_value"], 650.0)
        consumption_c = self.env["logistics.kpi.consumption"].search(
            [("product_id", "=", self.product_c.id)]
        )
        self.assertEqual(consumption_c.mapped("value"), [0.0])

    def test_holding_cost_rate_outside_0_100_is_refused_and_changes_nothing(self):
        for rate in (-1.0, 100.5):
            with self.assertRaises(ValidationError):
                self.company.logistics_holding_cost_rate = rate
            self.env.invalidate_all()
            self.assertEqual(self.company.logistics_holding_cost_rate, 20.0)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"logistics_holding_cost_rate": 150.0})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env.cr.execute(
                "UPDATE res_company SET logistics_holding_cost_rate = 101 WHERE id = %s",
                [self.company.id],
            )
        self.company.logistics_holding_cost_rate = 25.0
        # 675 x 25 % x 30 / 365 = 13.8699
        self.assertEqual(self.kpis()["stock"]["holding_cost"], 13.87)

    def test_targets_colour_the_headlines(self):
        Target = self.env["logistics.kpi.target"]
        Target.create(
            {
                "kpi": "late_rate",
                "company_id": self.company.id,
                "higher_is_better": False,
                "green_threshold": 70,
                "red_threshold": 80,
            }
        )
        data = self.dashboard.get_dashboard_data(self.date_from, self.date_to)
        status = {h["code"]: h["status"] for h in data["headlines"]}
        # the company's own late-rate target (green <= 70) wins over the shared one (<= 5)
        self.assertEqual(status["late_rate"], "green")
        self.assertEqual(status["stockout_rate"], "red")  # 30.00 > 5
        self.assertEqual(status["line_fill_rate"], "red")  # 33.33 < 95
        self.assertEqual(status["coverage_days"], "amber")  # 30 < 55.4 <= 60
        with self.assertRaises(ValidationError):
            Target.create(
                {
                    "kpi": "otif_rate",
                    "green_threshold": 80,
                    "red_threshold": 90,
                    "company_id": self.company.id,
                }
            )

    def test_drill_down_opens_the_moves_behind_the_figure(self):
        action = self.dashboard.action_drill_down("consumption", self.date_from, self.date_to)
        rows = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(sum(rows.mapped("value")), 650.0)
        self.assertEqual(len(rows), 4)
        action = self.dashboard.action_drill_down("late", self.date_from, self.date_to)
        late = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(set(late.mapped("name")), {self.delivery_1.name, self.mo_1.name})

    def test_a_user_of_another_company_sees_only_their_figures(self):
        main = self.env.ref("base.main_company")
        manager = new_test_user(
            self.env,
            login="kpi_fixture_manager",
            groups="industrial_logistics.group_logistics_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        env = self.env(user=manager, context={"allowed_company_ids": [self.company.id]})
        kpis = self.kpis(env=env)
        self.assertEqual(kpis["stock"]["consumed_value"], 650.0)
        self.assertEqual(kpis["kanban"]["receipts"], 3)
        self.assertEqual(kpis["milk_run"]["rounds"], 2)
        self.assertEqual(kpis["accuracy"]["lines"], 3)
        # and a user of the main company only does not see the fixture company's records
        main_manager = new_test_user(
            self.env,
            login="kpi_main_manager",
            groups="industrial_logistics.group_logistics_manager",
            company_id=main.id,
            company_ids=[main.id],
        )
        main_env = self.env(user=main_manager, context={"allowed_company_ids": [main.id]})
        main_kpis = self.kpis(env=main_env)
        self.assertNotIn("KPI circuit", [row["name"] for row in main_kpis["milk_run"]["circuits"]])
        for drill in ("kanban_cards", "kanban_lead_time", "stockout_events", "count_lines"):
            action = main_env["logistics.kpi.dashboard"].action_drill_down(
                drill, self.date_from, self.date_to
            )
            records = main_env[action["res_model"]].search(action["domain"])
            self.assertNotIn(self.company, records.company_id)
        # record rules: even asked for by company, another company's records are not read
        self.assertFalse(
            main_env["logistics.kanban.scan"].search([("company_id", "=", self.company.id)])
        )
        for model in ("logistics.kpi.consumption", "logistics.kpi.stock.snapshot",
                      "logistics.kpi.operation", "logistics.kpi.delivery.line",
                      "logistics.kpi.stock.daily", "logistics.kpi.workorder"):  # fmt: skip
            self.assertFalse(env[model].search([("company_id", "=", main.id)], limit=1))
        with self.assertRaises(AccessError):
            self.env(user=manager, context={"allowed_company_ids": [main.id]})[
                "logistics.kpi.dashboard"
            ]._compute_kpis(self.date_from, self.date_to)

    def test_workbook_holds_the_same_numbers(self):
        content = self.env["logistics.kpi.workbook"]._build_workbook(self.date_from, self.date_to)
        book = openpyxl.load_workbook(io.BytesIO(content))
        # one sheet per family of the catalogue, its trend after it (the holding cost is a KPI
        # of the stock family, on the Turnover sheet with its rate)
        self.assertEqual(
            book.sheetnames,
            ["Summary", "Turnover", "Stock value", "Stockouts", "Service", "Punctuality",
             "WIP", "Load vs capacity", "Kanban", "Milk runs", "Techniques", "Accuracy",
             "Returns", "Transport",
             "Definitions"],
        )  # fmt: skip
        summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=5, values_only=True)}
        self.assertEqual(summary["Turnover (annualised)"], 11.72)
        self.assertEqual(summary["Stockout rate"], 30.0)  # 27 / 90, line stockouts included
        self.assertEqual(summary["Line fill rate"], 33.33)
        self.assertEqual(summary["Late rate"], 66.67)
        self.assertEqual(summary["Holding cost"], 11.10)
        turnover = {
            row[0]: row[1]
            for row in book["Turnover"].iter_rows(min_row=5, max_row=10, values_only=True)
        }
        self.assertEqual(turnover["Average stock value"], 675.0)
        self.assertEqual(turnover["Value consumed"], 650.0)
        values = list(book["Stock value"].iter_rows(min_row=5, max_col=2, values_only=True))
        self.assertEqual(len([v for v in values if v[0]]), 30)
        self.assertEqual(values[0][1], 1050.0)
        self.assertTrue(book["Stock value"]._charts)
        holding = {
            row[0]: row[1]
            for row in book["Turnover"].iter_rows(min_row=5, max_row=20, values_only=True)
        }
        self.assertEqual(holding["Holding cost"], 11.10)
        self.assertEqual(holding["Holding cost rate (% per year)"], 20.0)
        definitions = [row[0] for row in book["Definitions"].iter_rows(min_row=5, values_only=True)]
        self.assertIn("Turnover (annualised)", definitions)
        self.assertIn("Little's law gap", definitions)
        for name in ("Line stockouts declared", "Scan-to-receipt lead time (median)",
                     "Milk-run rounds on time", "Average train fill",
                     "Inventory record accuracy (hit rate)"):  # fmt: skip
            self.assertIn(name, definitions)

    def test_workbook_holds_the_kanban_milk_run_and_accuracy_figures(self):
        content = self.env["logistics.kpi.workbook"]._build_workbook(self.date_from, self.date_to)
        book = openpyxl.load_workbook(io.BytesIO(content))

        def measures(sheet):
            return {
                row[0]: row[1]
                for row in book[sheet].iter_rows(min_row=5, max_col=2, values_only=True)
                if row[0]
            }

        summary = measures("Summary")
        # same hand computations as the engine tests below
        self.assertEqual(summary["Line stockouts declared"], 2)
        self.assertEqual(summary["Scan-to-receipt lead time (median)"], 10.0)
        self.assertEqual(summary["Milk-run rounds on time"], 50.0)
        self.assertEqual(summary["Milk-run stops within window"], 66.67)
        self.assertEqual(summary["Average train fill"], 87.5)
        self.assertEqual(summary["Inventory record accuracy (hit rate)"], 66.67)
        self.assertEqual(summary["Quantity-weighted accuracy"], 96.25)
        stockouts = measures("Stockouts")
        self.assertEqual(stockouts["Stockout rate (%)"], 30.0)  # 27 / 90
        self.assertEqual(stockouts["Duration of declared line stockouts (h)"], 5.5)
        self.assertEqual(stockouts["Average duration of a line stockout (h)"], 2.75)
        kanban = measures("Kanban")
        self.assertEqual(kanban["Scan-to-receipt lead time, average (h)"], 14.67)
        self.assertEqual(kanban["Replenishments received"], 3)
        self.assertEqual((kanban["Full"], kanban["Lost"], kanban["Retired"]), (1, 1, 0))
        self.assertTrue(book["Kanban"]._charts)
        milk_runs = measures("Milk runs")
        self.assertEqual(milk_runs["Containers per round"], 3.5)
        self.assertEqual(milk_runs["Transfers overflowed"], 2)
        self.assertEqual(milk_runs["KPI circuit"], 2)  # rounds of the circuit
        self.assertTrue(book["Milk runs"]._charts)
        accuracy = measures("Accuracy")
        self.assertEqual(accuracy["Value of differences (net)"], -35.0)
        self.assertEqual(accuracy["Value of differences (absolute)"], 35.0)
        classes = {
            row[0]: row[1:4]
            for row in book["Accuracy"].iter_rows(min_row=13, max_col=4, values_only=True)
            if row[0]
        }
        self.assertEqual(classes["B"], (1, 0.0, 70.0))
        self.assertTrue(book["Accuracy"]._charts)

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

    def test_pdf_report_renders_the_month(self):
        wizard = self.env["logistics.kpi.report.wizard"].create(
            {"date_from": self.date_from, "date_to": self.date_to}
        )
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "industrial_logistics.report_logistics_kpi_monthly", wizard.ids
        )
        html = html.decode()
        self.assertIn("Logistics KPIs", html)
        self.assertIn("11.72", html)  # annualised turnover
        self.assertIn("KPI W", html)
        self.assertIn("KPI circuit", html)
        self.assertIn("Inventory record accuracy", html)
        self.assertIn("96.25", html)  # quantity-weighted accuracy
        self.assertIn("14.67", html)  # average scan-to-receipt lead time

    def test_dashboard_reads_in_a_bounded_number_of_queries(self):
        self.dashboard.get_dashboard_data(self.date_from, self.date_to)
        self.env.invalidate_all()
        # Measured 85 with the twelve families of 18.0.1.1.0 (80 before the replenishment
        # techniques, returns and transport families), 87 with the Pareto of the return reasons
        # and the returns grouped per product and per customer apart (a grouped query each): a
        # few queries a family, never a query per product, card or day.
        with self.assertQueryCount(87):
            self.dashboard.get_dashboard_data(self.date_from, self.date_to)

    def test_nightly_cron_refreshes_today_from_the_last_stored_day(self):
        Snapshot = self.env["logistics.kpi.stock.snapshot"]
        today = self.date_from + timedelta(days=60)
        domain = [("company_id", "=", self.company.id), ("product_id", "=", self.product_a.id)]
        self._receive(self.product_a, 5, self.day(60, 1))
        self.assertEqual(Snapshot.search(domain + [("date", "=", today)]).quantity, 40.0)
        Snapshot._cron_refresh()
        # 40 left after day 29, plus 5 received today
        self.assertEqual(Snapshot.search(domain + [("date", "=", today)]).quantity, 45.0)
        self.assertEqual(Snapshot.search(domain + [("date", "=", today)]).value, 450.0)
        self.assertEqual(Snapshot.search_count(domain + [("date", "=", today)]), 1)

    def test_filters_narrow_the_figures_to_a_warehouse_or_a_category(self):
        Dashboard = self.dashboard
        by_warehouse = Dashboard._compute_kpis(
            self.date_from, self.date_to, {"warehouse_id": self.warehouse.id}
        )
        self.assertEqual(by_warehouse["stock"]["consumed_value"], 650.0)
        self.assertEqual(by_warehouse["service"]["lines"], 3)
        other = self.env["product.category"].create({"name": "KPI other"})
        by_category = Dashboard._compute_kpis(self.date_from, self.date_to, {"categ_id": other.id})
        self.assertEqual(by_category["stock"]["consumed_value"], 0.0)
        self.assertIsNone(by_category["stock"]["turnover"])
        self.assertEqual(by_category["service"]["lines"], 0)
        # the fixture's category includes its sub-categories
        child = self.env["product.category"].create({"name": "sub", "parent_id": self.category.id})
        self.product_b.categ_id = child
        by_parent = Dashboard._compute_kpis(
            self.date_from, self.date_to, {"categ_id": self.category.id}
        )
        self.assertEqual(by_parent["stock"]["consumed_value"], 650.0)
        # one product: read from the per-product snapshots, not the per-category sums.
        # A: average (10 x 1000 + 10 x 600 + 10 x 400) / 30 = 666.67; consumed 600
        by_product = Dashboard._compute_kpis(
            self.date_from, self.date_to, {"product_id": self.product_a.id}
        )
        self.assertEqual(by_product["stock"]["average_value"], 666.67)
        self.assertEqual(by_product["stock"]["consumed_value"], 600.0)
        # A never runs out at the company; its line stockouts were open on days 3 and 12
        self.assertEqual(by_product["stockout"]["stockout_days"], 2)

    def test_kpis_are_for_managers_only(self):
        storekeeper = new_test_user(
            self.env,
            login="kpi_fixture_storekeeper",
            groups="industrial_logistics.group_logistics_storekeeper",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        env = self.env(user=storekeeper, context={"allowed_company_ids": [self.company.id]})
        with self.assertRaises(AccessError):
            self.kpis(env=env)
