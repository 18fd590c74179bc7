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

    def _get_stock_move_values(
        self,
        product_id,
        product_qty,
        product_uom,
        location_dest_id,
        name,
        origin,
        company_id,
        values,
    ):
        move_values = super()._get_stock_move_values(
            product_id, product_qty, product_uom, location_dest_id, name, origin, company_id, values
        )
        if values.get("kanban_card_id"):
            # A kanban card's move has no destination move nor excluded variant values.
            # Given empty to create(), such a many2many is dropped from the new move's
            # cache and read back from the database when the move is confirmed (two
            # queries of every scan); left out, it is known empty, as it is.
            for fname in ("move_dest_ids", "never_product_template_attribute_value_ids"):
                if not move_values.get(fname):
                    move_values.pop(fname, None)
        return move_values
