from collections import defaultdict

from odoo import api, models

# The technique a product is replenished by, when several: a pull loop first (it feeds the
# line), then a periodic review, then a reorder point.
TECHNIQUE_ORDER = ("kanban", "double_bin", "periodic_review", "reorder_point", "none")


class LogisticsKpiFamilyPolicy(models.AbstractModel):
    """Whether the replenishment techniques chosen perform: rotation, coverage, stockout rate
    and orders placed, per technique and ABC segment of the products consumed in the period."""

    _name = "logistics.kpi.family.policy"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: replenishment policies"
    _kpi_family = "policy"
    _kpi_sequence = 75

    @api.model
    def _kpi_family_info(self):
        return {
            "title": self.env._("Replenishment techniques"),
            "sheet": self.env._("Techniques"),
        }

    @api.model
    def _kpi_definitions(self):
        filters = ("period", "category", "product")
        return self._kpi_stock_definitions(filters) + self._kpi_order_definitions(filters)

    @api.model
    def _kpi_stock_definitions(self, filters):
        """What the stock of the replenished products does: turnover, coverage, stockouts."""
        _ = self.env._
        return [
            {
                "code": "policy_rotation",
                "key": "rotation",
                "label": _("Turnover of the replenished products"),
                "unit": "x",
                "direction": "higher",
                "definition": _(
                    "Value consumed in the period / average stock value of the products "
                    "consumed and replenished by a technique (kanban, double-bin, periodic "
                    "review, reorder point); per technique and ABC class in the table. A "
                    "product with a loop counts as kanban or double-bin, else with a periodic "
                    "rule as periodic review, else with an automatic rule as reorder point."
                ),
                "drill": "policy_snapshots",
                "filters": filters,
                "measures": [
                    ("products", _("Products replenished by a technique"), "count"),
                    ("consumed_value", _("Value consumed"), "currency"),
                    ("average_stock_value", _("Average stock value"), "currency"),
                ],
            },
            {
                "code": "policy_coverage_days",
                "key": "coverage_days",
                "label": _("Coverage of the replenished products"),
                "unit": "days",
                "direction": "neutral",
                "definition": _(
                    "Stock value on the last day of the period / value consumed a day in the "
                    "period, over the same products (couverture)."
                ),
                "drill": "policy_snapshots",
                "filters": filters,
                "measures": [("end_stock_value", _("Stock value at the end"), "currency")],
            },
            {
                "code": "policy_stockout_rate",
                "key": "stockout_rate",
                "label": _("Stockout rate of the replenished products"),
                "unit": "%",
                "direction": "lower",
                "definition": _(
                    "Product-days with the company's on-hand <= 0 / product-days, over the "
                    "same products (taux de rupture)."
                ),
                "drill": "policy_snapshots",
                "filters": filters,
                "measures": [("stockout_days", _("Product-days out of stock"), "count")],
            },
        ]

    @api.model
    def _kpi_order_definitions(self, filters):
        """What the techniques ordered."""
        _ = self.env._
        return [
            {
                "code": "policy_orders",
                "key": "orders",
                "label": _("Replenishment orders by technique"),
                "unit": "count",
                "direction": "neutral",
                "definition": _(
                    "Orders the techniques placed in the period: purchase order lines, "
                    "manufacturing orders and internal moves created by a reorder rule, and "
                    "accepted kanban scans (one replenishment a card)."
                ),
                "drill": "policy_rules",
                "filters": filters,
                "measures": [],
            },
        ]

    @api.model
    def _kpi_drill_downs(self):
        return {
            "policy_snapshots": ("logistics.kpi.stock.snapshot", "date", []),
            "policy_rules": ("stock.warehouse.orderpoint", None, [("trigger", "=", "auto")]),
        }

    @api.model
    def _kpi_filter_paths(self):
        by_product = {"categ_id": "product_id.categ_id"}
        return {
            "logistics.kpi.stock.snapshot": {"warehouse_id": None},
            "stock.warehouse.orderpoint": by_product,
            "logistics.kanban.loop": by_product,
            "logistics.abc.history": by_product,
            "purchase.order.line": by_product,
            "mrp.production": by_product,
            "stock.move": by_product,
            "logistics.kanban.scan": {
                "warehouse_id": "loop_id.warehouse_id",
                "categ_id": "loop_id.product_id.categ_id",
                "product_id": "loop_id.product_id",
            },
        }

    @api.model
    def _kpi_breakdowns(self):
        _ = self.env._
        return [
            {
                "code": "policy_segments",
                "title": _("By technique and ABC class"),
                "rows": "segments",
                "columns": [
                    ("name", _("Technique, class"), "text"),
                    ("products", _("Products"), "count"),
                    ("rotation", _("Turnover"), "x"),
                    ("coverage_days", _("Coverage"), "days"),
                    ("stockout_rate", _("Stockout rate"), "%"),
                    ("orders", _("Orders"), "count"),
                ],
                "drill": "policy_snapshots",
                "drill_fields": [("product_id", "product_ids", "in")],
                "row_class": "technique",
                "total": None,
                "chart": ["rotation"],
            }
        ]

    @api.model
    def _kpi_compute(self, period, filters):
        stock = self._policy_stock(period, filters)
        techniques = self._policy_techniques(filters)
        abc = dict(
            self.env["logistics.abc.history"]._read_group(
                self._filter_domain(filters, warehouse=False, model="logistics.abc.history")
                + [("is_current", "=", True), ("product_id", "in", [p.id for p in stock])],
                ["product_id"],
                ["abc_class:min"],
            )
        )
        orders = self._policy_orders(period, filters)
        groups = defaultdict(lambda: defaultdict(float))
        for product, figures in stock.items():
            technique = techniques.get(product, "none")
            key = (technique, abc.get(product) or "C")
            group = groups[key]
            group["products"] += 1
            group["orders"] += orders.get(product, 0)
            group["product_ids"] = [*group.get("product_ids", []), product.id]
            for name, value in figures.items():
                group[name] += value
        labels = dict(self._policy_technique_labels())
        rows = []
        for technique, abc_class in sorted(
            groups, key=lambda key: (TECHNIQUE_ORDER.index(key[0]), key[1])
        ):
            rows.append(
                {
                    "technique": technique,
                    "name": self.env._(
                        "%(technique)s, class %(abc)s", technique=labels[technique], abc=abc_class
                    ),
                    **self._policy_ratios(groups[technique, abc_class], period["days"]),
                }
            )
        total = defaultdict(float)
        for (technique, _abc_class), group in groups.items():
            if technique != "none":
                for name in ("products", "orders", "value", "consumed", "end", "stockout"):
                    total[name] += group[name]
                total["product_days"] += group["products"] * period["days"]
        return {"segments": rows, **self._policy_ratios(total, period["days"])}

    @api.model
    def _policy_ratios(self, group, days):
        average = group["value"] / days if days else 0.0
        daily = group["consumed"] / days if days else 0.0
        return {
            "products": int(group["products"]),
            "product_ids": group.get("product_ids", []),
            "consumed_value": self._money(group["consumed"]),
            "average_stock_value": self._money(average),
            "end_stock_value": self._money(group["end"]),
            "rotation": self._ratio(group["consumed"], average),
            "coverage_days": self._ratio(group["end"], daily),
            "stockout_days": int(group["stockout"]),
            "stockout_rate": self._ratio(group["stockout"], group["products"] * days, 100),
            "orders": int(group["orders"]),
        }

    @api.model
    def _policy_technique_labels(self):
        _ = self.env._
        return [
            ("kanban", _("Kanban")),
            ("double_bin", _("Double-bin")),
            ("periodic_review", _("Periodic review")),
            ("reorder_point", _("Reorder point")),
            ("none", _("No technique")),
        ]

    @api.model
    def _policy_stock(self, period, filters):
        """{product: {value, consumed, end, stockout}} of the products consumed in the period,
        from the daily snapshots (a day without a row is a day without stock)."""
        model = "logistics.kpi.stock.snapshot"
        domain = self._filter_domain(filters, warehouse=False, model=model)
        Snapshot = self.env[model]
        rows = Snapshot._read_group(
            domain + self._period_domain(period),
            ["product_id"],
            ["value:sum", "consumed_value:sum", "in_stock_days:sum"],
        )
        end = dict(
            Snapshot._read_group(
                domain + [("date", "=", period["date_to"])], ["product_id"], ["value:sum"]
            )
        )
        return {
            product: {
                "value": value,
                "consumed": consumed,
                "end": end.get(product, 0.0),
                "stockout": period["days"] - in_stock,
            }
            for product, value, consumed, in_stock in rows
            if consumed
        }

    @api.model
    def _policy_techniques(self, filters):
        """{product: technique code} of the active loops and automatic rules."""
        found = defaultdict(set)
        Loop = self.env["logistics.kanban.loop"]
        for product, loop_type in Loop._read_group(
            self._filter_domain(filters, warehouse=False, model="logistics.kanban.loop"),
            ["product_id", "loop_type"],
        ):
            found[product].add(loop_type)
        model = "stock.warehouse.orderpoint"
        for product, review_days in self.env[model]._read_group(
            self._filter_domain(filters, warehouse=False, model=model) + [("trigger", "=", "auto")],
            ["product_id", "logistics_review_days"],
        ):
            found[product].add("periodic_review" if review_days else "reorder_point")
        return {
            product: next(code for code in TECHNIQUE_ORDER if code in codes)
            for product, codes in found.items()
        }

    @api.model
    def _policy_orders(self, period, filters):
        """{product: orders placed in the period by a rule or a card}."""
        start, stop = self._datetime_bounds(period["date_from"], period["date_to"])
        created = [("create_date", ">=", start), ("create_date", "<", stop)]
        counts = defaultdict(int)
        sources = (
            ("purchase.order.line", [("orderpoint_id", "!=", False)] + created),
            ("mrp.production", [("orderpoint_id", "!=", False)] + created),
            (
                "stock.move",
                [("orderpoint_id", "!=", False), ("picking_code", "=", "internal")] + created,
            ),
        )
        for model, domain in sources:
            for product, count in self.env[model]._read_group(
                domain + self._filter_domain(filters, warehouse=False, model=model),
                ["product_id"],
                ["__count"],
            ):
                counts[product] += count
        scan = "logistics.kanban.scan"
        for loop, count in self.env[scan]._read_group(
            [("status", "=", "ok"), ("date", ">=", start), ("date", "<", stop)]
            + self._filter_domain(filters, warehouse=False, model=scan),
            ["loop_id"],
            ["__count"],
        ):
            counts[loop.product_id] += count
        return counts
