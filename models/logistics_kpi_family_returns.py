from odoo import api, models
from odoo.tools import SQL, float_round

from .logistics_return_reason import DISPOSITIONS
from .returns_pareto import reason_pareto_breakdowns, reason_pareto_rows


class LogisticsKpiFamilyReturns(models.AbstractModel):
    """Returns: the share of the deliveries that came back, what the returns cost, how long
    they wait for a decision and what becomes of them."""

    _name = "logistics.kpi.family.returns"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: returns"
    _kpi_family = "returns"
    _kpi_sequence = 90

    @api.model
    def _kpi_family_info(self):
        return {"title": self.env._("Returns"), "sheet": self.env._("Returns")}

    @api.model
    def _kpi_definitions(self):
        return self._rate_and_cost_definitions() + self._disposition_definitions()

    @api.model
    def _rate_and_cost_definitions(self):
        _ = self.env._
        return [
            {
                "code": "returns_rate",
                "key": "return_rate",
                "label": _("Return rate"),
                "unit": "%",
                "direction": "lower",
                "definition": _(
                    "Quantity returned by customers (received in a returns location in the "
                    "period) over the quantity delivered to customers in the period, in the "
                    "products' units; by product and by customer in the tables."
                ),
                "drill": "returns_inspections",
                "filters": ("period", "warehouse", "category", "product"),
                "measures": [
                    ("qty_returned", _("Quantity returned by customers"), "number"),
                    ("qty_delivered", _("Quantity delivered to customers"), "number"),
                ],
            },
            {
                "code": "returns_cost",
                "key": "cost_total",
                "label": _("Cost of returns"),
                "unit": "currency",
                "direction": "lower",
                "definition": _(
                    "Sum over the returns received in the period of their cost: return "
                    "transport, handling time at the company's hourly rate, repair parts, "
                    "value scrapped and credit given, less the value recovered (restocked, "
                    "repaired, disassembled into components, taken back by the vendor)."
                ),
                "drill": "returns_inspections",
                "filters": ("period", "warehouse", "category", "product"),
                "measures": [
                    ("cost_transport", _("Return transport"), "currency"),
                    ("cost_handling", _("Handling"), "currency"),
                    ("cost_repair", _("Repair"), "currency"),
                    ("cost_scrapped", _("Value scrapped"), "currency"),
                    ("cost_credit", _("Credit given"), "currency"),
                    ("cost_recovered", _("Value recovered"), "currency"),
                    ("returns", _("Returns received"), "count"),
                ],
            },
        ]

    @api.model
    def _disposition_definitions(self):
        _ = self.env._
        return [
            {
                "code": "returns_disposition_days",
                "key": "disposition_days_average",
                "label": _("Time to disposition (average)"),
                "unit": "days",
                "direction": "lower",
                "definition": _(
                    "Days from the arrival of a return in the returns location to the "
                    "confirmation of its last disposition, averaged over the returns fully "
                    "disposed of in the period."
                ),
                "drill": "returns_disposed",
                "filters": ("period", "warehouse", "category", "product"),
                "measures": [("returns_disposed", _("Returns disposed of"), "count")],
            },
            {
                "code": "returns_restocked_share",
                "key": "share_restock",
                "label": _("Returns restocked"),
                "unit": "%",
                "direction": "higher",
                "definition": _(
                    "Share of the quantity disposed of in the period (dispositions confirmed) "
                    "put back into stock as it was; the share of every disposition (repair, "
                    "disassembly, recycling, scrap, return to the vendor) in the table."
                ),
                "drill": "returns_dispositions",
                "filters": ("period", "warehouse", "category", "product"),
                "measures": [(f"share_{code}", label, "%") for code, label in self._dispositions()],
            },
        ]

    @api.model
    def _dispositions(self):
        """(code, label in the user's language) of each disposition."""
        field = self.env["logistics.return.disposition"]._fields["disposition_type"]
        labels = dict(field._description_selection(self.env))
        return [(code, labels[code]) for code, _label in DISPOSITIONS]

    @api.model
    def _kpi_drill_downs(self):
        return {
            "returns_inspections": ("logistics.return.inspection", "date_received", []),
            "returns_disposed": (
                "logistics.return.inspection",
                "date_disposed",
                [("state", "=", "done")],
            ),
            "returns_dispositions": (
                "logistics.return.disposition",
                "date_done",
                [("state", "=", "done")],
            ),
        }

    @api.model
    def _kpi_filter_paths(self):
        return {
            "logistics.return.inspection": {"categ_id": "product_id.categ_id"},
            "logistics.return.disposition": {
                "warehouse_id": "inspection_id.warehouse_id",
                "categ_id": "inspection_id.product_id.categ_id",
                "product_id": "inspection_id.product_id",
            },
            "stock.move": {
                "warehouse_id": "location_id.warehouse_id",
                "categ_id": "product_id.categ_id",
            },
        }

    @api.model
    def _kpi_breakdowns(self):
        _ = self.env._
        rate_columns = [
            ("returned", _("Returned"), "number"),
            ("delivered", _("Delivered"), "number"),
            ("rate", _("Return rate"), "%"),
        ]
        return [
            {
                "code": "returns_by_product",
                "title": _("Return rate by product"),
                "rows": "by_product",
                "columns": [("name", _("Product"), "text"), *rate_columns],
                "drill": "returns_inspections",
                "drill_fields": [("product_id", "product_id", "=")],
                "row_class": None,
                "total": None,
                "chart": ["rate"],
            },
            {
                "code": "returns_by_customer",
                "title": _("Return rate by customer"),
                "rows": "by_customer",
                "columns": [("name", _("Customer"), "text"), *rate_columns],
                "drill": "returns_inspections",
                "drill_fields": [("partner_id", "partner_id", "child_of")],
                "row_class": None,
                "total": None,
                "chart": ["rate"],
            },
            {
                "code": "returns_by_disposition",
                "title": _("Dispositions"),
                "rows": "by_disposition",
                "columns": [
                    ("name", _("Disposition"), "text"),
                    ("quantity", _("Quantity"), "number"),
                    ("share", _("Share"), "%"),
                ],
                "drill": "returns_dispositions",
                "drill_fields": [("disposition_type", "code", "=")],
                "row_class": None,
                "total": None,
                "chart": ["share"],
            },
            *reason_pareto_breakdowns(self),
        ]

    @api.model
    def _kpi_compute(self, period, filters):
        start, stop = self._datetime_bounds(period["date_from"], period["date_to"])
        Inspection = self.env["logistics.return.inspection"]
        inspection_domain = self._filter_domain(filters, model=Inspection._name) + [
            ("date_received", ">=", start),
            ("date_received", "<", stop),
        ]
        costs = Inspection._read_group(
            inspection_domain,
            [],
            [
                "__count",
                "transport_cost:sum",
                "handling_cost:sum",
                "repair_cost:sum",
                "scrapped_value:sum",
                "credit_amount:sum",
                "recovered_value:sum",
                "total_cost:sum",
            ],
        )[0]
        count, transport, handling, repair, scrapped, credit, recovered, total = costs
        figures = {
            "returns": count,
            "cost_transport": self._money(transport),
            "cost_handling": self._money(handling),
            "cost_repair": self._money(repair),
            "cost_scrapped": self._money(scrapped),
            "cost_credit": self._money(credit),
            "cost_recovered": self._money(recovered),
            "cost_total": self._money(total),
        }
        figures.update(self._return_rates(inspection_domain, filters, start, stop, period))
        figures.update(self._disposition_time(filters, start, stop))
        figures.update(self._disposition_shares(filters, start, stop))
        if period.get("details"):
            figures.update(reason_pareto_rows(self, inspection_domain))
        return figures

    @api.model
    def _return_rates(self, inspection_domain, filters, start, stop, period):
        # per product, then per customer: grouping by both made a group of nearly every
        # return (bench/README.md, 100,000 returns)
        Inspection = self.env["logistics.return.inspection"]
        customer_domain = inspection_domain + [("returned_by", "=", "customer")]
        Partner, Product = self.env["res.partner"], self.env["product.product"]
        returned = [
            (product, Partner, qty)
            for product, qty in Inspection._read_group(
                customer_domain, ["product_id"], ["quantity:sum"]
            )
        ]
        delivered = self.env["stock.move"]._read_group(
            self._filter_domain(filters, model="stock.move") + self._delivery_domain(start, stop),
            ["product_id", "picking_id"],
            ["product_qty:sum"],
        )
        # the customer is the transfer's partner (a move's own partner is rarely set)
        delivered = [(product, picking.partner_id, qty) for product, picking, qty in delivered]
        qty_returned = sum(qty for _product, _partner, qty in returned)
        qty_delivered = sum(qty for _product, _partner, qty in delivered)
        figures = {
            "qty_returned": float_round(qty_returned, precision_digits=2),
            "qty_delivered": float_round(qty_delivered, precision_digits=2),
            "return_rate": self._ratio(qty_returned, qty_delivered, 100),
        }
        if not period.get("details"):
            return figures
        figures["by_product"] = self._rate_rows(
            returned, delivered, lambda product, partner: product
        )
        returned = [
            (Product, partner, qty)
            for partner, qty in Inspection._read_group(
                customer_domain, ["partner_id"], ["quantity:sum"]
            )
        ]
        figures["by_customer"] = self._rate_rows(
            returned, delivered, lambda product, partner: partner.commercial_partner_id
        )
        return figures

    @api.model
    def _delivery_domain(self, start, stop):
        """The moves that delivered customers in [start, stop): the return rate's base."""
        return [
            ("state", "=", "done"),
            ("location_dest_id.usage", "=", "customer"),
            ("location_id.usage", "=", "internal"),
            ("date", ">=", start),
            ("date", "<", stop),
        ]

    @api.model
    def _rate_rows(self, returned, delivered, key):
        rows = {}
        for index, groups in enumerate((returned, delivered)):
            for product, partner, qty in groups:
                record = key(product, partner)
                row = rows.setdefault(record, [0.0, 0.0])
                row[index] += qty
        result = [
            {
                "name": record.display_name or self.env._("Unknown"),
                "product_id": record.id if record._name == "product.product" else None,
                "partner_id": record.id if record._name == "res.partner" else None,
                "returned": float_round(qty_returned, precision_digits=2),
                "delivered": float_round(qty_delivered, precision_digits=2),
                "rate": self._ratio(qty_returned, qty_delivered, 100),
            }
            for record, (qty_returned, qty_delivered) in rows.items()
            if qty_returned
        ]
        return sorted(result, key=lambda row: (-(row["rate"] or 0), row["name"]))

    @api.model
    def _disposition_time(self, filters, start, stop):
        model = "logistics.return.inspection"
        table = self.env[model]._table
        days = SQL(
            "extract(epoch FROM %s - %s) / 86400.0",
            SQL.identifier(table, "date_disposed"),
            SQL.identifier(table, "date_received"),
        )
        count, average = self._select(
            model,
            self._filter_domain(filters, model=model)
            + [
                ("state", "=", "done"),
                ("date_disposed", ">=", start),
                ("date_disposed", "<", stop),
            ],
            SQL("count(*)"),
            SQL("avg(%s)", days),
        )
        return {
            "returns_disposed": count,
            "disposition_days_average": float_round(average, precision_digits=2) if count else None,
        }

    @api.model
    def _disposition_shares(self, filters, start, stop):
        model = "logistics.return.disposition"
        quantities = dict(
            self.env[model]._read_group(
                self._filter_domain(filters, model=model)
                + [("state", "=", "done"), ("date_done", ">=", start), ("date_done", "<", stop)],
                ["disposition_type"],
                ["quantity:sum"],
            )
        )
        total = sum(quantities.values())
        figures = {"by_disposition": []}
        for code, label in self._dispositions():
            share = self._ratio(quantities.get(code, 0.0), total, 100)
            figures[f"share_{code}"] = share
            figures["by_disposition"].append(
                {
                    "code": code,
                    "name": label,
                    "quantity": float_round(quantities.get(code, 0.0), precision_digits=2),
                    "share": share,
                }
            )
        return figures
