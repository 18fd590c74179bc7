from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

# The period shown when none is chosen: the last 30 days, today included (the dashboard's
# client sets the same default; a circuit's KPIs tab uses it too).
DEFAULT_PERIOD_DAYS = 30

# Where a family of figures comes from: the reporting model a figure drills down to and the
# domain of the period on it. A new family (kanban, milk run, count accuracy) adds its SQL
# view, one entry here, one `_kpi_<family>` method and one section in the dashboard.
DRILL_DOWNS = {
    "consumption": ("logistics.kpi.consumption", "date", []),
    "stock_value": ("logistics.kpi.stock.snapshot", "date", []),
    "stockout": ("logistics.kpi.stock.snapshot", "date", [("is_stockout", "=", True)]),
    "line_fill": ("logistics.kpi.delivery.line", "date", []),
    "line_not_in_full": ("logistics.kpi.delivery.line", "date", [("in_full", "=", False)]),
    "otif": ("logistics.kpi.delivery.line", "date", [("order_done_count", "=", 1)]),
    "late": ("logistics.kpi.operation", "date", [("is_late", "=", True)]),
    "mo_late": (
        "logistics.kpi.operation",
        "date",
        [("kind", "=", "production"), ("is_late", "=", True)],
    ),
    "queue": ("logistics.kpi.workorder", None, [("wip_count", "=", 1)]),
    "kanban_cards": ("logistics.kanban.card", None, []),
    "kanban_lead_time": (
        "logistics.kanban.scan",
        "date_received",
        [("status", "=", "ok"), ("date_received", "!=", False)],
    ),
    "stockout_events": ("logistics.stockout.event", "date", []),
    "milk_run_rounds": ("logistics.milk.run.report", "planned_departure", []),
    "milk_run_late": (
        "logistics.milk.run.report",
        "planned_departure",
        [("departed", "=", 1), ("departed_on_time", "=", 0)],
    ),
    "count_lines": ("logistics.count.accuracy.report", "date", []),
    "count_misses": (
        "logistics.count.accuracy.report",
        "date",
        [("within_tolerance", "=", False)],
    ),
}

# How the dashboard's filters reach the records of a family that has no such column of its
# own: a path through its loop, circuit or product; None when the filter does not apply (a
# milk-run round carries many products). A model not listed has the columns themselves.
FILTER_PATHS = {
    "logistics.kanban.card": {
        "warehouse_id": "loop_id.warehouse_id",
        "categ_id": "product_id.categ_id",
    },
    "logistics.kanban.scan": {
        "warehouse_id": "loop_id.warehouse_id",
        "categ_id": "loop_id.product_id.categ_id",
        "product_id": "loop_id.product_id",
    },
    "logistics.stockout.event": {"warehouse_id": "loop_id.warehouse_id"},
    "logistics.milk.run.report": {
        "warehouse_id": "milk_run_id.source_location_id.warehouse_id",
        "categ_id": None,
        "product_id": None,
    },
    "logistics.count.accuracy.report": {"categ_id": "product_id.categ_id"},
}


