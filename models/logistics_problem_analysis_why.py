from odoo import fields, models


class LogisticsProblemAnalysisWhy(models.Model):
    """One link of the 5 whys chain: why did that happen? because..."""

    _name = "logistics.problem.analysis.why"
    _description = "Logistics Problem Analysis: a Why"
    _order = "analysis_id, sequence, id"

    analysis_id = fields.Many2one(
        "logistics.problem.analysis", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="analysis_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    question = fields.Char(string="Why?", required=True)
    answer = fields.Char(string="Because")
