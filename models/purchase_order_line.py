from odoo import fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    # Supplier e-kanban: the ship date the vendor confirms in the portal for a card's line.
    kanban_ship_date = fields.Date("Vendor Ship Date", readonly=True, copy=False)
    kanban_ship_confirmed_on = fields.Datetime("Ship Date Confirmed on", readonly=True, copy=False)
    kanban_ship_confirmed_by_id = fields.Many2one(
        "res.users", "Ship Date Confirmed by", readonly=True, copy=False
    )

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
