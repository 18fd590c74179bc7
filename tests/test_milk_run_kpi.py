from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import Form

from .common_milk_run import MilkRunCase


class TestMilkRunKpis(MilkRunCase):
    KPI_FIELDS = (
        "kpi_punctuality_rate",
        "kpi_stop_window_rate",
        "kpi_fill_rate",
        "kpi_containers_per_round",
        "kpi_overflow_count",
    )

    def _two_done_rounds(self):
        """Round 1: 4 containers of 4 (fill 1.0), left 2 min late (tolerance 5: on time), its
        only stop reached at planned arrival. Round 2: 2 containers (fill 0.5), left 10 min late,
        its stops not reached. Round 1 could not take the 5th and 6th transfers: overflow 2."""
        t = self.monday_8
        for i in range(5):
            self.make_picking(self.spot_a, [(self.product, 1)], t + timedelta(minutes=i))
        self.make_picking(self.spot_b, [(self.product, 1)], t + timedelta(minutes=9))
        first, second = self.make_round(t), self.make_round(t + timedelta(hours=6))
        (first | second)._build()
        self.assertEqual((first.containers, second.containers), (4, 2))
        first.write({"state": "done", "actual_departure": t + timedelta(minutes=2)})
        first.round_stop_ids.write({"actual_arrival": first.round_stop_ids.planned_arrival})
        second.write({"state": "done", "actual_departure": t + timedelta(hours=6, minutes=10)})
        self.env.flush_all()
        return first, second

    def test_circuit_kpis_and_report_from_two_rounds(self):
        # Seen on Wednesday 4 March, the last 30 days (3 Feb - 4 Mar) hold both rounds of
        # Monday 2 March. Punctuality 1/2 = 50 %, stops within window 1/1 = 100 %,
        # fill (1.0 + 0.5) / 2 = 75 %, containers per round 6 / 2 = 3, overflow 2.
        self._two_done_rounds()
        report = self.env["logistics.milk.run.report"].search(
            [("milk_run_id", "=", self.milk_run.id)]
        )
        self.assertEqual(len(report), 2)
        self.assertEqual(sum(report.mapped("departed_on_time")), 1)
        self.assertEqual(sum(report.mapped("stops_in_window")), 1)
        with freeze_time("2026-03-04 12:00:00"):
            milk_run = self.milk_run
            self.assertEqual(
                (
                    milk_run.kpi_round_count,
                    milk_run.kpi_departed_count,
                    milk_run.kpi_stops_reached_count,
                ),
                (2, 2, 1),
            )
            self.assertAlmostEqual(milk_run.kpi_punctuality_rate, 50.0)
            self.assertAlmostEqual(milk_run.kpi_fill_rate, 75.0)
            self.assertAlmostEqual(milk_run.kpi_containers_per_round, 3.0)
            self.assertEqual(milk_run.kpi_overflow_count, 2)
            self.assertAlmostEqual(milk_run.kpi_stop_window_rate, 100.0)

    def test_circuit_kpis_tab_shows_the_dashboard_figures_of_the_last_30_days(self):
        # The form reads the dashboard's row of the circuit over the dashboard's default period:
        # on 4 March both rounds of 2 March are in it, and every figure is shown.
        self._two_done_rounds()
        Dashboard = self.env["logistics.kpi.dashboard"]
        with freeze_time("2026-03-04 12:00:00"):
            circuits = Dashboard.get_dashboard_data()["kpis"]["milk_run"]["circuits"]
            [row] = [row for row in circuits if row["milk_run_id"] == self.milk_run.id]
            form = Form(self.milk_run)
            self.assertEqual(
                [form[name] for name in self.KPI_FIELDS],
                [
                    row["punctuality_rate"],
                    row["stop_window_rate"],
                    row["fill_rate"],
                    row["containers_per_round"],
                    row["overflow_count"],
                ],
            )
            self.assertEqual([form[name] for name in self.KPI_FIELDS], [50.0, 100.0, 75.0, 3.0, 2])
            for name in self.KPI_FIELDS:
                self.assertFalse(form._get_modifier(name, "invisible"), name)
        # On 2 April the last 30 days run from 4 March: no round, the dashboard has no row for
        # the circuit and says n/a, and the form shows no figure (not a 0).
        self.milk_run.invalidate_recordset()
        with freeze_time("2026-04-02 12:00:00"):
            milk_run = Dashboard.get_dashboard_data()["kpis"]["milk_run"]
            self.assertNotIn(self.milk_run.id, [row["milk_run_id"] for row in milk_run["circuits"]])
            form = Form(self.milk_run)
            self.assertEqual(form.kpi_round_count, 0)
            for name in self.KPI_FIELDS:
                self.assertTrue(form._get_modifier(name, "invisible"), name)

    def test_circuit_kpis_tab_hides_punctuality_until_a_round_has_left(self):
        # A round built but not departed: fill 2 / 4 = 50 % is a figure, punctuality and stop
        # window have no denominator (the dashboard says n/a): hidden, not 0 %.
        self.make_picking(self.spot_a, [(self.product, 2)], self.monday_8)
        self.make_picking(self.spot_b, [(self.product, 1)], self.monday_8)
        self.make_round()._build()
        self.env.flush_all()
        with freeze_time("2026-03-02 07:00:00"):
            form = Form(self.milk_run)
            self.assertEqual((form.kpi_round_count, form.kpi_departed_count), (1, 0))
            self.assertEqual(form.kpi_fill_rate, 50.0)
            self.assertFalse(form._get_modifier("kpi_fill_rate", "invisible"))
            self.assertTrue(form._get_modifier("kpi_punctuality_rate", "invisible"))
            self.assertTrue(form._get_modifier("kpi_stop_window_rate", "invisible"))

    def test_round_sheet_lists_stops_in_order_with_their_containers(self):
        self.make_picking(self.spot_a, [(self.product, 1), (self.product_2, 1)], self.monday_8)
        self.make_picking(self.spot_c, [(self.product, 1)], self.monday_8)
        round_ = self.make_round()
        round_.action_build()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "industrial_logistics.report_milk_run_round_sheet", round_.ids
        )
        html = html.decode()
        first, second = round_.round_stop_ids.sorted("sequence")
        self.assertLess(
            html.index(first.location_id.barcode), html.index(second.location_id.barcode)
        )
        self.assertIn("MR-A", html)
        self.assertIn("MR-C", html)

    def test_round_sheet_and_driver_screen_list_the_containers_to_drop_at_each_stop(self):
        # Stop A gets one transfer of two moves (bolt x 4, nut x 2): two containers, both for
        # Spot A1; stop C one transfer of one move (bolt x 3): one container for Spot C1.
        picking_a = self.make_picking(
            self.spot_a, [(self.product, 4), (self.product_2, 2)], self.monday_8
        )
        picking_c = self.make_picking(self.spot_c, [(self.product, 3)], self.monday_8)
        round_ = self.make_round()
        round_.action_build()
        stop_a = round_.round_stop_ids.filtered(lambda rs: rs.stop_id == self.stop_a)
        stop_c = round_.round_stop_ids.filtered(lambda rs: rs.stop_id == self.stop_c)
        self.assertEqual(stop_a.containers, 2)
        self.assertEqual(
            sorted(
                (d["location"], d["what"], d["quantity"], d["picking"]) for d in stop_a._drops()
            ),
            [
                ("Spot A1", "MR bolt", 4.0, picking_a.name),
                ("Spot A1", "MR nut", 2.0, picking_a.name),
            ],
        )
        self.assertEqual(len(stop_c._drops()), stop_c.containers)
        stops = {stop["id"]: stop for stop in round_.get_driver_data()["stops"]}
        self.assertEqual(stops[stop_c.id]["drops"], ["Spot C1: MR bolt × 3 Units"])
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "industrial_logistics.report_milk_run_round_sheet", round_.ids
        )
        html = html.decode()
        self.assertEqual(html.count("o_milk_run_round_sheet_drop"), 3, "one row per container")
        self.assertIn(
            "Spot A1: <span>MR nut</span>", html.replace("<span>Spot A1</span>", "Spot A1")
        )
        self.assertIn(picking_c.name, html)
