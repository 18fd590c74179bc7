from odoo import fields, models


class LogisticsShopLevellingOperation(models.TransientModel):
    """One work order of a levelling proposal: the centre and the dates Apply writes. A
    split order's work order has one row per piece, for the work order of that piece."""

    _name = "logistics.shop.levelling.operation"
    _description = "Levelling Proposal per Work Order"
    _order = "piece, date_start, id"

    line_id = fields.Many2one("logistics.shop.levelling.line", required=True, ondelete="cascade")
    workorder_id = fields.Many2one("mrp.workorder", required=True, readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", required=True, readonly=True)
    date_start = fields.Datetime(required=True, readonly=True)
    date_finished = fields.Datetime(required=True, readonly=True)
    piece = fields.Integer(
        readonly=True, help="0: the order itself; 1, 2...: the orders its split creates."
    )
    piece_qty = fields.Float(
        "Piece quantity", digits="Product Unit of Measure", readonly=True, help="0: not split."
    )
