import io

import openpyxl

from odoo.tests import tagged

from .common_kpi import KpiFixtureCase, family_sheet_names


@tagged("post_install", "-at_install")
class TestLogisticsKpiReports(KpiFixtureCase):
    """The workbook and the PDF hold the dashboard's figures of the fixture."""

    def test_workbook_holds_the_same_numbers(self):
        content = self.env["logistics.kpi.workbook"]._build_workbook(self.date_from, self.date_to)
        book = openpyxl.load_workbook(io.BytesIO(content))
        # one sheet per family of the catalogue, its trend after it (the holding cost is a KPI
        # of the stock family, on the Turnover sheet with its rate)
        catalogue = self.dashboard._kpi_catalogue()
        self.assertEqual(
            book.sheetnames, ["Summary", *family_sheet_names(catalogue), "Definitions"]
        )
        self.assertEqual(book.sheetnames[1:3], ["Turnover", "Stock value"])
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
