from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, format_date

MANAGER_GROUP = "industrial_logistics.group_logistics_manager"
OPEN_MO_STATES = ("confirmed", "progress", "to_close")


class LogisticsReturnInspection(models.Model):
    """The customer's answer: a replacement (from stock, or from the order or transfer that
    brings it), a credit note, the repaired unit sent back, or nothing."""

    _inherit = "logistics.return.inspection"

    answer_type = fields.Selection(
        [
            ("replacement", "Replacement"),
            ("credit_note", "Credit note"),
            ("repaired_back", "Repaired unit sent back"),
            ("none", "Nothing"),
        ],
        string="Answer to the Customer",
        tracking=True,
    )
    answer_availability = fields.Text("Replacement Availability", readonly=True)
    answer_date_expected = fields.Datetime("Replacement Expected On", readonly=True)
    answer_picking_id = fields.Many2one(
        "stock.picking", "Answer Delivery", readonly=True, check_company=True
    )
    credit_note_id = fields.Many2one(
        "account.move", "Credit Note", readonly=True, check_company=True
    )
    date_answered = fields.Datetime("Answered On", readonly=True)

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a supply-chain manager answers the customer."))

    def action_check_replacement(self):
        """Say whether a replacement is in stock now, else which order brings it, and when."""
        self._check_manager()
        for inspection in self:
            text, date = inspection._replacement_availability()
            # sudo(): checked above; the availability is a read-only note of the answer
            inspection.sudo().write({"answer_availability": text, "answer_date_expected": date})
        return True

    def _replacement_availability(self):
        self.ensure_one()
        warehouse = self.warehouse_id
        stock = warehouse.lot_stock_id
        product = self.product_id
        free = self.env["stock.quant"]._get_available_quantity(product, stock)
        rounding = product.uom_id.rounding
        if float_compare(free, self.quantity, precision_rounding=rounding) >= 0:
            return self.env._(
                "Available now: %(free)s %(uom)s free in %(location)s.",
                free=free,
                uom=product.uom_id.name,
                location=stock.display_name,
            ), fields.Datetime.now()
        productions = self.env["mrp.production"].search(
            [
                ("product_id", "=", product.id),
                ("state", "in", OPEN_MO_STATES),
                ("company_id", "=", self.company_id.id),
            ],
            order="date_finished, id",
        )
        receipts = self.env["stock.move"].search(
            [
                ("product_id", "=", product.id),
                ("state", "not in", ("draft", "done", "cancel")),
                ("location_dest_id", "child_of", stock.id),
                ("location_id", "not any", [("id", "child_of", stock.id)]),
                ("production_id", "=", False),
                ("company_id", "=", self.company_id.id),
            ],
            order="date, id",
        )
        incoming = [(mo.date_finished, mo.name, mo.product_qty) for mo in productions]
        incoming += [(move.date, move.reference, move.product_uom_qty) for move in receipts]
        incoming.sort(key=lambda row: row[0])
        missing, arrived = self.quantity - free, 0.0
        for date, reference, qty in incoming:
            arrived += qty
            if float_compare(arrived, missing, precision_rounding=rounding) >= 0:
                return self.env._(
                    "%(free)s %(uom)s free now; %(reference)s brings the rest on %(date)s.",
                    free=free,
                    uom=product.uom_id.name,
                    reference=reference,
                    date=format_date(self.env, date),
                ), date
        return self.env._(
            "%(free)s %(uom)s free now and nothing planned brings the rest: order or "
            "manufacture it.",
            free=free,
            uom=product.uom_id.name,
        ), False

    def action_answer(self):
        """Create what the answer chosen asks for: the delivery or the credit note."""
        self._check_manager()
        for inspection in self:
            if inspection.date_answered:
                raise UserError(
                    self.env._("%(name)s has already been answered.", name=inspection.name)
                )
            if not inspection.answer_type:
                raise UserError(self.env._("Choose the answer to the customer first."))
            if inspection.returned_by != "customer" and inspection.answer_type != "none":
                raise UserError(
                    self.env._("%(name)s was not returned by a customer.", name=inspection.name)
                )
            # sudo(): checked above; the manager may lack the invoicing rights a credit
            # note needs, the answer is theirs to give
            inspection.sudo()._create_answer()
        return True

    def _create_answer(self):
        vals = {"date_answered": fields.Datetime.now()}
        if self.answer_type == "replacement":
            vals["answer_picking_id"] = self._create_answer_delivery(
                self.warehouse_id.lot_stock_id, lot=False
            ).id
        elif self.answer_type == "repaired_back":
            repairs = self.disposition_ids.repair_id.filtered(lambda r: r.state == "done")
            if not repairs:
                raise UserError(
                    self.env._(
                        "%(name)s has no finished repair: the unit cannot be sent back yet.",
                        name=self.name,
                    )
                )
            vals["answer_picking_id"] = self._create_answer_delivery(
                repairs[0].product_location_dest_id,
                lot=self.lot_id,
                quantity=sum(repairs.mapped("product_qty")),
            ).id
        elif self.answer_type == "credit_note":
            vals["credit_note_id"] = self._create_credit_note().id
        self.write(vals)

    def _create_answer_delivery(self, source, lot, quantity=None):
        warehouse = self.warehouse_id
        destination = self.partner_id.property_stock_customer
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.out_type_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "partner_id": self.partner_id.id,
                "origin": self.name,
                "company_id": self.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.name,
                            "product_id": self.product_id.id,
                            "product_uom": self.product_id.uom_id.id,
                            "product_uom_qty": quantity or self.quantity,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "company_id": self.company_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        if lot:
            # the customer's own unit, not any other of the product
            picking.move_ids._pin_to_lot(lot)
        return picking

    def _create_credit_note(self):
        product = self.product_id
        credit = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "invoice_origin": self.name,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": self.quantity,
                            "price_unit": product.lst_price,
                        }
                    )
                ],
            }
        )
        credit.action_post()
        return credit
