from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    milk_run_round_id = fields.Many2one(
        "logistics.milk.run.round",
        string="Milk-run round",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    milk_run_round_stop_id = fields.Many2one(
        "logistics.milk.run.round.stop", string="Milk-run stop", copy=False, readonly=True
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
