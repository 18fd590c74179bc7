import io
import re
from datetime import date

import xlsxwriter

from odoo import api, fields, models
from odoo.tools import format_date

# Units whose name the workbook writes after a figure's label (its cells hold bare numbers).
LABEL_SUFFIX_UNITS = ("%", "h", "days")


class LogisticsKpiWorkbook(models.AbstractModel):
    """The monthly KPI workbook, generated from the KPI catalogue: a summary, one sheet per
    family (its KPIs with their measures, its tables with a native Excel chart), one per
    trend, and the definitions. A new family gets its sheet without a change here."""

    _name = "logistics.kpi.workbook"
    _description = "Logistics KPI Workbook"

    @api.model
    def _build_workbook(self, date_from, date_to, filters=None):
        dashboard = self.env["logistics.kpi.dashboard"]
        data = dashboard.get_dashboard_data(date_from, date_to, filters)
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        writer = _SheetWriter(self, book, data)
        writer.write_summary()
        for family in data["catalogue"]:
            writer.write_family(family)
            if family["trend"]:
                writer.write_trend(family, date_from, date_to, filters)
        writer.write_definitions()
        book.close()
        return output.getvalue()

    @api.model
    def _label(self, label, unit, units):
        """A label with its unit, e.g. "Stockout rate (%)", for cells that hold numbers."""
        return f"{label} ({units.get(unit) or unit})" if unit in LABEL_SUFFIX_UNITS else label