class LogisticsKpiDashboard(models.AbstractModel):
    """The logistics KPIs of a period, computed by PostgreSQL and read with read_group.

    One entry point, `_compute_kpis`, feeds the dashboard, the workbook and the PDF report,
    so the three always agree. A figure without a denominator is None ("n/a"), never an error.
    Definitions: readme/KPIS.md.
    """

    _name = "logistics.kpi.dashboard"
    _description = "Logistics KPI Dashboard"

    # ---------------------------------------------------------------- helpers
    @api.model
    def _period(self, date_from, date_to):
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        if not date_from or not date_to or date_from > date_to:
            raise UserError(self.env._("Choose a period whose start comes before its end."))
        return date_from, date_to, (date_to - date_from).days + 1

    @api.model
    def _filter_domain(self, filters, warehouse=True, model=None):
        """Warehouse, product category and product filters as a domain on any KPI view,
        through the paths of FILTER_PATHS for the records of `model`."""
        filters = filters or {}
        paths = FILTER_PATHS.get(model, {})
        domain = [("company_id", "in", self.env.companies.ids)]
        terms = (
            ("warehouse_id", "=", warehouse and filters.get("warehouse_id")),
            ("categ_id", "child_of", filters.get("categ_id")),
            ("product_id", "=", filters.get("product_id")),
        )
        for key, operator, value in terms:
            path = paths.get(key, key)
            if value and path:
                domain.append((path, operator, int(value)))
        return domain

    @staticmethod
    def _ratio(numerator, denominator, factor=1.0, digits=2):
        if not denominator:
            return None
        return float_round(factor * numerator / denominator, precision_digits=digits)

    @staticmethod
    def _money(amount):
        return float_round(amount or 0.0, precision_digits=2)

    # ---------------------------------------------------------------- families
    @api.model
    def _compute_kpis(
        self, date_from, date_to, filters=None, coverage_window_days=90, details=True
    ):
        """Every KPI family of the period [date_from, date_to] (days, both included).

        Without details (the previous period of the dashboard), the headline figures only.
        """
        date_from, date_to, days = self._period(date_from, date_to)
        kpis = {
            "period": {
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
                "days": days,
                "currency": self.env.company.currency_id.name,
            },
        }
        kpis["stock"] = self._kpi_stock(
            date_from, date_to, days, filters, coverage_window_days, details
        )
        kpis["stockout"] = self._kpi_stockout(date_from, date_to, days, filters)
        kpis["service"] = self._kpi_service(date_from, date_to, filters)
        kpis["lateness"] = self._kpi_lateness(date_from, date_to, filters)
        kpis["wip"] = self._kpi_wip(date_from, date_to, days, filters) if details else {}
        kpis["kanban"] = self._kpi_kanban(date_from, date_to, filters)
        kpis["milk_run"] = self._kpi_milk_run(date_from, date_to, filters, details)
        kpis["accuracy"] = self._kpi_accuracy(date_from, date_to, filters, details)
        return kpis

    @api.model
    def _stock_model(self, filters, groupby=()):
        """The daily sums per category, or the per-product snapshots when products matter."""
        if (filters and filters.get("product_id")) or "product_id" in groupby:
            return self.env["logistics.kpi.stock.snapshot"]
        return self.env["logistics.kpi.stock.daily"]

    @api.model
    def _consumption(self, filters, domain, groupby=()):
        """Value and quantity consumed, grouped: from the daily stock tables (fast), or from
        the moves when a warehouse is chosen (stock is valued per company, not per warehouse).
        """
        if filters and filters.get("warehouse_id"):
            model, value, quantity = "logistics.kpi.consumption", "value", "quantity"
        else:
            model = self._stock_model(filters, groupby)._name
            value, quantity = "consumed_value", "consumed_qty"
        return self.env[model]._read_group(
            self._filter_domain(filters) + domain
            if model == "logistics.kpi.consumption"
            else self._filter_domain(filters, warehouse=False) + domain,
            list(groupby),
            [f"{value}:sum", f"{quantity}:sum"],
        )

    @api.model
    def _kpi_stock(self, date_from, date_to, days, filters, window_days, details=True):
        """Turnover, coverage, holding cost, by category too."""
        Snapshot = self._stock_model(filters)
        stock_domain = self._filter_domain(filters, warehouse=False)
        in_period = [("date", ">=", date_from), ("date", "<=", date_to)]
        by_company = dict(
            Snapshot._read_group(stock_domain + in_period, ["company_id"], ["value:sum"])
        )
        stock_day_value = sum(by_company.values())
        average_value = stock_day_value / days
        holding_cost = sum(
            value / days * company.logistics_holding_cost_rate / 100 * days / 365
            for company, value in by_company.items()
        )
        [[end_value, end_qty]] = Snapshot._read_group(
            stock_domain + [("date", "=", date_to)], [], ["value:sum", "quantity:sum"]
        )
        [[consumed_value, consumed_qty]] = self._consumption(filters, in_period)
        window_start = date_to - timedelta(days=window_days - 1)
        [[window_value, _window_qty]] = self._consumption(
            filters, [("date", ">=", window_start), ("date", "<=", date_to)]
        )
        turnover = self._ratio(consumed_value or 0.0, average_value)
        categories = (
            self._kpi_stock_by_category(stock_domain + in_period, filters, in_period, days)
            if details
            else []
        )
        rate = self.env.company.logistics_holding_cost_rate
        return {
            "average_value": self._money(average_value),
            "end_value": self._money(end_value),
            "end_quantity": end_qty or 0.0,
            "consumed_value": self._money(consumed_value),
            "consumed_quantity": consumed_qty or 0.0,
            "turnover": turnover,
            "turnover_annual": self._ratio((consumed_value or 0.0) * 365, average_value * days),
            "coverage_days": self._ratio(
                end_value or 0.0, (window_value or 0.0) / window_days, digits=1
            ),
            "coverage_window_days": window_days,
            "holding_cost_rate": rate,
            "holding_cost": self._money(holding_cost) if stock_day_value else None,
            "categories": categories,
        }

    @api.model
    def _kpi_stock_by_category(self, stock_domain, filters, in_period, days):
        Snapshot = self._stock_model(filters)
        stock = dict(Snapshot._read_group(stock_domain, ["categ_id"], ["value:sum"]))
        consumed = {
            category: value
            for category, value, _qty in self._consumption(filters, in_period, ["categ_id"])
        }
        rows = []
        for category in (self.env["product.category"].union(*stock, *consumed)).sorted(
            "complete_name"
        ):
            average = stock.get(category, 0.0) / days
            used = consumed.get(category, 0.0)
            rows.append(
                {
                    "categ_id": category.id,
                    "name": category.complete_name,
                    "average_value": self._money(average),
                    "consumed_value": self._money(used),
                    "turnover": self._ratio(used, average),
                    "turnover_annual": self._ratio(used * 365, average * days),
                }
            )
        return rows

    @api.model
    def _kpi_stockout(self, date_from, date_to, days, filters):
        """Product-days out of stock over the products with demand in the period."""
        in_period = [("date", ">=", date_from), ("date", "<=", date_to)]
        stock = self._stockout_product_counts(date_from, date_to, filters)
        if filters and filters.get("warehouse_id"):
            demanded = {
                product.id
                for product, _value, quantity in self._consumption(
                    filters, in_period, ["product_id"]
                )
                if quantity
            }
        else:
            # consumed quantities are never negative: some demand = a day with demand
            demanded = {product for product, _days, demand_days in stock if demand_days}
        days_in_stock = sum(days for product, days, _demand in stock if product in demanded)
        product_days = len(demanded) * days
        # a day without a snapshot row is a day before the product's first receipt: on-hand 0
        stockout_days = product_days - days_in_stock
        family = {
            "products_with_demand": len(demanded),
            "product_days": product_days,
            "stockout_days": stockout_days,
            "stockout_rate": self._ratio(stockout_days, product_days, 100),
        }
        family.update(self._kpi_stockout_events(date_from, date_to, filters))
        return family

    @api.model
    def _stockout_product_counts(self, date_from, date_to, filters):
        """(product id, days in stock, days with demand) of each product over the period.

        Summing the period's daily rows reads products x days rows (1.8 million for 20,000
        products over 90 days). The snapshots carry month-to-date counts instead, so a sum
        over [a, b] is the count at b, minus the count at a - 1, plus the count at the end
        of each month from a - 1's month to the month before b's: a few rows per product.
        A product without a row on a day had not started yet (rows run without gap from its
        first day to the last refresh): it counts 0. The end is cut at the last day stored.
        """
        Snapshot = self.env["logistics.kpi.stock.snapshot"]
        Snapshot.flush_model()
        table = SQL.identifier(Snapshot._table)
        companies = self.env.companies.ids
        self.env.cr.execute(
            SQL(
                """SELECT c.id, (SELECT max(date) FROM %s WHERE company_id = c.id)
                     FROM unnest(%s::int[]) AS c(id)""",
                table,
                companies,
            )
        )
        weights = {}  # (company, day) -> +1 or -1
        for company_id, last_day in self.env.cr.fetchall():
            end = min(date_to, last_day) if last_day else None
            if not end or end < date_from:
                continue
            before = date_from - timedelta(days=1)
            terms = [(end, 1), (before, -1)]
            month_end = before.replace(day=1) + relativedelta(months=1, days=-1)
            while month_end < end.replace(day=1):
                terms.append((month_end, 1))
                month_end = (month_end + timedelta(days=1)) + relativedelta(months=1, days=-1)
            for day, sign in terms:
                key = (company_id, day)
                weights[key] = weights.get(key, 0) + sign
        weights = {key: sign for key, sign in weights.items() if sign}
        if not weights:
            return []
        weight = SQL(
            "CASE %s ELSE 0 END",
            SQL(" ").join(
                SQL(
                    "WHEN %s = %s AND %s = %s THEN %s",
                    SQL.identifier(Snapshot._table, "company_id"),
                    company_id,
                    SQL.identifier(Snapshot._table, "date"),
                    day,
                    sign,
                )
                for (company_id, day), sign in weights.items()
            ),
        )
        query = Snapshot._search(
            self._filter_domain(filters, warehouse=False)
            + [("date", "in", sorted({day for _company, day in weights}))]
        )
        product = SQL.identifier(Snapshot._table, "product_id")
        query.groupby = product
        return self.env.execute_query(
            query.select(
                product,
                SQL("sum(%s * %s)", weight, SQL.identifier(Snapshot._table, "month_in_stock_days")),
                SQL("sum(%s * %s)", weight, SQL.identifier(Snapshot._table, "month_demand_days")),
            )
        )

    @api.model
    def _datetime_bounds(self, date_from, date_to):
        """[start, stop) of the period for datetime columns (UTC, like every KPI)."""
        return (
            datetime.combine(date_from, time.min),
            datetime.combine(date_to + timedelta(days=1), time.min),
        )

    @api.model
    def _select(self, model, domain, *columns):
        """One row of aggregates over the records of `domain`, with their record rules.

        For what read_group cannot aggregate (a median, a duration clipped to the period)."""
        Model = self.env[model]
        Model.flush_model()
        query = Model._search(domain)
        return self.env.execute_query(query.select(*columns))[0]

    @api.model
    def _kpi_stockout_events(self, date_from, date_to, filters):
        """Line stockouts declared by operators in the period: count and duration.

        An event still open counts until the end of the period (or now, if sooner)."""
        start, stop = self._datetime_bounds(date_from, date_to)
        model = "logistics.stockout.event"
        table = self.env[model]._table
        until = SQL(
            "COALESCE(%s, LEAST(%s, %s))",
            SQL.identifier(table, "date_end"),
            fields.Datetime.now(),
            stop,
        )
        count, open_count, hours = self._select(
            model,
            self._filter_domain(filters, model=model)
            + [("date", ">=", start), ("date", "<", stop)],
            SQL("count(*)"),
            SQL("count(*) FILTER (WHERE %s IS NULL)", SQL.identifier(table, "date_end")),
            SQL(
                "sum(GREATEST(extract(epoch FROM %s - %s), 0)) / 3600.0",
                until,
                SQL.identifier(table, "date"),
            ),
        )
        return {
            "events_count": count,
            "events_open": open_count,
            "events_hours": float_round(hours or 0.0, precision_digits=2) if count else None,
            "events_average_hours": self._ratio(hours or 0.0, count),
        }

    @api.model
    def _kpi_kanban(self, date_from, date_to, filters):
        """Cards by state (now) and the scan-to-receipt lead time of the cycles closed in the
        period (the replenishment arrived between its first and last day)."""
        cards = dict(
            self.env["logistics.kanban.card"]._read_group(
                self._filter_domain(filters, model="logistics.kanban.card"),
                ["state"],
                ["__count"],
            )
        )
        start, stop = self._datetime_bounds(date_from, date_to)
        model = "logistics.kanban.scan"
        table = self.env[model]._table
        hours = SQL(
            "extract(epoch FROM %s - %s) / 3600.0",
            SQL.identifier(table, "date_received"),
            SQL.identifier(table, "date"),
        )
        count, median, average = self._select(
            model,
            self._filter_domain(filters, model=model)
            + [("status", "=", "ok"), ("date_received", ">=", start), ("date_received", "<", stop)],
            SQL("count(*)"),
            SQL("percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)", hours),
            SQL("avg(%s)", hours),
        )
        # the state labels in the user's language
        states = self.env["logistics.kanban.card"]._fields["state"]._description_selection(self.env)
        return {
            "cards": [
                {"state": state, "name": label, "count": cards.get(state, 0)}
                for state, label in states
            ],
            "cards_total": sum(cards.values()),
            "cards_in_circulation": sum(
                count for state, count in cards.items() if state != "retired"
            ),
            "receipts": count,
            "lead_time_median_hours": (float_round(median, precision_digits=2) if count else None),
            "lead_time_average_hours": (
                float_round(average, precision_digits=2) if count else None
            ),
        }

    @api.model
    def _kpi_milk_run(self, date_from, date_to, filters, details=True, milk_runs=None):
        """Rounds built for a departure in the period: punctuality, fill, containers, overflow.

        With `milk_runs`, only those circuits' rounds: the *KPIs* tab of a circuit reads its
        row of `circuits` from here, so the form and the dashboard share one definition."""
        model = "logistics.milk.run.report"
        domain = self._filter_domain(filters, model=model) + [
            ("planned_departure", ">=", date_from),
            ("planned_departure", "<=", date_to),
        ]
        if milk_runs is not None:
            domain.append(("milk_run_id", "in", milk_runs.ids))
        aggregates = [
            "__count",
            "departed:sum",
            "departed_on_time:sum",
            "stops_reached:sum",
            "stops_in_window:sum",
            "fill_ratio:sum",
            "containers:sum",
            "overflow_count:sum",
        ]
        Report = self.env[model]

        def figures(rounds, departed, on_time, reached, in_window, fill, containers, overflow):
            return {
                "rounds": rounds,
                "departed": departed or 0,
                "departed_on_time": on_time or 0,
                "punctuality_rate": self._ratio(on_time or 0, departed, 100),
                "stops_reached": reached or 0,
                "stops_in_window": in_window or 0,
                "stop_window_rate": self._ratio(in_window or 0, reached, 100),
                "fill_rate": self._ratio(fill or 0.0, rounds, 100),
                "containers": containers or 0.0,
                "containers_per_round": self._ratio(containers or 0.0, rounds),
                "overflow_count": overflow or 0,
            }

        [total] = Report._read_group(domain, [], aggregates)
        family = figures(*total)
        family["circuits"] = []
        if details:
            for circuit, *values in Report._read_group(domain, ["milk_run_id"], aggregates):
                row = figures(*values)
                row.update(milk_run_id=circuit.id, name=circuit.display_name)
                family["circuits"].append(row)
            family["circuits"].sort(key=lambda row: row["name"])
        return family

    @api.model
    def _kpi_accuracy(self, date_from, date_to, filters, details=True):
        """Inventory record accuracy of the first counts made in the period."""
        model = "logistics.count.accuracy.report"
        domain = self._filter_domain(filters, model=model) + [
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        aggregates = [
            "__count",
            "hit_rate:sum",
            "quantity_accuracy:sum",
            "difference_value:sum",
            "absolute_difference_value:sum",
        ]
        Report = self.env[model]

        def figures(lines, hits, accuracy, value, absolute):
            # hit_rate is 100 on a line within its tolerance, 0 otherwise
            within = round((hits or 0.0) / 100)
            return {
                "lines": lines,
                "lines_within_tolerance": within,
                "hit_rate": self._ratio(within, lines, 100),
                "quantity_accuracy": (float_round(accuracy, precision_digits=2) if lines else None),
                "difference_value": self._money(value),
                "absolute_difference_value": self._money(absolute),
            }

        [total] = Report._read_group(domain, [], aggregates)
        family = figures(*total)
        family["classes"] = []
        if details:
            labels = dict(Report._fields["abc_class"]._description_selection(self.env))
            for abc_class, *values in Report._read_group(
                domain, ["abc_class"], aggregates, order="abc_class"
            ):
                row = figures(*values)
                row.update(abc_class=abc_class, name=labels.get(abc_class, abc_class))
                family["classes"].append(row)
        return family

    @api.model
    def _kpi_service(self, date_from, date_to, filters):
        """Line fill rate and OTIF of the customer delivery orders closed in the period."""
        [[lines, in_full, orders, otif]] = self.env["logistics.kpi.delivery.line"]._read_group(
            self._filter_domain(filters) + [("date", ">=", date_from), ("date", "<=", date_to)],
            [],
            ["line_count:sum", "in_full_count:sum", "order_done_count:sum", "otif_count:sum"],
        )
        return {
            "lines": lines or 0,
            "lines_in_full": in_full or 0,
            "line_fill_rate": self._ratio(in_full or 0, lines, 100),
            "orders_done": orders or 0,
            "orders_otif": otif or 0,
            "otif_rate": self._ratio(otif or 0, orders, 100),
        }

    @api.model
    def _kpi_lateness(self, date_from, date_to, filters):
        """Late rate by operation type, for transfers and manufacturing orders."""
        domain = self._filter_domain(filters, warehouse=True)
        domain = [term for term in domain if term[0] not in ("categ_id", "product_id")]
        groups = self.env["logistics.kpi.operation"]._read_group(
            domain + [("date", ">=", date_from), ("date", "<=", date_to)],
            ["kind", "picking_type_id"],
            ["done_count:sum", "late_count:sum"],
        )
        by_type = []
        totals = {"picking": [0, 0], "production": [0, 0]}
        for kind, picking_type, done, late in groups:
            totals[kind][0] += done
            totals[kind][1] += late
            by_type.append(
                {
                    "kind": kind,
                    "picking_type_id": picking_type.id,
                    "name": picking_type.display_name or self.env._("Manufacturing"),
                    "done": done,
                    "late": late,
                    "late_rate": self._ratio(late, done, 100),
                }
            )
        done = totals["picking"][0] + totals["production"][0]
        late = totals["picking"][1] + totals["production"][1]
        return {
            "done": done,
            "late": late,
            "late_rate": self._ratio(late, done, 100),
            "transfers_done": totals["picking"][0],
            "transfers_late": totals["picking"][1],
            "transfer_late_rate": self._ratio(totals["picking"][1], totals["picking"][0], 100),
            "mo_done": totals["production"][0],
            "mo_late": totals["production"][1],
            "mo_late_rate": self._ratio(totals["production"][1], totals["production"][0], 100),
            "by_type": sorted(by_type, key=lambda row: row["name"]),
        }

    @api.model
    def _kpi_wip(self, date_from, date_to, days, filters):
        """Queues per work centre against its daily capacity, and Little's law (WIP = TH x FT)."""
        companies = self.env.companies.ids
        queue = {
            workcenter: (queued, wip, minutes)
            for workcenter, queued, wip, minutes in self.env["logistics.kpi.workorder"]._read_group(
                [("company_id", "in", companies), ("wip_count", "=", 1)],
                ["workcenter_id"],
                ["queued_count:sum", "wip_count:sum", "remaining_minutes:sum"],
            )
        }
        flows = self._littles_law(date_from, date_to, days, by_workcenter=True)
        workcenters = self.env["mrp.workcenter"].union(
            *queue, *self.env["mrp.workcenter"].browse(flows)
        )
        rows = []
        for workcenter in workcenters.sorted("name"):
            queued, wip, minutes = queue.get(workcenter, (0, 0, 0.0))
            capacity = (
                (workcenter.resource_calendar_id.hours_per_day or 0.0)
                * 60
                * workcenter.default_capacity
                * (workcenter.time_efficiency or 100.0)
                / 100
            )
            row = {
                "workcenter_id": workcenter.id,
                "name": workcenter.display_name,
                "queued": queued,
                "wip": wip,
                "remaining_minutes": float_round(minutes, precision_digits=2),
                "capacity_minutes_per_day": float_round(capacity, precision_digits=2),
                "load_days": self._ratio(minutes, capacity),
            }
            row.update(flows.get(workcenter.id, self._littles_law_row(0.0, 0, 0.0, days)))
            rows.append(row)
        plant = self._littles_law(date_from, date_to, days).get(
            None, self._littles_law_row(0.0, 0, 0.0, days)
        )
        return {"workcenters": rows, "plant": plant}

    @api.model
    def _littles_law(self, date_from, date_to, days, by_workcenter=False):
        """Average WIP, throughput and flow time over the period, by PostgreSQL.

        WIP is the time-average of orders in process (each order counts for the share of the
        period it spent between start and finish); throughput the orders finished per day;
        flow time their mean start-to-finish days. Little (1961): WIP = throughput x flow time;
        a gap says the period is not in steady state or dates are not recorded.
        """
        start = datetime.combine(date_from, time.min)
        stop = datetime.combine(date_to + timedelta(days=1), time.min)
        if by_workcenter:
            orders = SQL(
                """SELECT wo.workcenter_id AS key, wo.date_start, wo.date_finished, wo.state
                     FROM mrp_workorder wo JOIN mrp_production mo ON mo.id = wo.production_id
                    WHERE mo.company_id = ANY(%s) AND wo.state IN ('progress', 'done')""",
                self.env.companies.ids,
            )
        else:
            orders = SQL(
                """SELECT NULL::int AS key, mo.date_start, mo.date_finished, mo.state
                     FROM mrp_production mo
                    WHERE mo.company_id = ANY(%s)
                      AND mo.state IN ('progress', 'to_close', 'done')""",
                self.env.companies.ids,
            )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH orders AS (%(orders)s), clipped AS (
                SELECT key, state, date_start, date_finished,
                       GREATEST(date_start, %(start)s) AS since,
                       LEAST(CASE WHEN state = 'done' THEN date_finished
                                  ELSE %(stop)s END, %(stop)s) AS until
                  FROM orders WHERE date_start IS NOT NULL
            )
            SELECT key,
                   sum(GREATEST(extract(epoch FROM until - since), 0)) / 86400.0 AS order_days,
                   count(*) FILTER (WHERE state = 'done' AND date_finished >= %(start)s
                                      AND date_finished < %(stop)s) AS done,
                   avg(extract(epoch FROM date_finished - date_start) / 86400.0)
                       FILTER (WHERE state = 'done' AND date_finished >= %(start)s
                                 AND date_finished < %(stop)s) AS flow_days
              FROM clipped
             GROUP BY key
            """,
                orders=orders,
                start=start,
                stop=stop,
            )
        )
        return {
            key: self._littles_law_row(order_days, done, flow_days or 0.0, days)
            for key, order_days, done, flow_days in self.env.cr.fetchall()
        }

    @api.model
    def _littles_law_row(self, order_days, done, flow_days, days):
        average_wip = order_days / days
        throughput = done / days
        expected = throughput * flow_days
        return {
            "average_wip": float_round(average_wip, precision_digits=2),
            "throughput_per_day": float_round(throughput, precision_digits=2),
            "flow_days": float_round(flow_days, precision_digits=2) if done else None,
            "littles_wip": float_round(expected, precision_digits=2) if done else None,
            "littles_gap": self._ratio(average_wip - expected, expected, 100) if done else None,
        }

    @api.model
    def _stock_value_series(self, date_from, date_to, granularity="day", filters=None):
        """Stock value at the end of each day, week (Sunday) or month of the period."""
        date_from, date_to, _days = self._period(date_from, date_to)
        domain = self._filter_domain(filters, warehouse=False) + [
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
        if granularity == "week":
            domain += ["|", ("is_week_end", "=", True), ("date", "=", date_to)]
        elif granularity == "month":
            domain += ["|", ("is_month_end", "=", True), ("date", "=", date_to)]
        groups = self._stock_model(filters)._read_group(
            domain, ["date:day"], ["value:sum"], order="date:day"
        )
        return [(fields.Date.to_string(day), self._money(value)) for day, value in groups]

    # ---------------------------------------------------------------- dashboard
    @api.model
    def _headline_definitions(self):
        """(code, label, family, key, unit, drill-down) of each headline figure, in order."""
        _ = self.env._
        return [
            ("turnover_annual", _("Turnover (annualised)"), "stock", "turnover_annual", "x",
             "consumption"),
            ("coverage_days", _("Coverage"), "stock", "coverage_days", "days", "stock_value"),
            ("stockout_rate", _("Stockout rate"), "stockout", "stockout_rate", "%", "stockout"),
            ("line_fill_rate", _("Line fill rate"), "service", "line_fill_rate", "%",
             "line_not_in_full"),
            ("otif_rate", _("OTIF"), "service", "otif_rate", "%", "otif"),
            ("late_rate", _("Late rate"), "lateness", "late_rate", "%", "late"),
            ("mo_late_rate", _("Late manufacturing orders"), "lateness", "mo_late_rate", "%",
             "mo_late"),
            ("holding_cost", _("Holding cost"), "stock", "holding_cost", "currency",
             "stock_value"),
            ("stockout_events", _("Line stockouts declared"), "stockout", "events_count", "events",
             "stockout_events"),
            ("kanban_lead_time_hours", _("Scan-to-receipt lead time (median)"), "kanban",
             "lead_time_median_hours", "h", "kanban_lead_time"),
            ("milk_run_punctuality", _("Milk-run rounds on time"), "milk_run",
             "punctuality_rate", "%", "milk_run_late"),
            ("milk_run_stop_window", _("Milk-run stops within window"), "milk_run",
             "stop_window_rate", "%", "milk_run_rounds"),
            ("milk_run_fill", _("Average train fill"), "milk_run", "fill_rate", "%",
             "milk_run_rounds"),
            ("count_hit_rate", _("Inventory record accuracy (hit rate)"), "accuracy",
             "hit_rate", "%", "count_misses"),
            ("count_quantity_accuracy", _("Quantity-weighted accuracy"), "accuracy",
             "quantity_accuracy", "%", "count_lines"),
        ]  # fmt: skip

    @api.model
    def get_dashboard_data(self, date_from=None, date_to=None, filters=None):
        """Headline figures with their colour and the previous period, trends and tables."""
        date_to = fields.Date.to_date(date_to) or fields.Date.context_today(self)
        date_from = fields.Date.to_date(date_from) or date_to - timedelta(
            days=DEFAULT_PERIOD_DAYS - 1
        )
        date_from, date_to, days = self._period(date_from, date_to)
        kpis = self._compute_kpis(date_from, date_to, filters)
        previous = self._compute_kpis(
            date_from - timedelta(days=days), date_from - timedelta(days=1), filters, details=False
        )
        targets = self.env["logistics.kpi.target"]._get_status_map()
        headlines = []
        for code, label, family, key, unit, drill in self._headline_definitions():
            value = kpis[family][key]
            headlines.append(
                {
                    "code": code,
                    "label": label,
                    "value": value,
                    "previous": previous[family][key],
                    "unit": kpis["period"]["currency"] if unit == "currency" else unit,
                    "status": targets.get(code, self.env["logistics.kpi.target"])._status(value),
                    "drill": drill,
                }
            )
        granularity = "day" if days <= 92 else "week" if days <= 400 else "month"
        return {
            "kpis": kpis,
            "headlines": headlines,
            "holding_cost_rate": kpis["stock"]["holding_cost_rate"],
            "series": self._stock_value_series(date_from, date_to, granularity, filters),
            "granularity": granularity,
        }

    @api.model
    def action_drill_down(self, drill, date_from, date_to, filters=None, extra_domain=None):
        """The records behind a figure: the moves, lines, operations or days it counts."""
        model, date_field, domain = DRILL_DOWNS[drill]
        date_from, date_to, _days = self._period(date_from, date_to)
        Model = self.env[model]
        domain = list(domain) + list(extra_domain or [])
        domain += [
            term
            for term in self._filter_domain(filters, model=model)
            if term[0].split(".")[0] in Model._fields
        ]
        if date_field:
            domain += [(date_field, ">=", date_from), (date_field, "<=", date_to)]
        return {
            "type": "ir.actions.act_window",
            "name": Model._description,
            "res_model": model,
            "views": [[False, "list"], [False, "pivot"], [False, "graph"]],
            "domain": domain,
            "context": {"create": False},
            "target": "current",
        }
