from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..logistics_algorithms import routing


class LogisticsMilkRunStop(models.Model):
    """A line-side location served by a circuit; its sub-locations are served too."""

    _name = "logistics.milk.run.stop"
    _description = "Milk-Run Stop"
    _order = "milk_run_id, sequence, id"
    _check_company_auto = True

    milk_run_id = fields.Many2one(
        "logistics.milk.run", string="Circuit", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="milk_run_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    location_id = fields.Many2one(
        "stock.location",
        string="Served location",
        required=True,
        check_company=True,
        domain="[('usage', '=', 'internal')]",
    )
    barcode = fields.Char(related="location_id.barcode")
    handling_minutes = fields.Float(
        string="Handling (minutes)",
        compute="_compute_handling_minutes",
        store=True,
        readonly=False,
        precompute=True,
    )
    window_start_minutes = fields.Float(
        string="Window from (min)",
        help="Earliest arrival, in minutes after the departure. Empty: no constraint.",
    )
    window_end_minutes = fields.Float(
        string="Window to (min)",
        help="Latest arrival, in minutes after the departure. Empty: no constraint.",
    )
    has_window = fields.Boolean(
        compute="_compute_has_window", store=True, help="The stop has an arrival window."
    )

    _sql_constraints = [
        (
            "location_unique",
            "UNIQUE(milk_run_id, location_id)",
            "A circuit stops only once at a location.",
        ),
        (
            "handling_not_negative",
            "CHECK(handling_minutes >= 0)",
            "Handling time cannot be negative.",
        ),
    ]

    @api.depends("milk_run_id.handling_minutes")
    def _compute_handling_minutes(self):
        for stop in self:
            if not stop.handling_minutes:
                stop.handling_minutes = stop.milk_run_id.handling_minutes

    @api.depends("window_start_minutes", "window_end_minutes")
    def _compute_has_window(self):
        for stop in self:
            stop.has_window = bool(stop.window_start_minutes or stop.window_end_minutes)

    @api.depends("milk_run_id", "location_id")
    def _compute_display_name(self):
        for stop in self:
            stop.display_name = stop.location_id.display_name or ""

    def _routing_stop(self, demand=0.0):
        """The stop as the routing module times and sequences it (keyed by its location)."""
        self.ensure_one()
        location = self.location_id
        return routing.Stop(
            key=location.id,
            x=location.posx,
            y=location.posy,
            service_minutes=self.handling_minutes,
            window_start=self.window_start_minutes if self.has_window else None,
            window_end=(self.window_end_minutes or None) if self.has_window else None,
            demand=demand,
        )

    @api.constrains("location_id", "milk_run_id")
    def _check_location(self):
        """A stop is a place of the source's warehouse other than the source itself."""
        for stop in self:
            source = stop.milk_run_id.source_location_id
            location = stop.location_id
            if source.parent_path and location._child_of(source):
                raise ValidationError(
                    self.env._(
                        "%(location)s is the circuit's source (or inside it): "
                        "a train does not deliver where it loads.",
                        location=location.display_name,
                    )
                )
            if location.usage != "internal" or location.warehouse_id != source.warehouse_id:
                raise ValidationError(
                    self.env._(
                        "%(location)s is not an internal location of warehouse %(warehouse)s, "
                        "where the train of %(circuit)s runs.",
                        location=location.display_name,
                        warehouse=source.warehouse_id.display_name or "-",
                        circuit=stop.milk_run_id.display_name,
                    )
                )

    @api.constrains("handling_minutes")
    def _check_handling(self):
        for stop in self:
            if stop.handling_minutes > 240:
                raise ValidationError(
                    self.env._(
                        "Handling at %s cannot take more than 240 minutes.",
                        stop.location_id.display_name,
                    )
                )

    @api.constrains("window_start_minutes", "window_end_minutes")
    def _check_window(self):
        for stop in self:
            start, end = stop.window_start_minutes, stop.window_end_minutes
            if not (0 <= start <= 24 * 60 and 0 <= end <= 24 * 60) or (end and start > end):
                raise ValidationError(
                    self.env._(
                        "The arrival window of %s must start before it ends, in minutes within a "
                        "day after the departure.",
                        stop.location_id.display_name,
                    )
                )