class _SheetWriter:
    """Writes the sheets of one workbook: the formats and the period's subtitle, once."""

    def __init__(self, workbook_model, book, data):
        self.model = workbook_model
        self.env = workbook_model.env
        self.book = book
        self.data = data
        self.kpis = data["kpis"]
        self.units = data["units"]
        period = self.kpis["period"]
        self.subtitle = self.env._(
            "%(date_from)s - %(date_to)s (%(days)s days)",
            date_from=format_date(self.env, period["date_from"]),
            date_to=format_date(self.env, period["date_to"]),
            days=period["days"],
        )
        add = book.add_format
        # Built-in number formats (#,##0.00 and the short date, number 14) that Excel shows
        # with the separators and date order of the reader's locale: 1 234,56 and 30/11/2026
        # in French.
        self.fmt = {
            "title": add({"bold": True, "font_size": 14}),
            "head": add({"bold": True, "bg_color": "#DDDDDD", "border": 1}),
            "num": add({"num_format": "#,##0.00"}),
            "int": add({"num_format": "#,##0"}),
            "wrap": add({"text_wrap": True, "valign": "top"}),
            "green": add({"bg_color": "#C6EFCE", "num_format": "#,##0.00"}),
            "amber": add({"bg_color": "#FFEB9C", "num_format": "#,##0.00"}),
            "red": add({"bg_color": "#FFC7CE", "num_format": "#,##0.00"}),
            "none": add({"num_format": "#,##0.00"}),
            "date": add({"num_format": 14}),
        }
        _ = self.env._
        self.statuses = {"green": _("green"), "amber": _("amber"), "red": _("red"), "none": ""}

    def start(self, name, title, widths):
        # A sheet name holds at most 31 characters and none of []:*?/\ (a translation may).
        sheet = self.book.add_worksheet(re.sub(r"[\[\]:*?/\\]", "-", name)[:31])
        sheet.write(0, 0, title, self.fmt["title"])
        sheet.write(1, 0, self.subtitle)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        return sheet

    def cell(self, sheet, row, col, value, style=None):
        if value is None:
            sheet.write_string(row, col, self.env._("n/a"))
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value, style or self.fmt["num"])
        elif isinstance(value, date):
            sheet.write_datetime(row, col, value, self.fmt["date"])
        else:
            sheet.write(row, col, value)

    def table(self, sheet, row, headers, rows, formats=None):
        """Headers at `row`, the rows below; returns the last row written."""
        sheet.write_row(row, 0, headers, self.fmt["head"])
        for offset, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                self.cell(sheet, row + offset, col, value, (formats or {}).get(col))
        return row + len(rows)

    def write_summary(self):
        _ = self.env._
        sheet = self.start(_("Summary"), _("Logistics KPIs"), [32, 16, 16, 12, 10])
        headers = [_("KPI"), _("Value"), _("Previous period"), _("Unit"), _("Status")]
        sheet.write_row(3, 0, headers, self.fmt["head"])
        for row, headline in enumerate(self.data["headlines"], start=4):
            sheet.write(row, 0, headline["label"])
            self.cell(sheet, row, 1, headline["value"], self.fmt[headline["status"]])
            self.cell(sheet, row, 2, headline["previous"])
            sheet.write(row, 3, self.units.get(headline["unit"], headline["unit"]))
            sheet.write(row, 4, self.statuses.get(headline["status"], headline["status"]))

    def write_family(self, family):
        """The family's KPIs and measures, then each of its tables with its chart."""
        _ = self.env._
        widths = [40] + [16] * max([len(b["columns"]) for b in family["breakdowns"]] + [2])
        sheet = self.start(family["sheet"], family["title"], widths)
        value = self.env["logistics.kpi.dashboard"]._kpi_value
        rows = []
        for kpi in family["kpis"]:
            for key, label, unit in [(kpi["key"], kpi["label"], kpi["unit"])] + [
                (m["key"], m["label"], m["unit"]) for m in kpi["measures"]
            ]:
                figure = value(self.kpis, family["code"], key)
                rows.append([self.model._label(label, unit, self.units), figure])
        last = self.table(sheet, 3, [_("Measure"), _("Value")], rows)
        for breakdown in family["breakdowns"]:
            last = self.write_breakdown(sheet, family, breakdown, last + 2)

    def write_breakdown(self, sheet, family, breakdown, first):
        """One table of a family's rows (and its total), with its chart; the last row."""
        figures = self.kpis.get(family["code"], {})
        columns = breakdown["columns"]
        rows = list(figures.get(breakdown["rows"], []))
        if breakdown.get("total"):
            label, key = breakdown["total"]
            total = figures.get(key, {}) if key else figures
            rows.append({**total, columns[0]["key"]: label})
        headers = [self.model._label(c["label"], c["unit"], self.units) for c in columns]
        formats = {col: self.fmt["int"] for col, c in enumerate(columns) if c["unit"] in ("count",)}
        formats.pop(0, None)
        last = self.table(
            sheet, first, headers, [[row.get(c["key"]) for c in columns] for row in rows], formats
        )
        count = len(figures.get(breakdown["rows"], []))
        if breakdown.get("chart") and count:
            keys = [c["key"] for c in columns]
            chart = self.book.add_chart({"type": "column"})
            for key in breakdown["chart"]:
                col = keys.index(key)
                chart.add_series(
                    {
                        "name": headers[col],
                        "categories": [sheet.name, first + 1, 0, first + count, 0],
                        "values": [sheet.name, first + 1, col, first + count, col],
                    }
                )
            chart.set_title({"name": breakdown["title"]})
            if len(breakdown["chart"]) == 1:
                chart.set_legend({"none": True})
            sheet.insert_chart(last + 2, 0, chart)
            last += 18  # the chart's height in rows, so that a next table starts below it
        return last

    def write_trend(self, family, date_from, date_to, filters):
        """The trend at the end of each day with its line chart, each week and each month."""
        _ = self.env._
        dashboard = self.env["logistics.kpi.dashboard"]
        trend = family["trend"]
        sheet = self.start(trend["sheet"], trend["label"], [14, 18])
        headers = [_("Day"), trend["label"]]
        points = dashboard._kpi_trends(date_from, date_to, "day", filters)[family["code"]]
        rows = [[fields.Date.to_date(day), figure] for day, figure in points]
        last = self.table(sheet, 3, headers, rows)
        if points:
            chart = self.book.add_chart({"type": "line"})
            chart.add_series(
                {
                    "name": trend["label"],
                    "categories": [sheet.name, 4, 0, last, 0],
                    "values": [sheet.name, 4, 1, last, 1],
                }
            )
            chart.set_title({"name": trend["label"]})
            chart.set_legend({"none": True})
            sheet.insert_chart(3, 3, chart, {"x_scale": 1.5})
        for col, granularity, title in (
            (12, "week", _("End of each week")),
            (15, "month", _("End of each month")),
        ):
            sheet.write(2, col, title, self.fmt["head"])
            points = dashboard._kpi_trends(date_from, date_to, granularity, filters)
            sheet.write_row(3, col, headers, self.fmt["head"])
            for offset, (day, value) in enumerate(points[family["code"]], start=4):
                sheet.write_datetime(offset, col, fields.Date.to_date(day), self.fmt["date"])
                sheet.write_number(offset, col + 1, value, self.fmt["num"])

    def write_definitions(self):
        _ = self.env._
        sheet = self.start(_("Definitions"), _("Definitions"), [36, 110])
        rows = [
            [kpi["label"], kpi["definition"]]
            for family in self.data["catalogue"]
            for kpi in family["kpis"]
        ]
        self.table(sheet, 3, [_("KPI"), _("Definition")], rows, formats={1: self.fmt["wrap"]})
