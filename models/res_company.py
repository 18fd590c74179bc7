from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    kanban_lost_cycle_factor = fields.Float(
        "Kanban Lost Card Factor",
        default=3.0,
        help="A kanban card that has not moved for this many times its loop's measured "
        "cycle is flagged lost.",
    )

    logistics_holding_cost_rate = fields.Float(
        string="Holding Cost Rate (% per year)",
        default=20.0,
        help="Taux de possession: yearly cost of holding stock (capital, storage, insurance, "
        "obsolescence) as a share of the average stock value. Typically 15-30 %.",
    )
    logistics_return_hourly_rate = fields.Float(
        string="Returns Handling Hourly Rate",
        help="Cost of an hour spent handling and inspecting a return: the handling time of "
        "each return is valued at this rate in its cost.",
    )

    _sql_constraints = [
        (
            "kanban_lost_cycle_factor_positive",
            "CHECK(kanban_lost_cycle_factor > 0)",
            "The kanban lost card factor must be positive.",
        ),
        (
            "logistics_holding_cost_rate_range",
            "CHECK(logistics_holding_cost_rate >= 0 AND logistics_holding_cost_rate <= 100)",
            "The holding cost rate is a yearly percentage between 0 and 100.",
        ),
        (
            "logistics_return_hourly_rate_range",
            "CHECK(logistics_return_hourly_rate >= 0 AND logistics_return_hourly_rate <= 10000)",
            "The returns handling hourly rate is between 0 and 10,000.",
        ),
    ]

    @api.constrains("kanban_lost_cycle_factor")
    def _check_kanban_lost_cycle_factor(self):
        """Say it in words: a factor of zero or less would flag every card lost."""
        for company in self:
            if company.kanban_lost_cycle_factor <= 0:
                raise ValidationError(
                    self.env._(
                        "The kanban lost card factor of %(company)s must be positive: a card "
                        "is flagged lost when it has not moved for this many times its "
                        "loop's cycle (you entered %(factor)s).",
                        company=company.name,
                        factor=company.kanban_lost_cycle_factor,
                    )
                )

    @api.constrains("logistics_holding_cost_rate")
    def _check_logistics_holding_cost_rate(self):
        """Say it in words before the database constraint rejects the save."""
        for company in self:
            if not 0 <= company.logistics_holding_cost_rate <= 100:
                raise ValidationError(
                    self.env._(
                        "The holding cost rate of %(company)s must be a yearly percentage "
                        "between 0 and 100 (you entered %(rate)s).",
                        company=company.name,
                        rate=company.logistics_holding_cost_rate,
                    )
                )

    @api.constrains("logistics_return_hourly_rate")
    def _check_logistics_return_hourly_rate(self):
        """Say it in words before the database constraint rejects the save."""
        for company in self:
            if not 0 <= company.logistics_return_hourly_rate <= 10000:
                raise ValidationError(
                    self.env._(
                        "The returns handling hourly rate of %(company)s must be between 0 "
                        "and 10,000 (you entered %(rate)s).",
                        company=company.name,
                        rate=company.logistics_return_hourly_rate,
                    )
                )
