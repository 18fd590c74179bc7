from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kanban_lost_cycle_factor = fields.Float(
        related="company_id.kanban_lost_cycle_factor", readonly=False
    )
    logistics_holding_cost_rate = fields.Float(
        related="company_id.logistics_holding_cost_rate", readonly=False
    )
    logistics_return_hourly_rate = fields.Float(
        related="company_id.logistics_return_hourly_rate", readonly=False
    )
