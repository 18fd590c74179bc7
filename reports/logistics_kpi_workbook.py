import io

import xlsxwriter

from odoo import api, models

# The definitions printed in the workbook and the PDF; readme/KPIS.md says the same.
KPI_DEFINITIONS = [
    (
        "Turnover",
        "Value consumed (done moves leaving internal stock to customers, production or scrap, "
        "at cost from the valuation layers) / average stock value over the period. Annualised "
        "= turnover x 365 / days in the period.",
    ),
    (
        "Average stock value",
        "Sum over the days of the period of the stock value at the end of each day (daily "
        "snapshots of the valuation layers) / days in the period.",
    ),
    (
        "Coverage (days)",
        "Stock value at the end of the period / average daily consumption value over the "
        "trailing window (default 90 days ending on the last day). Per product, quantity on "
        "hand / average daily quantity consumed.",
    ),
    (
        "Stockout rate",
        "Product-days with on-hand <= 0 / product-days, over the products consumed in the "
        "period; plus the line stockouts declared by operators (count, hours) when recorded.",
    ),
    (
        "Line fill rate",
        "Customer delivery lines (product of a delivery order, backorders included) delivered "
        "in full by the first delivery / lines delivered or cancelled in the period.",
    ),
    (
        "OTIF",
        "Delivery orders done on or before their deadline (else their scheduled date) with "
        "every line in full / delivery orders done.",
    ),
    (
        "Late rate",
        "Operations done after their scheduled date / operations done, by operation type. A "
        "manufacturing order is late when finished after its deadline or, without one, after "
        "its start plus the expected minutes of its work orders.",
    ),
    (
        "Holding cost",
        "Average stock value x holding cost rate (taux de possession, company setting, "
        "% per year, default 20 %) x days in the period / 365.",
    ),
    (
        "Stock value evolution",
        "Stock value at the end of each day, week (Sunday) and month, from the valuation layers.",
    ),
    (
        "WIP and queues",
        "Work orders waiting or in progress per work centre, their remaining expected minutes "
        "against the centre's daily capacity (calendar hours x capacity x efficiency).",
    ),
    (
        "Little's law",
        "Average WIP (time-average of orders between start and finish), throughput (orders "
        "finished per day) and flow time (mean start-to-finish days): WIP = throughput x flow "
        "time; the gap is (WIP - throughput x flow time) / (throughput x flow time).",
    ),
    (
        "Line stockouts declared",
        "Parts missing at the line declared by operators on a kanban loop, declared in the "
        "period: count, total and average duration in hours (declared to resolved; an event "
        "still open counts until the end of the period, or now if sooner).",
    ),
    (
        "Kanban cards by state",
        "Cards of the kanban loops by state (full, empty, replenishing, lost, retired) as they "
        "are now, whatever the period.",
    ),
    (
        "Scan-to-receipt lead time",
        "Hours from the scan of an empty card to the arrival of its replenishment at the "
        "loop's location, over the cycles whose replenishment arrived in the period: median "
        "and average.",
    ),
    (
        "Milk-run punctuality",
        "Rounds built for a departure in the period: rounds departed within the circuit's "
        "punctuality tolerance of their planned departure / rounds departed; stops reached "
        "within their arrival window (else within the tolerance of their planned arrival) / "
        "stops reached.",
    ),
    (
        "Train fill",
        "Average over the rounds of the period of the load / capacity on the most used limited "
        "dimension (containers, weight, volume) at the build. Containers per round = "
        "containers loaded / rounds; overflow = ready transfers a round could not take.",
    ),
    (
        "Inventory record accuracy",
        "First counts (recounts excluded) of the cycle counts made in the period: hit rate = "
        "lines whose difference is within their class tolerance / lines counted; "
        "quantity-weighted = (sum |theoretical| - sum |difference|) / sum |theoretical|; value "
        "of differences = sum of (counted - theoretical) x unit cost at the count, net and "
        "absolute.",
    ),
]


