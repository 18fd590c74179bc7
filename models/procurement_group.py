from odoo import api, models


class ProcurementGroup(models.Model):
    _inherit = "procurement.group"

    @api.model
    def _get_rule(self, product_id, location_id, values):
        """A kanban card's procurement comes with the rule of its loop's route already
        found (logistics.kanban.loop._get_route_rule): use it rather than search again.
        Chained procurements (the next step of a multi-step route) search as usual."""
        if values.get("kanban_rule"):
            return values["kanban_rule"]
        return super()._get_rule(product_id, location_id, values)

    @api.model
    def _get_orderpoint_domain(self, company_id=False):
        """Odoo's scheduler leaves the periodic rules alone: they order on their review days
        only (stock.warehouse.orderpoint._cron_periodic_review)."""
        return super()._get_orderpoint_domain(company_id=company_id) + [
            ("logistics_review_days", "=", 0)
        ]
