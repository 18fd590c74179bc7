from odoo import Command, models
from odoo.exceptions import UserError


class LogisticsReturnDisposition(models.Model):
    """The Odoo document each disposition creates and runs, once action_confirm has checked
    it (kept apart from the disposition's rules so that each file stays readable). Each one
    is linked to the disposition before its moves are done: stock.move lets goods leave a
    returns location only through such a document."""

    _inherit = "logistics.return.disposition"

    def _confirm_restock(self):
        warehouse = self.inspection_id.warehouse_id
        self._run_transfer(warehouse.int_type_id, self.location_dest_id)
        self.recovered_value = self._cost_value()

    def _confirm_recycle(self):
        warehouse = self.inspection_id.warehouse_id
        self._run_transfer(warehouse.int_type_id, self.location_dest_id)

    def _confirm_vendor(self):
        vendor = self._vendor()
        warehouse = self.inspection_id.warehouse_id
        destination = vendor.property_stock_supplier
        self.vendor_id = vendor
        picking = self._run_transfer(warehouse.out_type_id, destination, partner=vendor)
        # what the vendor takes back at its valuation: the value the company expects back
        self.recovered_value = abs(sum(picking.move_ids.stock_valuation_layer_ids.mapped("value")))

    def _confirm_scrap(self):
        inspection = self.inspection_id
        scrap = self.env["stock.scrap"].create(
            {
                "product_id": self.product_id.id,
                "product_uom_id": self.product_id.uom_id.id,
                "lot_id": self.lot_id.id,
                "scrap_qty": self.quantity,
                "location_id": inspection.location_id.id,
                "company_id": self.company_id.id,
                "origin": inspection.name,
                "scrap_reason_tag_ids": [Command.set(self._scrap_reason_tags().ids)],
            }
        )
        self.scrap_id = scrap
        scrap.do_scrap()
        # the value that left the books, from the scrap's valuation (an outgoing layer)
        self.scrapped_value = -sum(scrap.move_ids.stock_valuation_layer_ids.mapped("value"))

    def _scrap_reason_tags(self):
        reason = self.inspection_id.reason_id
        if not reason:
            return self.env["stock.scrap.reason.tag"]
        Tag = self.env["stock.scrap.reason.tag"]
        return Tag.search([("name", "=", reason.name)], limit=1) or Tag.create(
            {"name": reason.name}
        )

    def _confirm_repair(self):
        inspection = self.inspection_id
        repair = self.env["repair.order"].create(
            {
                "product_id": self.product_id.id,
                "product_qty": self.quantity,
                "product_uom": self.product_id.uom_id.id,
                "lot_id": self.lot_id.id,
                "partner_id": inspection.partner_id.id,
                "company_id": self.company_id.id,
                "product_location_src_id": inspection.location_id.id,
                "product_location_dest_id": self.location_dest_id.id,
                "internal_notes": inspection.name,
            }
        )
        self.repair_id = repair
        repair._action_repair_confirm()
        # the unit comes back to stock once repaired: its value at cost is recovered
        self.recovered_value = self._cost_value()

    def _confirm_disassemble(self):
        inspection = self.inspection_id
        bom = self._unbuild_bom()
        unbuild = self.env["mrp.unbuild"].create(
            {
                "product_id": self.product_id.id,
                "product_qty": self.quantity,
                "product_uom_id": self.product_id.uom_id.id,
                "bom_id": bom.id,
                "lot_id": self.lot_id.id,
                "location_id": inspection.location_id.id,
                "location_dest_id": self.location_dest_id.id,
                "company_id": self.company_id.id,
            }
        )
        self.unbuild_id = unbuild
        unbuild.action_unbuild()
        # the components put back into stock, at the value of their incoming layers
        produced = unbuild.produce_line_ids.filtered(
            lambda m: m.location_dest_id == self.location_dest_id
        )
        self.recovered_value = sum(produced.stock_valuation_layer_ids.mapped("value"))

    # ------------------------------------------------------------------ helpers
    def _cost_value(self):
        return self.quantity * self.product_id.with_company(self.company_id).standard_price

    def _run_transfer(self, picking_type, destination, partner=None):
        """A transfer of exactly the disposed quantity and lot out of the returns location,
        validated at once."""
        inspection = self.inspection_id
        source = inspection.location_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "partner_id": partner.id if partner else False,
                "origin": inspection.name,
                "company_id": self.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": inspection.name,
                            "product_id": self.product_id.id,
                            "product_uom": self.product_id.uom_id.id,
                            "product_uom_qty": self.quantity,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "company_id": self.company_id.id,
                        }
                    )
                ],
            }
        )
        self.picking_id = picking
        picking.action_confirm()
        move = picking.move_ids
        move._pin_to_lot(self.lot_id)
        move.picked = True
        picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "%(picking)s could not be validated: the returned goods are no longer in "
                    "%(location)s.",
                    picking=picking.name,
                    location=source.display_name,
                )
            )
        return picking