class LogisticsKpiWorkbook(models.AbstractModel):
    """The monthly KPI workbook: one sheet per family, native Excel charts, definitions."""

    _name = "logistics.kpi.workbook"
    _description = "Logistics KPI Workbook"

    @api.model
    def _build_workbook(self, date_from, date_to, filters=None):
        dashboard = self.env["logistics.kpi.dashboard"]
        data = dashboard.get_dashboard_data(date_from, date_to, filters)
        kpis = data["kpis"]
        period = kpis["period"]
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        fmt = {
            "title": book.add_format({"bold": True, "font_size": 14}),
            "head": book.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1}),
            "num": book.add_format({"num_format": "#,##0.00"}),
            "int": book.add_format({"num_format": "#,##0"}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
            "green": book.add_format({"bg_color": "#C6EFCE", "num_format": "#,##0.00"}),
            "amber": book.add_format({"bg_color": "#FFEB9C", "num_format": "#,##0.00"}),
            "red": book.add_format({"bg_color": "#FFC7CE", "num_format": "#,##0.00"}),
            "none": book.add_format({"num_format": "#,##0.00"}),
        }
        subtitle = f"{period['date_from']} - {period['date_to']} ({period['days']} days)"

        def table(sheet, row, headers, rows, formats=None):
            sheet.write_row(row, 0, headers, fmt["head"])
            for offset, values in enumerate(rows, start=1):
                for col, value in enumerate(values):
                    style = (formats or {}).get(col, fmt["num"])
                    if value is None:
                        sheet.write_string(row + offset, col, "n/a")
                    elif isinstance(value, int | float):
                        sheet.write_number(row + offset, col, value, style)
                    else:
                        sheet.write(row + offset, col, value)
            return row + len(rows)

        def start(name, title, widths):
            sheet = book.add_worksheet(name)
            sheet.write(0, 0, title, fmt["title"])
            sheet.write(1, 0, subtitle)
            for col, width in enumerate(widths):
                sheet.set_column(col, col, width)
            return sheet

        # Summary: the headline figures with their colour
        sheet = start("Summary", "Logistics KPIs", [32, 16, 16, 12, 10])
        sheet.write_row(3, 0, ["KPI", "Value", "Previous period", "Unit", "Status"], fmt["head"])
        for row, headline in enumerate(data["headlines"], start=4):
            sheet.write(row, 0, headline["label"])
            for col, key in ((1, "value"), (2, "previous")):
                if headline[key] is None:
                    sheet.write_string(row, col, "n/a")
                else:
                    style = fmt[headline["status"]] if col == 1 else fmt["num"]
                    sheet.write_number(row, col, headline[key], style)
            sheet.write(row, 3, headline["unit"])
            sheet.write(row, 4, headline["status"])

        # Turnover and coverage by category
        stock = kpis["stock"]
        sheet = start("Turnover", "Turnover and coverage", [36, 18, 18, 12, 14])
        last = table(
            sheet,
            3,
            ["Measure", "Value"],
            [
                ["Average stock value", stock["average_value"]],
                ["Stock value at period end", stock["end_value"]],
                ["Value consumed", stock["consumed_value"]],
                ["Turnover", stock["turnover"]],
                ["Turnover (annualised)", stock["turnover_annual"]],
                [f"Coverage (days, {stock['coverage_window_days']}-day window)",
                 stock["coverage_days"]],
            ],
        )  # fmt: skip
        first = last + 2
        last = table(
            sheet,
            first,
            ["Product category", "Average stock value", "Value consumed", "Turnover",
             "Annualised"],
            [
                [row["name"], row["average_value"], row["consumed_value"], row["turnover"],
                 row["turnover_annual"]]
                for row in stock["categories"]
            ],
        )  # fmt: skip
        if stock["categories"]:
            chart = book.add_chart({"type": "column"})
            chart.add_series(
                {
                    "name": "Annualised turnover",
                    "categories": ["Turnover", first + 1, 0, last, 0],
                    "values": ["Turnover", first + 1, 4, last, 4],
                }
            )
            chart.set_title({"name": "Annualised turnover by category"})
            chart.set_legend({"none": True})
            sheet.insert_chart(first, 6, chart)

        stockout = kpis["stockout"]
        sheet = start("Stockouts", "Stockout rate", [40, 16])
        table(
            sheet,
            3,
            ["Measure", "Value"],
            [
                ["Products with demand", stockout["products_with_demand"]],
                ["Product-days", stockout["product_days"]],
                ["Product-days out of stock", stockout["stockout_days"]],
                ["Stockout rate (%)", stockout["stockout_rate"]],
                ["Line stockouts declared", stockout["events_count"]],
                ["Line stockouts still open", stockout["events_open"]],
                ["Hours of declared line stockouts", stockout["events_hours"]],
                ["Average hours per line stockout", stockout["events_average_hours"]],
            ],
        )

        service = kpis["service"]
        sheet = start("Service", "Service: line fill rate and OTIF", [40, 16])
        table(
            sheet,
            3,
            ["Measure", "Value"],
            [
                ["Delivery lines delivered or cancelled", service["lines"]],
                ["Lines delivered in full", service["lines_in_full"]],
                ["Line fill rate (%)", service["line_fill_rate"]],
                ["Delivery orders done", service["orders_done"]],
                ["Orders on time in full", service["orders_otif"]],
                ["OTIF (%)", service["otif_rate"]],
            ],
        )

        lateness = kpis["lateness"]
        sheet = start("Punctuality", "Late rate by operation type", [36, 14, 14, 14])
        last = table(
            sheet,
            3,
            ["Operation type", "Done", "Late", "Late rate (%)"],
            [[row["name"], row["done"], row["late"], row["late_rate"]]
             for row in lateness["by_type"]]
            + [["All operations", lateness["done"], lateness["late"], lateness["late_rate"]],
               ["Manufacturing orders", lateness["mo_done"], lateness["mo_late"],
                lateness["mo_late_rate"]]],
        )  # fmt: skip
        if lateness["by_type"]:
            chart = book.add_chart({"type": "bar"})
            chart.add_series(
                {
                    "name": "Late rate (%)",
                    "categories": ["Punctuality", 4, 0, 3 + len(lateness["by_type"]), 0],
                    "values": ["Punctuality", 4, 3, 3 + len(lateness["by_type"]), 3],
                }
            )
            chart.set_title({"name": "Late rate by operation type"})
            chart.set_legend({"none": True})
            sheet.insert_chart(last + 2, 0, chart)

        sheet = start("Holding cost", "Holding cost", [40, 16])
        table(
            sheet,
            3,
            ["Measure", "Value"],
            [
                ["Average stock value", stock["average_value"]],
                ["Holding cost rate (taux de possession, % per year)", stock["holding_cost_rate"]],
                ["Days in the period", period["days"]],
                ["Holding cost of the period", stock["holding_cost"]],
            ],
        )

        sheet = start("Stock value", "Stock value at the end of each day", [14, 18])
        series = dashboard._stock_value_series(date_from, date_to, "day", filters)
        last = table(sheet, 3, ["Day", "Stock value"], [list(point) for point in series])
        if series:
            chart = book.add_chart({"type": "line"})
            chart.add_series(
                {
                    "name": "Stock value",
                    "categories": ["Stock value", 4, 0, last, 0],
                    "values": ["Stock value", 4, 1, last, 1],
                }
            )
            chart.set_title({"name": "Stock value evolution"})
            chart.set_legend({"none": True})
            sheet.insert_chart(3, 3, chart, {"x_scale": 1.5})
        for col, granularity in ((12, "week"), (15, "month")):
            sheet.write(2, col, f"End of each {granularity}", fmt["head"])
            points = dashboard._stock_value_series(date_from, date_to, granularity, filters)
            sheet.write_row(3, col, ["Day", "Stock value"], fmt["head"])
            for offset, (day, value) in enumerate(points, start=4):
                sheet.write(offset, col, day)
                sheet.write_number(offset, col + 1, value, fmt["num"])

        wip = kpis["wip"]
        sheet = start("WIP", "WIP and queues per work centre", [28] + [14] * 10)
        last = table(
            sheet,
            3,
            ["Work centre", "Queued", "In WIP", "Remaining min", "Capacity min/day",
             "Load (days)", "Average WIP", "Throughput/day", "Flow time (days)",
             "Little WIP", "Little gap (%)"],
            [[row["name"], row["queued"], row["wip"], row["remaining_minutes"],
              row["capacity_minutes_per_day"], row["load_days"], row["average_wip"],
              row["throughput_per_day"], row["flow_days"], row["littles_wip"],
              row["littles_gap"]] for row in wip["workcenters"]]
            + [["Plant (manufacturing orders)", None, None, None, None, None,
                wip["plant"]["average_wip"], wip["plant"]["throughput_per_day"],
                wip["plant"]["flow_days"], wip["plant"]["littles_wip"],
                wip["plant"]["littles_gap"]]],
        )  # fmt: skip
        if wip["workcenters"]:
            chart = book.add_chart({"type": "column"})
            chart.add_series(
                {
                    "name": "Load (days)",
                    "categories": ["WIP", 4, 0, 3 + len(wip["workcenters"]), 0],
                    "values": ["WIP", 4, 5, 3 + len(wip["workcenters"]), 5],
                }
            )
            chart.set_title({"name": "Queue load in days of capacity"})
            chart.set_legend({"none": True})
            sheet.insert_chart(last + 2, 0, chart)

        self._write_family_sheets(book, fmt, start, table, kpis)

        sheet = start("Definitions", "Definitions", [26, 110])
        table(sheet, 3, ["KPI", "Definition"], KPI_DEFINITIONS, formats={1: fmt["wrap"]})
        book.close()
        return output.getvalue()

    @api.model
    def _write_family_sheets(self, book, fmt, start, table, kpis):
        """The sheets of the figures recorded by the kanban, milk-run and cycle-count features."""

        def column_chart(sheet_name, title, first, last, series, at):
            chart = book.add_chart({"type": "column"})
            for name, col in series:
                chart.add_series(
                    {
                        "name": name,
                        "categories": [sheet_name, first, 0, last, 0],
                        "values": [sheet_name, first, col, last, col],
                    }
                )
            chart.set_title({"name": title})
            if len(series) == 1:
                chart.set_legend({"none": True})
            book.get_worksheet_by_name(sheet_name).insert_chart(at, 0, chart)

        kanban = kpis["kanban"]
        sheet = start("Kanban", "Kanban cards and scan-to-receipt lead time", [36, 16])
        last = table(
            sheet,
            3,
            ["Measure", "Value"],
            [
                ["Replenishments received", kanban["receipts"]],
                ["Scan-to-receipt lead time, median (hours)", kanban["lead_time_median_hours"]],
                ["Scan-to-receipt lead time, average (hours)", kanban["lead_time_average_hours"]],
                ["Cards in circulation", kanban["cards_in_circulation"]],
            ],
        )
        first = last + 2
        last = table(
            sheet,
            first,
            ["Card state (now)", "Cards"],
            [[row["name"], row["count"]] for row in kanban["cards"]],
            formats={1: fmt["int"]},
        )
        if kanban["cards_total"]:
            column_chart("Kanban", "Cards by state", first + 1, last, [("Cards", 1)], last + 2)

        milk_run = kpis["milk_run"]
        sheet = start("Milk runs", "Milk runs: punctuality and train fill", [36] + [14] * 7)
        last = table(
            sheet,
            3,
            ["Measure", "Value"],
            [
                ["Rounds built", milk_run["rounds"]],
                ["Rounds departed", milk_run["departed"]],
                ["Departed on time", milk_run["departed_on_time"]],
                ["Rounds on time (%)", milk_run["punctuality_rate"]],
                ["Stops reached", milk_run["stops_reached"]],
                ["Stops within window", milk_run["stops_in_window"]],
                ["Stops within window (%)", milk_run["stop_window_rate"]],
                ["Average train fill (%)", milk_run["fill_rate"]],
                ["Containers per round", milk_run["containers_per_round"]],
                ["Transfers overflowed", milk_run["overflow_count"]],
            ],
        )
        first = last + 2
        last = table(
            sheet,
            first,
            ["Circuit", "Rounds", "On time (%)", "Stops in window (%)", "Train fill (%)",
             "Containers/round", "Overflow"],
            [[row["name"], row["rounds"], row["punctuality_rate"], row["stop_window_rate"],
              row["fill_rate"], row["containers_per_round"], row["overflow_count"]]
             for row in milk_run["circuits"]],
        )  # fmt: skip
        if milk_run["circuits"]:
            column_chart(
                "Milk runs",
                "Punctuality and train fill by circuit",
                first + 1,
                last,
                [("On time (%)", 2), ("Train fill (%)", 4)],
                last + 2,
            )

        accuracy = kpis["accuracy"]
        sheet = start("Accuracy", "Inventory record accuracy (cycle counts)", [36] + [16] * 5)
        last = table(
            sheet,
            3,
            ["Measure", "Value"],
            [
                ["Lines counted", accuracy["lines"]],
                ["Lines within tolerance", accuracy["lines_within_tolerance"]],
                ["Hit rate (%)", accuracy["hit_rate"]],
                ["Quantity-weighted accuracy (%)", accuracy["quantity_accuracy"]],
                ["Value of differences (net)", accuracy["difference_value"]],
                ["Value of differences (absolute)", accuracy["absolute_difference_value"]],
            ],
        )
        first = last + 2
        last = table(
            sheet,
            first,
            ["ABC class", "Lines", "Hit rate (%)", "Quantity-weighted (%)", "Net value",
             "Absolute value"],
            [[row["name"], row["lines"], row["hit_rate"], row["quantity_accuracy"],
              row["difference_value"], row["absolute_difference_value"]]
             for row in accuracy["classes"]],
        )  # fmt: skip
        if accuracy["classes"]:
            column_chart(
                "Accuracy",
                "Record accuracy by ABC class",
                first + 1,
                last,
                [("Hit rate (%)", 2), ("Quantity-weighted (%)", 3)],
                last + 2,
            )
