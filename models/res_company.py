from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kanban_lost_cycle_factor = fields.Float(
        "Kanban Lost Card Factor",
        default=3.0,
        help="A kanban card that has not moved for this many times its loop's measured "
        "cycle is flagged lost.",
    )
