from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

# what an inspector writes; the rest (costs, answer) is the manager's, or the system's
INSPECTOR_FIELDS = {
    "reason_id",
    "notes",
    "measures",
    "photo_ids",
    "inspector_id",
    "date_inspected",
    "handling_hours",
    "message_main_attachment_id",
    # the proposals of the form's list: each command goes through the disposition's own
    # create / write / unlink, as the inspector (drafts only, confirmed ones frozen)
    "disposition_ids",
}
# above these a figure is a typing slip, not a cost
MAX_HANDLING_HOURS = 200.0
MAX_TRANSPORT_COST = 1_000_000.0


class LogisticsReturnInspection(models.Model):
    """One returned product line (one lot or serial) waiting in a returns location: what the
    inspector found, what becomes of it (its dispositions) and what the return cost."""

    _name = "logistics.return.inspection"
    _description = "Return Inspection"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_received desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    state = fields.Selection(
        [("to_inspect", "To inspect"), ("in_progress", "In progress"), ("done", "Disposed")],
        compute="_compute_state",
        store=True,
        tracking=True,
    )
    move_id = fields.Many2one(
        "stock.move", string="Return Move", readonly=True, index=True, check_company=True
    )
    picking_id = fields.Many2one(
        "stock.picking", string="Return", readonly=True, index="btree_not_null"
    )
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, index=True, check_company=True
    )
    lot_id = fields.Many2one(
        "stock.lot", string="Lot/Serial", readonly=True, index="btree_not_null", check_company=True
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(
        "Returned", digits="Product Unit of Measure", required=True, readonly=True
    )
    location_id = fields.Many2one(
        "stock.location", "Returns Location", required=True, readonly=True, check_company=True
    )
    warehouse_id = fields.Many2one(
        related="location_id.warehouse_id", store=True, index=True, string="Warehouse"
    )
    returned_by = fields.Selection(
        [("customer", "Customer"), ("vendor", "Vendor"), ("line", "Production line")],
        required=True,
        readonly=True,
    )
    partner_id = fields.Many2one("res.partner", string="Partner", readonly=True, index=True)
    delivery_warning = fields.Char(readonly=True)
    reason_id = fields.Many2one("logistics.return.reason", check_company=True, tracking=True)
    reason_category = fields.Selection(related="reason_id.category", store=True)
    notes = fields.Html("Inspection Notes")
    measures = fields.Text(help="Measures and test results, one a line.")
    photo_ids = fields.Many2many("ir.attachment", string="Photos")
    inspector_id = fields.Many2one("res.users", tracking=True)
    date_received = fields.Datetime(required=True, readonly=True, index=True)
    date_inspected = fields.Datetime()
    date_disposed = fields.Datetime(readonly=True, index=True)
    disposition_ids = fields.One2many("logistics.return.disposition", "inspection_id")
    qty_disposed = fields.Float(
        "Disposed", digits="Product Unit of Measure", readonly=True, copy=False
    )
    qty_to_dispose = fields.Float(
        "To Dispose", digits="Product Unit of Measure", compute="_compute_qty_to_dispose"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    transport_cost = fields.Monetary("Return Transport", tracking=True)
    handling_hours = fields.Float("Handling Time (h)")
    handling_cost = fields.Monetary(compute="_compute_costs", store=True)
    repair_cost = fields.Monetary(compute="_compute_costs", store=True)
    scrapped_value = fields.Monetary("Value Scrapped", compute="_compute_costs", store=True)
    recovered_value = fields.Monetary(compute="_compute_costs", store=True)
    credit_amount = fields.Monetary("Credit Given", compute="_compute_costs", store=True)
    total_cost = fields.Monetary(
        "Cost of the Return",
        compute="_compute_costs",
        store=True,
        help="Transport + handling + repair + value scrapped + credit given - value recovered.",
    )

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "A returned quantity is positive."),
        (
            "costs_not_negative",
            "CHECK(transport_cost >= 0 AND handling_hours >= 0)",
            "Costs and handling time cannot be negative.",
        ),
    ]

    # not on the proposals: proposing a disposition must not write (and lock) the return's row
    @api.depends("qty_disposed", "date_inspected")
    def _compute_state(self):
        for inspection in self:
            rounding = inspection.product_id.uom_id.rounding or 0.01
            if (
                float_compare(
                    inspection.qty_disposed, inspection.quantity, precision_rounding=rounding
                )
                >= 0
            ):
                inspection.state = "done"
            elif inspection.qty_disposed or inspection.date_inspected:
                inspection.state = "in_progress"
            else:
                inspection.state = "to_inspect"

    @api.depends("quantity", "qty_disposed")
    def _compute_qty_to_dispose(self):
        for inspection in self:
            inspection.qty_to_dispose = inspection.quantity - inspection.qty_disposed

    @api.depends(
        "transport_cost",
        "handling_hours",
        "company_id.logistics_return_hourly_rate",
        "disposition_ids.repair_cost",
        "disposition_ids.scrapped_value",
        "disposition_ids.recovered_value",
        "credit_note_id.amount_untaxed_signed",
        "credit_note_id.state",
    )
    def _compute_costs(self):
        for inspection in self:
            done = inspection.disposition_ids.filtered(lambda d: d.state == "done")
            inspection.handling_cost = (
                inspection.handling_hours * inspection.company_id.logistics_return_hourly_rate
            )
            inspection.repair_cost = sum(done.mapped("repair_cost"))
            inspection.scrapped_value = sum(done.mapped("scrapped_value"))
            inspection.recovered_value = sum(done.mapped("recovered_value"))
            credit = inspection.credit_note_id
            # a refund is signed negative: the credit given is its absolute amount
            inspection.credit_amount = (
                abs(credit.amount_untaxed_signed) if credit.state == "posted" else 0.0
            )
            inspection.total_cost = (
                inspection.transport_cost
                + inspection.handling_cost
                + inspection.repair_cost
                + inspection.scrapped_value
                + inspection.credit_amount
                - inspection.recovered_value
            )

    @api.constrains("transport_cost", "handling_hours")
    def _check_costs(self):
        """Say in words what is wrong before the database refuses it."""
        for inspection in self:
            if inspection.transport_cost < 0 or inspection.handling_hours < 0:
                raise ValidationError(
                    self.env._(
                        "%(name)s: the return transport and the handling time cannot be negative.",
                        name=inspection.name,
                    )
                )
            if inspection.handling_hours > MAX_HANDLING_HOURS:
                raise ValidationError(
                    self.env._(
                        "%(name)s: %(hours)s hours of handling for one return is not "
                        "plausible (at most %(max)s): check the time entered.",
                        name=inspection.name,
                        hours=inspection.handling_hours,
                        max=MAX_HANDLING_HOURS,
                    )
                )
            if inspection.transport_cost > MAX_TRANSPORT_COST:
                raise ValidationError(
                    self.env._(
                        "%(name)s: a return transport of %(cost)s is not plausible: check "
                        "the amount entered.",
                        name=inspection.name,
                        cost=inspection.transport_cost,
                    )
                )

    # ------------------------------------------------------------------ writes
    def write(self, vals):
        """Inspectors write what they found; costs and the answer are the managers'."""
        if not self.env.su and not self.env.user.has_group(
            "industrial_logistics.group_logistics_manager"
        ):
            forbidden = set(vals) - INSPECTOR_FIELDS
            if forbidden:
                raise AccessError(
                    self.env._(
                        "Only a supply-chain manager can change %(fields)s of a return inspection.",
                        fields=", ".join(sorted(forbidden)),
                    )
                )
            if self.filtered(lambda i: i.state == "done"):
                raise AccessError(self.env._("A disposed return can only be changed by a manager."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_disposed(self):
        if self.disposition_ids.filtered(lambda d: d.state == "done"):
            raise UserError(self.env._("A return with confirmed dispositions cannot be deleted."))

    def action_start_inspection(self):
        """The inspector takes the return: their name and the date, the proposed disposition."""
        for inspection in self:
            vals = {"inspector_id": self.env.uid, "date_inspected": fields.Datetime.now()}
            inspection.write(vals)
        return True

    # ------------------------------------------------------------------ opening
    @api.model
    def _open_for_moves(self, moves):
        """One inspection per move line (lot) of the done moves that brought goods into a
        returns location from outside it; called by stock.move._action_done."""
        moves = moves.filtered(
            lambda m: m.state == "done"
            and m.location_dest_id.logistics_returns
            and not m.location_id.logistics_returns
        )
        if not moves:
            return self.browse()
        vals_list = []
        for move in moves:
            for line in move.move_line_ids.filtered(lambda ml: ml.quantity):
                vals_list.append(self._prepare_inspection_vals(move, line))
        # sudo(): whoever validated the return may not be an inspector; the inspection is
        # the stock's record of what arrived, not a choice of theirs
        return self.sudo().create(vals_list).sudo(False)

    @api.model
    def _prepare_inspection_vals(self, move, line):
        source = move.location_id.usage
        returned_by = {"customer": "customer", "supplier": "vendor"}.get(source, "line")
        partner = move.picking_id.partner_id or move.partner_id
        quantity = line.product_uom_id._compute_quantity(line.quantity, move.product_id.uom_id)
        return {
            "company_id": move.company_id.id,
            "move_id": move.id,
            "picking_id": move.picking_id.id,
            "product_id": move.product_id.id,
            "lot_id": line.lot_id.id,
            "quantity": quantity,
            "location_id": line.location_dest_id.id,
            "returned_by": returned_by,
            "partner_id": partner.id,
            "date_received": move.date,
            "delivery_warning": returned_by == "customer"
            and self._delivery_warning(move.product_id, partner, move.company_id),
        }

    @api.model
    def _delivery_warning(self, product, partner, company):
        """A sentence when this customer never received this product from this company."""
        if not partner:
            return self.env._("Returned by an unknown customer: check who sent it.")
        delivered = (
            self.env["stock.move"]
            .sudo()
            .search_count(
                [
                    ("state", "=", "done"),
                    ("product_id", "=", product.id),
                    ("company_id", "=", company.id),
                    ("location_dest_id.usage", "=", "customer"),
                    ("location_id.usage", "=", "internal"),
                    ("picking_id.partner_id", "child_of", partner.commercial_partner_id.id),
                ],
                limit=1,
            )
        )
        if delivered:
            return False
        return self.env._(
            "%(product)s was never delivered to %(customer)s: check the return before "
            "crediting it.",
            product=product.display_name,
            customer=partner.display_name,
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "logistics.return.inspection"
                ) or self.env._("New")
        return super().create(vals_list)

    def _is_zero(self, quantity):
        return float_is_zero(quantity, precision_rounding=self.product_id.uom_id.rounding)
