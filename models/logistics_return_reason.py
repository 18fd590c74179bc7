from odoo import fields, models

CATEGORIES = [
    ("transport_damage", "Transport damage"),
    ("quality_defect", "Quality defect"),
    ("wrong_part", "Wrong part"),
    ("surplus", "Surplus"),
    ("end_of_life", "End of life"),
    ("other", "Other"),
]

DISPOSITIONS = [
    ("restock", "Restock"),
    ("repair", "Repair"),
    ("disassemble", "Disassemble"),
    ("recycle", "Recycle"),
    ("scrap", "Scrap"),
    ("vendor", "Return to vendor"),
]


class LogisticsReturnReason(models.Model):
    """Why goods came back: the category the KPIs sort by and the disposition proposed."""

    _name = "logistics.return.reason"
    _description = "Return Reason"
    _order = "sequence, code"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(CATEGORIES, required=True, default="other")
    default_disposition = fields.Selection(
        DISPOSITIONS,
        help="Proposed to the inspector for the goods returned for this reason.",
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the reason between the companies."
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_company_unique",
            "UNIQUE(code, company_id)",
            "A return reason code is used once per company.",
        )
    ]
