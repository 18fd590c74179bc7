from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The 6M of the Ishikawa diagram, in the order they are drawn (three above the spine, three
# below).
CATEGORIES = [
    ("method", "Method"),
    ("material", "Material"),
    ("machine", "Machine"),
    ("manpower", "Manpower"),
    ("milieu", "Environment"),
    ("measurement", "Measurement"),
]


class LogisticsProblemAnalysisCause(models.Model):
    """A possible cause of the problem on a bone of its fishbone (Ishikawa, 6M)."""

    _name = "logistics.problem.analysis.cause"
    _description = "Logistics Problem Cause (Ishikawa)"
    _order = "analysis_id, category, sequence, id"

    analysis_id = fields.Many2one(
        "logistics.problem.analysis", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="analysis_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(CATEGORIES, required=True, default="method")
    name = fields.Char(string="Cause", required=True)
    is_root = fields.Boolean(string="Root Cause")

    @api.constrains("name")
    def _check_name(self):
        for cause in self:
            if not cause.name.strip():
                raise ValidationError(self.env._("A cause needs a few words."))
