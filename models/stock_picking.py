from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# Above these a figure is a typing error, not a shipment: a million of the company's currency
# for one shipment, a thousand tonnes or a thousand cubic metres (a full river barge).
MAX_TRANSPORT_COST = 1_000_000.0
MAX_TRANSPORT_WEIGHT_KG = 1_000_000.0
MAX_TRANSPORT_VOLUME_M3 = 1_000.0
# What only a supply-chain manager types. A copy (backorder, return) keeps the mode and the
# Incoterm of its origin, so a storekeeper's copy may carry those; never the figures.
TRANSPORT_COST_FIELDS = {
    "transport_weight",
    "transport_volume",
    "transport_bill_line_id",
    "transport_cost_actual",
}
TRANSPORT_MANAGER_FIELDS = TRANSPORT_COST_FIELDS | {"transport_mode", "transport_incoterm_id"}


class StockPicking(models.Model):
    _inherit = "stock.picking"

    milk_run_round_id = fields.Many2one(
        "logistics.milk.run.round",
        string="Milk-run round",
        index="btree_not_null",
        copy=False,
        readonly=True,
        check_company=True,
    )
    milk_run_round_stop_id = fields.Many2one(
        "logistics.milk.run.round.stop",
        string="Milk-run stop",
        copy=False,
        readonly=True,
        check_company=True,
    )
    milk_run_containers = fields.Float(string="Containers", copy=False, readonly=True)
    milk_run_weight = fields.Float(copy=False, readonly=True)
    milk_run_volume = fields.Float(copy=False, readonly=True)
    milk_run_overflow_reason = fields.Char(
        string="Waiting for a round because", copy=False, readonly=True
    )
    milk_run_overflow_count = fields.Integer(
        string="Rounds missed", copy=False, readonly=True, help="Rounds that could not take it."
    )
    # The picking side of purchase.order.picking_ids (same table, columns swapped). When a
    # transfer's state changes, the ORM looks for the purchase orders to recompute (receipt
    # status, shipped, effective date) through this inverse, from the cache when it holds
    # it (a transfer just created has none), instead of searching purchase_order every
    # time: six queries of every kanban scan that makes a transfer. Nobody edits it.
    purchase_order_ids = fields.Many2many(
        "purchase.order",
        "purchase_order_stock_picking_rel",
        "stock_picking_id",
        "purchase_order_id",
        string="Receiving Purchase Orders",
        copy=False,
        readonly=True,
        groups="purchase.group_purchase_user",
    )

    # ---------------------------------------------------------------- transport
    # What a shipment (outgoing or incoming) costs to move: the carrier and its mode, the
    # Incoterm, the weight and volume carried, the carrier's price (estimate) and what was
    # paid (actual, typed or taken from the carrier's vendor bill line). The figures are read
    # by every stock user and belong to the supply-chain managers (see `write`).
    transport_mode = fields.Selection(
        [
            ("road", "Road"),
            ("rail", "Rail"),
            ("sea", "Sea"),
            ("air", "Air"),
            ("river", "River"),
        ],
        groups="stock.group_stock_user",
    )
    transport_incoterm_id = fields.Many2one(
        "account.incoterms", string="Incoterm", groups="stock.group_stock_user"
    )
    transport_weight = fields.Float(
        string="Shipment Weight (kg)",
        compute="_compute_transport_weight",
        store=True,
        readonly=False,
        copy=False,  # a copy (backorder, return) weighs its own moves
        digits="Stock Weight",
        groups="stock.group_stock_user",
        help="The products' weight by default; type the weighed one when it differs.",
    )
    transport_volume = fields.Float(
        string="Shipment Volume (m³)",
        compute="_compute_transport_volume",
        store=True,
        readonly=False,
        copy=False,  # a copy (backorder, return) weighs its own moves
        digits="Volume",
        groups="stock.group_stock_user",
    )
    transport_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Transport Currency"
    )
    transport_cost_estimated = fields.Monetary(
        string="Estimated Transport Cost",
        currency_field="transport_currency_id",
        compute="_compute_transport_cost_estimated",
        store=True,
        groups="stock.group_stock_user",
        help="The carrier's price for this shipment in Odoo (its fixed price, or its rules on "
        "weight, volume, quantity and value), before the margins charged to customers.",
    )
    transport_bill_line_id = fields.Many2one(
        "account.move.line",
        string="Carrier Bill Line",
        index="btree_not_null",
        copy=False,
        check_company=True,
        domain="[('move_id.move_type', '=', 'in_invoice'), ('display_type', '=', 'product')]",
        groups="stock.group_stock_user",
    )
    transport_editable = fields.Boolean(
        compute="_compute_transport_editable", help="The user is a supply-chain manager."
    )
    transport_cost_actual = fields.Monetary(
        string="Actual Transport Cost",
        currency_field="transport_currency_id",
        compute="_compute_transport_cost_actual",
        store=True,
        readonly=False,
        copy=False,
        groups="stock.group_stock_user",
        help="What the carrier charged, without taxes: taken from its vendor bill line when "
        "one is linked, else typed.",
    )

    @api.depends_context("uid")
    def _compute_transport_editable(self):
        editable = self.env.user.has_group("industrial_logistics.group_logistics_manager")
        self.transport_editable = editable

    @api.depends("weight")
    def _compute_transport_weight(self):
        for picking in self:
            picking.transport_weight = picking.weight

    @api.depends("move_ids.product_qty", "move_ids.state", "move_ids.product_id.volume")
    def _compute_transport_volume(self):
        for picking in self:
            picking.transport_volume = sum(
                move.product_qty * move.product_id.volume
                for move in picking.move_ids
                if move.state != "cancel"
            )

    def _transport_value(self):
        """The value of the goods carried, at the products' cost (company currency)."""
        self.ensure_one()
        return sum(
            move.product_qty * move.product_id.with_company(self.company_id).standard_price
            for move in self.move_ids
            if move.state != "cancel"
        )

    @api.depends(
        "carrier_id",
        "carrier_id.delivery_type",
        "carrier_id.fixed_price",
        "transport_weight",
        "transport_volume",
        "move_ids.product_qty",
        "move_ids.state",
    )
    def _compute_transport_cost_estimated(self):
        for picking in self:
            picking.transport_cost_estimated = picking._transport_carrier_rate()

    def _transport_carrier_rate(self):
        """The carrier's own price of this shipment, without the customers' margins; 0 when
        it has none for it (no carrier, an external provider, no rule matching)."""
        self.ensure_one()
        carrier = self.carrier_id.sudo()  # carriers are sales configuration, read their rules
        if carrier.delivery_type == "fixed":
            return carrier.fixed_price
        if carrier.delivery_type != "base_on_rule":
            return 0.0
        moves = self.move_ids.filtered(lambda move: move.state != "cancel")
        weight, volume = self.transport_weight, self.transport_volume
        try:
            return carrier._get_price_from_picking(
                self._transport_value(),
                weight,
                volume,
                sum(moves.mapped("product_qty")),
                wv=weight * volume,
            )
        except UserError:
            return 0.0

    @api.depends("transport_bill_line_id.balance")
    def _compute_transport_cost_actual(self):
        for picking in self:
            if picking.transport_bill_line_id:
                picking.transport_cost_actual = abs(picking.transport_bill_line_id.balance)

    @api.constrains("transport_bill_line_id")
    def _check_transport_bill(self):
        """A linked bill line is a person's choice: its cost is bounded like a typed one."""
        for picking in self:
            if picking.transport_bill_line_id:
                picking._check_transport_figures(
                    {"transport_cost_actual": picking.transport_cost_actual}
                )
            bill = picking.transport_bill_line_id.move_id
            if bill and bill.move_type != "in_invoice":
                raise ValidationError(
                    self.env._(
                        "%(picking)s: the transport cost comes from a vendor bill, not from "
                        "%(move)s.",
                        picking=picking.display_name,
                        move=bill.display_name,
                    )
                )

    def _check_transport_figures(self, vals):
        """Bound what a person types. Computed figures (the products' weight and volume) are
        not checked here: a product's wrong weight must not stop a transfer's creation (a
        kanban scan), and checking them at every recompute costs the scan a read."""
        _ = self.env._
        bounds = {
            "transport_cost_actual": (
                MAX_TRANSPORT_COST,
                lambda name, value: _(
                    "%(picking)s: a transport cost is between 0 and %(max)s, not %(cost)s.",
                    picking=name,
                    max=MAX_TRANSPORT_COST,
                    cost=value,
                ),
            ),
            "transport_weight": (
                MAX_TRANSPORT_WEIGHT_KG,
                lambda name, value: _(
                    "%(picking)s: a shipment weighs between 0 and %(max)s kg, not %(weight)s.",
                    picking=name,
                    max=MAX_TRANSPORT_WEIGHT_KG,
                    weight=value,
                ),
            ),
            "transport_volume": (
                MAX_TRANSPORT_VOLUME_M3,
                lambda name, value: _(
                    "%(picking)s: a shipment holds between 0 and %(max)s m³, not %(volume)s.",
                    picking=name,
                    max=MAX_TRANSPORT_VOLUME_M3,
                    volume=value,
                ),
            ),
        }
        for field, (maximum, message) in bounds.items():
            value = float(vals.get(field) or 0.0)
            if not 0 <= value <= maximum:
                name = ", ".join(self.mapped("display_name")) or vals.get("name") or _("New")
                raise ValidationError(message(name, value))

    def write(self, vals):
        self._check_transport_rights(vals, TRANSPORT_MANAGER_FIELDS)
        self._check_transport_figures(vals)
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_transport_rights(vals, TRANSPORT_COST_FIELDS)
            self._check_transport_figures(vals)
        return super().create(vals_list)

    def _check_transport_rights(self, vals, guarded):
        """Transport figures are the supply-chain managers': a storekeeper validating a
        transfer reads them and cannot change them, from the screen or by RPC."""
        if (
            guarded.intersection(vals)
            and not self.env.su
            and not self.env.user.has_group("industrial_logistics.group_logistics_manager")
        ):
            raise AccessError(
                self.env._("Only supply-chain managers change the transport of a shipment.")
            )
