import logging
from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from ..logistics_algorithms import round_building

_logger = logging.getLogger(__name__)


class LogisticsMilkRunPlanning(models.Model):
    """The circuit's rounds: created from the timetable within the horizon, built at their
    cut-off (or ahead by a manager), from the transfers waiting at its stops."""

    _inherit = "logistics.milk.run"

    def _create_rounds(self, now=None):
        """Create the missing rounds of the timetable within each circuit's horizon."""
        now = now or fields.Datetime.now()
        Round = self.env["logistics.milk.run.round"]
        existing = {
            (round_.milk_run_id.id, round_.planned_departure)
            for round_ in Round.search_fetch(
                [("milk_run_id", "in", self.ids), ("planned_departure", ">=", now)],
                ["milk_run_id", "planned_departure"],
            )
        }
        vals_list = []
        for milk_run in self:
            for departure in milk_run._planned_departures(
                now, now + timedelta(hours=milk_run.horizon_hours)
            ):
                if (milk_run.id, departure) not in existing:
                    vals_list.append(milk_run._prepare_round_vals(departure))
        # rounds come from the timetable: no "created" message nor follower on each; their
        # chatter starts with what people do to them
        Quiet = Round.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                return Quiet.create(vals_list).with_env(Round.env)
        except UniqueViolation:
            # Another transaction (the cron, a manager's "Build next round") created some of
            # these departures since we looked: create the others one by one, leave those to it.
            _logger.info("Milk runs %s: rounds created at the same time elsewhere", self.ids)
        rounds = Round
        for vals in vals_list:
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    rounds |= Quiet.create(vals).with_env(Round.env)
            except UniqueViolation:
                _logger.info(
                    "Milk run %s: round at %s created at the same time elsewhere",
                    vals["milk_run_id"],
                    vals["planned_departure"],
                )
        return rounds

    def _prepare_round_vals(self, departure):
        self.ensure_one()
        return {"milk_run_id": self.id, "planned_departure": departure}

    @api.model
    def _cron_plan_rounds(self):
        """Scheduled action: create the coming rounds, then build those past their cut-off."""
        now = fields.Datetime.now()
        # Circuit by circuit, each in its savepoint: one circuit that fails (a calendar, a
        # location, a round a driver is starting right now) is logged and left for the next
        # run; the others get their rounds.
        for milk_run in self.search([]):
            try:
                with self.env.cr.savepoint():
                    milk_run._create_rounds(now)
            except Exception:
                _logger.exception("Milk run %s: rounds not created", milk_run.name)
        due = self.env["logistics.milk.run.round"].search(
            [("state", "=", "planned"), ("cutoff_datetime", "<=", now)], order="planned_departure"
        )
        for milk_run, rounds in due.grouped("milk_run_id").items():
            try:
                with self.env.cr.savepoint():
                    rounds._build()
            except UserError as error:
                _logger.info("Milk run %s: rounds left for the next run: %s", milk_run.name, error)
            except Exception:
                _logger.exception("Milk run %s: rounds not built", milk_run.name)

    def action_build_next_round(self):
        """Build the next planned round of each circuit now, whatever its cut-off."""
        if not self.env.su:
            if not self.env.user.has_group("industrial_logistics.group_logistics_manager"):
                raise AccessError(self.env._("Only a supply-chain manager builds rounds ahead."))
            self.check_access("write")
            # sudo: a round changes state only through the actions; manager and company
            # checked above.
            return self.sudo().action_build_next_round()
        self._create_rounds()
        Round = self.env["logistics.milk.run.round"]
        rounds = Round
        for milk_run in self:
            rounds |= Round.search(
                [("milk_run_id", "=", milk_run.id), ("state", "=", "planned")],
                order="planned_departure",
                limit=1,
            )
        if not rounds:
            raise UserError(
                self.env._(
                    "No round is planned: check the circuit's timetable. If the scheduled action "
                    "is creating the rounds right now, try again in a moment."
                )
            )
        rounds._build()
        return rounds.get_formview_action() if len(rounds) == 1 else True

    # ------------------------------------------------------------------
    # Helpers for the rounds
    # ------------------------------------------------------------------
    def _capacity(self):
        """Train capacity of one departure (all trains together) for the round filling."""
        self.ensure_one()
        trains = self.vehicle_count
        return round_building.Capacity(
            containers=self.capacity_containers * trains or None,
            weight=self.capacity_weight * trains or None,
            volume=self.capacity_volume * trains or None,
        )

    def _distance_table(self):
        """{(location id, location id): metres} of the circuit's explicit distance table."""
        self.ensure_one()
        return {
            (distance.from_location_id.id, distance.to_location_id.id): distance.distance_m
            for distance in self.distance_ids
        }

    def _pending_pickings(self):
        """Ready transfers of the circuit's type to one of its stops (or inside one), on no round,
        most urgent first."""
        self.ensure_one()
        if not self.stop_ids:
            return self.env["stock.picking"]
        return self.env["stock.picking"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "assigned"),
                ("picking_type_id", "=", self.picking_type_id.id),
                ("milk_run_round_id", "=", False),
                ("location_dest_id", "child_of", self.stop_ids.location_id.ids),
            ],
            order="scheduled_date, id",
        )
