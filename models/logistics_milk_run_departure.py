from odoo import api, fields, models
from odoo.exceptions import ValidationError


class LogisticsMilkRunDeparture(models.Model):
    """A fixed departure time of a circuit, every working day of its calendar."""

    _name = "logistics.milk.run.departure"
    _description = "Milk-Run Departure Time"
    _order = "milk_run_id, departure_time"

    milk_run_id = fields.Many2one(
        "logistics.milk.run", string="Circuit", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="milk_run_id.company_id", store=True, index=True)
    departure_time = fields.Float(
        required=True, help="Hour of the day, in the calendar's time zone."
    )

    _sql_constraints = [
        (
            "departure_unique",
            "UNIQUE(milk_run_id, departure_time)",
            "This departure time is already in the timetable.",
        ),
    ]

    @api.constrains("departure_time")
    def _check_departure_time(self):
        for departure in self:
            if not 0 <= departure.departure_time < 24:
                raise ValidationError(
                    self.env._("A departure time is an hour between 00:00 and 23:59.")
                )
