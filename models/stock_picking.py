from odoo import fields, models


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
