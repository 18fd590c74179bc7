from odoo import api, fields, models
from odoo.exceptions import ValidationError


class LogisticsMilkRunDistance(models.Model):
    """Metres between two places of a circuit, both ways; wins over the locations' coordinates."""

    _name = "logistics.milk.run.distance"
    _description = "Milk-Run Distance"
    _order = "milk_run_id, id"
    _check_company_auto = True

    milk_run_id = fields.Many2one(
        "logistics.milk.run", string="Circuit", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="milk_run_id.company_id", store=True, index=True)
    from_location_id = fields.Many2one(
        "stock.location", string="From", required=True, check_company=True
    )
    to_location_id = fields.Many2one(
        "stock.location", string="To", required=True, check_company=True
    )
    distance_m = fields.Float(string="Distance (m)", required=True)

    _sql_constraints = [
        ("distance_not_negative", "CHECK(distance_m >= 0)", "A distance cannot be negative."),
        (
            "distance_within_plant",
            "CHECK(distance_m <= 100000)",
            "A distance inside a plant is at most 100 km.",
        ),
    ]

    @api.constrains("from_location_id", "to_location_id")
    def _check_places(self):
        for distance in self:
            if distance.from_location_id == distance.to_location_id:
                raise ValidationError(self.env._("A distance links two different places."))
