from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    logistics_holding_cost_rate = fields.Float(
        related="company_id.logistics_holding_cost_rate", readonly=False
    )
