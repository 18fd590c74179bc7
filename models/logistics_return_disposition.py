from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare, mute_logger

from .logistics_return_reason import DISPOSITIONS

MANAGER_GROUP = "industrial_logistics.group_logistics_manager"


class LogisticsReturnDisposition(models.Model):
    """What becomes of a quantity of a return. Confirming it creates the real Odoo document
    (transfer, scrap, repair order, unbuild order, return to the vendor) and moves the goods
    out of the returns location; a confirmed disposition is frozen."""

    _name = "logistics.return.disposition"
    _description = "Return Disposition"
    _order = "inspection_id, id"
    _check_company_auto = True

    inspection_id = fields.Many2one(
        "logistics.return.inspection", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="inspection_id.company_id", store=True, index=True)
    product_id = fields.Many2one(related="inspection_id.product_id")
    lot_id = fields.Many2one(related="inspection_id.lot_id")
    product_uom_id = fields.Many2one(related="inspection_id.product_uom_id")
    disposition_type = fields.Selection(
        DISPOSITIONS,
        string="Disposition",
        required=True,
        compute="_compute_disposition_type",
        store=True,
        readonly=False,
        precompute=True,
    )
    quantity = fields.Float(digits="Product Unit of Measure", required=True)
    location_dest_id = fields.Many2one(
        "stock.location",
        "To",
        compute="_compute_location_dest_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        help="Where restocked, repaired, recycled or recovered goods go.",
    )
    vendor_id = fields.Many2one("res.partner", "Vendor", help="For a return to the vendor.")
    state = fields.Selection(
        [("draft", "Proposed"), ("done", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one("res.users", "Decided By", readonly=True)
    date_done = fields.Datetime("Confirmed On", readonly=True)
    picking_id = fields.Many2one("stock.picking", "Transfer", readonly=True, check_company=True)
    scrap_id = fields.Many2one("stock.scrap", "Scrap", readonly=True, check_company=True)
    repair_id = fields.Many2one("repair.order", "Repair Order", readonly=True, check_company=True)
    unbuild_id = fields.Many2one("mrp.unbuild", "Unbuild Order", readonly=True, check_company=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    repair_cost = fields.Monetary(compute="_compute_repair_cost", store=True)
    scrapped_value = fields.Monetary("Value Scrapped", readonly=True)
    recovered_value = fields.Monetary(readonly=True)

    @api.depends("inspection_id.reason_id")
    def _compute_disposition_type(self):
        for disposition in self:
            if not disposition.disposition_type:
                reason = disposition.inspection_id.reason_id
                disposition.disposition_type = reason.default_disposition or "restock"

    @api.depends("disposition_type", "inspection_id")
    def _compute_location_dest_id(self):
        for disposition in self:
            if disposition.state != "draft":
                continue
            warehouse = disposition.inspection_id.warehouse_id
            if disposition.disposition_type == "recycle":
                disposition.location_dest_id = self.env["stock.location"].search(
                    [
                        ("logistics_recycling", "=", True),
                        ("company_id", "=", disposition.company_id.id),
                    ],
                    limit=1,
                )
            elif disposition.disposition_type in ("restock", "repair", "disassemble"):
                disposition.location_dest_id = warehouse.lot_stock_id
            else:
                disposition.location_dest_id = False

    @api.depends("repair_id.state", "repair_id.move_ids.state")
    def _compute_repair_cost(self):
        for disposition in self:
            # parts consumed by the repair, at their valuation (the layers are negative)
            parts = disposition.repair_id.move_ids.filtered(
                lambda m: m.state == "done" and m.repair_line_type == "add"
            )
            disposition.repair_cost = -sum(parts.sudo().stock_valuation_layer_ids.mapped("value"))

    @api.constrains("quantity", "inspection_id")
    def _check_quantity(self):
        """All the dispositions of a return, proposed or confirmed, fit in what came back."""
        for disposition in self:
            if disposition.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "A disposition moves a positive quantity (you entered %(qty)s).",
                        qty=disposition.quantity,
                    )
                )
        for inspection in self.inspection_id:
            total = sum(inspection.disposition_ids.mapped("quantity"))
            rounding = inspection.product_id.uom_id.rounding
            if float_compare(total, inspection.quantity, precision_rounding=rounding) > 0:
                raise ValidationError(
                    self.env._(
                        "%(name)s: the dispositions add up to %(total)s %(uom)s but only "
                        "%(returned)s came back.",
                        name=inspection.name,
                        total=total,
                        uom=inspection.product_uom_id.name,
                        returned=inspection.quantity,
                    )
                )

    # ------------------------------------------------------------------ frozen once confirmed
    def write(self, vals):
        if not self.env.su and self.filtered(lambda d: d.state != "draft"):
            raise AccessError(self.env._("A confirmed disposition cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if self.filtered(lambda d: d.state != "draft"):
            raise UserError(self.env._("A confirmed disposition cannot be deleted."))

    # ------------------------------------------------------------------ confirmation
    def action_confirm(self):
        """The manager's decision: check, lock the return, create and run the document."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a supply-chain manager confirms a disposition."))
        for disposition in self:
            disposition._lock_inspection()
            disposition._check_confirmable()
            # sudo(): checked above; the documents (scrap, repair, unbuild, transfers) are
            # created by the return's decision, whoever's Inventory rights the manager has
            sudo_self = disposition.sudo()
            getattr(sudo_self, f"_confirm_{disposition.disposition_type}")()
            inspection = sudo_self.inspection_id
            sudo_self.write(
                {"state": "done", "user_id": self.env.uid, "date_done": fields.Datetime.now()}
            )
            qty_disposed = inspection.qty_disposed + disposition.quantity
            vals = {"qty_disposed": qty_disposed}
            if (
                float_compare(
                    qty_disposed,
                    inspection.quantity,
                    precision_rounding=inspection.product_id.uom_id.rounding,
                )
                >= 0
            ):
                vals["date_disposed"] = fields.Datetime.now()
            inspection.write(vals)
        return True

    def _lock_inspection(self):
        """Lock the return's row: a second confirmation elsewhere waits for nobody, it stops.

        NO KEY UPDATE: the lock an UPDATE of the row takes, which a proposal being created
        elsewhere (its foreign key holds KEY SHARE on the row) does not block."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                        SQL.identifier(self.inspection_id._table),
                        self.inspection_id.id,
                    )
                )
        except LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "%(name)s is being disposed of somewhere else: try again in a moment.",
                    name=self.inspection_id.name,
                )
            ) from error
        # read what the lock protects from the database, not from the cache
        self.inspection_id.invalidate_recordset(["qty_disposed", "quantity"])

    def _check_confirmable(self):
        inspection = self.inspection_id
        if self.state != "draft":
            raise UserError(self.env._("This disposition is already confirmed."))
        rounding = inspection.product_id.uom_id.rounding
        if (
            float_compare(
                inspection.qty_disposed + self.quantity,
                inspection.quantity,
                precision_rounding=rounding,
            )
            > 0
        ):
            raise UserError(
                self.env._(
                    "%(name)s: %(qty)s %(uom)s cannot be disposed of, only %(left)s are left.",
                    name=inspection.name,
                    qty=self.quantity,
                    uom=inspection.product_uom_id.name,
                    left=inspection.quantity - inspection.qty_disposed,
                )
            )
        location = self.location_dest_id
        if location and not location.active:
            raise UserError(
                self.env._(
                    "%(location)s is archived: choose another destination.",
                    location=location.display_name,
                )
            )
        needs_location = ("restock", "recycle", "repair", "disassemble")
        if self.disposition_type in needs_location and not location:
            raise UserError(self.env._("Choose where the goods go."))
        self._check_type_specific()

    def _check_type_specific(self):
        product = self.product_id
        if self.disposition_type == "repair" and not product.is_storable:
            raise UserError(
                self.env._(
                    "%(product)s is a consumable: it is not tracked in stock and cannot be "
                    "repaired through a repair order. Scrap or recycle it.",
                    product=product.display_name,
                )
            )
        if self.disposition_type == "disassemble" and not self._unbuild_bom():
            raise UserError(
                self.env._(
                    "%(product)s has no bill of materials: it cannot be disassembled.",
                    product=product.display_name,
                )
            )
        if self.disposition_type == "vendor" and not self._vendor():
            raise UserError(
                self.env._(
                    "Choose the vendor %(product)s goes back to.", product=product.display_name
                )
            )

    def _unbuild_bom(self):
        return (
            self.env["mrp.bom"]
            ._bom_find(self.product_id, company_id=self.company_id.id, bom_type="normal")
            .get(self.product_id)
        )

    def _vendor(self):
        inspection = self.inspection_id
        if self.vendor_id:
            return self.vendor_id
        if inspection.returned_by == "vendor":
            return inspection.partner_id
        return self.product_id._select_seller(quantity=None).partner_id
