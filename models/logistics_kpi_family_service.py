from odoo import api, models


class LogisticsKpiFamilyService(models.AbstractModel):
    """Line fill rate and OTIF of the customer delivery orders closed in the period."""

    _name = "logistics.kpi.family.service"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: service"
    _kpi_family = "service"
    _kpi_sequence = 30

    @api.model
    def _kpi_family_info(self):
        return {
            "title": self.env._("Service: line fill rate and OTIF"),
            "sheet": self.env._("Service"),
        }

    @api.model
    def _kpi_definitions(self):
        _ = self.env._
        filters = ("period", "warehouse", "category", "product")
        return [
            {
                "code": "line_fill_rate",
                "label": _("Line fill rate"),
                "unit": "%",
                "direction": "higher",
                "definition": _(
                    "Customer delivery lines delivered in full by their first delivery / lines "
                    "delivered or cancelled in the period (taux de service). A line is a product "
                    "of a delivery order, its backorders and cancelled remainders included: "
                    "Odoo splits a partial delivery, the line follows the backorder chain back "
                    "to the first order."
                ),
                "drill": "line_not_in_full",
                "filters": filters,
                "headline": 40,
                "measures": [
                    ("lines", _("Delivery lines delivered or cancelled"), "count"),
                    ("lines_in_full", _("Lines delivered in full"), "count"),
                ],
            },
            {
                "code": "otif_rate",
                "label": _("OTIF"),
                "unit": "%",
                "direction": "higher",
                "definition": _(
                    "Delivery orders done on or before their deadline (else their scheduled "
                    "date) with every line in full / delivery orders done."
                ),
                "drill": "otif",
                "filters": filters,
                "headline": 50,
                "measures": [
                    ("orders_done", _("Delivery orders done"), "count"),
                    ("orders_otif", _("Orders on time in full"), "count"),
                ],
            },
        ]

    @api.model
    def _kpi_drill_downs(self):
        return {
            "line_fill": ("logistics.kpi.delivery.line", "date", []),
            "line_not_in_full": ("logistics.kpi.delivery.line", "date", [("in_full", "=", False)]),
            "otif": ("logistics.kpi.delivery.line", "date", [("order_done_count", "=", 1)]),
        }

    @api.model
    def _kpi_compute(self, period, filters):
        [[lines, in_full, orders, otif]] = self.env["logistics.kpi.delivery.line"]._read_group(
            self._filter_domain(filters) + self._period_domain(period),
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
