from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _prepare_mo_vals(
        self,
        product_id,
        product_qty,
        product_uom,
        location_dest_id,
        name,
        origin,
        company_id,
        values,
        bom,
    ):
        vals = super()._prepare_mo_vals(
            product_id,
            product_qty,
            product_uom,
            location_dest_id,
            name,
            origin,
            company_id,
            values,
            bom,
        )
        if values.get("kanban_card_id"):
            # One procurement group per card: the MO joins the card's group (as Odoo
            # does for 3-step manufacturing) so its finished move links back to the card.
            vals["procurement_group_id"] = values["group_id"].id
            # Deliver to the loop's location when it lies under the operation type's
            # destination, as purchase_stock does for receipts (final location child
            # of the destination): the container goes where its card is waited for.
            destination = self.env["stock.location"].browse(vals["location_dest_id"])
            if location_dest_id._child_of(destination):
                vals["location_dest_id"] = location_dest_id.id
        return vals
