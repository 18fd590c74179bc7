import math

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from .logistics_milk_run import CAPACITY_FIELDS, MAX_SETTINGS


class LogisticsMilkRunConstraints(models.Model):
    """What a circuit must satisfy (timetable, train, bounds of its settings); a circuit with
    rounds is archived, never deleted."""

    _inherit = "logistics.milk.run"

    @api.constrains("timetable_mode", "cycle_minutes", "shift_start", "shift_end")
    def _check_timetable(self):
        for milk_run in self.filtered(lambda m: m.timetable_mode == "cycle"):
            if milk_run.cycle_minutes <= 0:
                raise ValidationError(
                    self.env._(
                        "The cycle of %s must be a positive number of minutes.", milk_run.name
                    )
                )
            if not 0 <= milk_run.shift_start < milk_run.shift_end <= 24:
                raise ValidationError(
                    self.env._(
                        "The shift of %s must start before it ends, within the day.", milk_run.name
                    )
                )

    @api.constrains(
        "capacity_containers",
        "capacity_weight",
        "capacity_volume",
        "speed_m_per_min",
        "vehicle_count",
        "handling_minutes",
        "cutoff_minutes",
    )
    def _check_train(self):
        for milk_run in self:
            if (
                min(
                    milk_run.capacity_containers, milk_run.capacity_weight, milk_run.capacity_volume
                )
                < 0
            ):
                raise ValidationError(
                    self.env._("A train capacity cannot be negative (leave 0 for no limit).")
                )
            if milk_run.speed_m_per_min <= 0:
                raise ValidationError(self.env._("The train's speed must be above zero."))
            if milk_run.vehicle_count < 1:
                raise ValidationError(self.env._("A circuit needs at least one train."))
            if milk_run.handling_minutes < 0 or milk_run.cutoff_minutes < 0:
                raise ValidationError(self.env._("Handling time and cut-off cannot be negative."))

    @api.constrains(
        *CAPACITY_FIELDS,
        "cycle_minutes",
        "cutoff_minutes",
        "horizon_hours",
        "routing_time_budget_s",
        "speed_m_per_min",
        "vehicle_count",
        "handling_minutes",
        "punctuality_tolerance_minutes",
    )
    def _check_upper_bounds(self):
        """What a person types stays within what a plant's tugger train can mean: a typo
        (an extra zero) would otherwise plan weeks of rounds or block the cron for minutes."""
        for milk_run in self:
            for field_name in (*MAX_SETTINGS, *CAPACITY_FIELDS):
                if not math.isfinite(milk_run[field_name]):
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(circuit)s must be a number.",
                            field=self._fields[field_name]._description_string(self.env),
                            circuit=milk_run.name,
                        )
                    )
            for field_name, maximum in MAX_SETTINGS.items():
                if milk_run[field_name] > maximum:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(circuit)s cannot exceed %(max)s.",
                            field=self._fields[field_name]._description_string(self.env),
                            circuit=milk_run.name,
                            max=maximum,
                        )
                    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_rounds(self):
        with_rounds = self.with_context(active_test=False).filtered("round_ids")
        if with_rounds:
            raise UserError(
                self.env._(
                    "Circuit %(circuit)s has rounds: its history is kept for the KPIs. Archive it "
                    "instead.",
                    circuit=with_rounds[0].name,
                )
            )

    @api.constrains("routing_time_budget_s", "punctuality_tolerance_minutes", "horizon_hours")
    def _check_positive_settings(self):
        for milk_run in self:
            if milk_run.routing_time_budget_s <= 0 or milk_run.horizon_hours <= 0:
                raise ValidationError(
                    self.env._("The routing time budget and the planning horizon must be positive.")
                )
            if milk_run.punctuality_tolerance_minutes < 0:
                raise ValidationError(self.env._("The punctuality tolerance cannot be negative."))
