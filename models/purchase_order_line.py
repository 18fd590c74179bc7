from odoo import models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    def _find_candidate(
        self, product_id, product_qty, product_uom, location_id, name, origin, company_id, values
    ):
        if values.get("kanban_card_id"):
            # One RFQ line per card scan (the RFQ itself is still shared per vendor):
            # a merged line would lose which card its receipt belongs to.
            return self.env["purchase.order.line"]
        return super()._find_candidate(
            product_id, product_qty, product_uom, location_id, name, origin, company_id, values
        )
