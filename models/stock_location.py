from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    logistics_returns = fields.Boolean(
        string="Returns Location",
        help="Returned goods wait here (quarantine) for their inspection: each product line "
        "arriving here opens an inspection, and nothing leaves it without a disposition.",
    )
    logistics_recycling = fields.Boolean(
        string="Recycling Location",
        help="Returned goods sent to recycling go here; proposed by the recycle disposition.",
    )
