from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime

from .row_lock import lock_or_refuse

# The states of a round, the round's and the round report's.
ROUND_STATES = [
    ("planned", "Planned"),
    ("loading", "Loading"),
    ("on_route", "On route"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

# A round that has left or is over is history: the KPIs read its facts, and its transfers are
# never offered to another round. Only the driver flow (action_*) changes it.
CLOSED_STATES = ("on_route", "done", "cancelled")


class LogisticsMilkRunRound(models.Model):
    """One departure of a circuit: the transfers it carries (a batch), its stops in visiting order,
    and the facts of the run (actual departure, arrivals, load) kept for the KPIs."""

    _name = "logistics.milk.run.round"
    _description = "Milk-Run Round"
    _inherit = ["mail.thread"]
    _order = "planned_departure desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    milk_run_id = fields.Many2one(
        "logistics.milk.run",
        string="Circuit",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="milk_run_id.company_id", store=True, index=True)
    state = fields.Selection(
        ROUND_STATES,
        default="planned",
        required=True,
        tracking=True,
        index=True,
    )
    planned_departure = fields.Datetime(required=True, index=True, tracking=True)
    cutoff_datetime = fields.Datetime(
        string="Cut-off", compute="_compute_cutoff_datetime", store=True, index=True
    )
    planned_return = fields.Datetime(readonly=True)
    actual_departure = fields.Datetime(readonly=True, tracking=True)
    actual_return = fields.Datetime(readonly=True, tracking=True)
    departure_delay_minutes = fields.Float(
        compute="_compute_departure_delay", store=True, help="Actual minus planned departure."
    )
    departed_on_time = fields.Boolean(compute="_compute_departure_delay", store=True)
    user_id = fields.Many2one("res.users", string="Driver", readonly=True)
    built_datetime = fields.Datetime(string="Built on", readonly=True)
    batch_id = fields.Many2one(
        "stock.picking.batch", string="Batch", readonly=True, check_company=True
    )
    picking_ids = fields.One2many("stock.picking", "milk_run_round_id", string="Transfers")
    picking_count = fields.Integer(compute="_compute_picking_count")
    round_stop_ids = fields.One2many("logistics.milk.run.round.stop", "round_id", string="Stops")
    containers = fields.Float(compute="_compute_load", store=True)
    weight = fields.Float(string="Weight (kg)", compute="_compute_load", store=True)
    volume = fields.Float(string="Volume (m³)", compute="_compute_load", store=True)
    train_count = fields.Integer(
        string="Trains",
        default=1,
        readonly=True,
        help="Trains leaving together on this departure, from the circuit at the build.",
    )
    capacity_containers = fields.Float(readonly=True, help="Containers all trains carry, at build.")
    capacity_weight = fields.Float(string="Capacity weight (kg)", readonly=True)
    capacity_volume = fields.Float(string="Capacity volume (m³)", readonly=True)
    fill_ratio = fields.Float(
        compute="_compute_load",
        store=True,
        aggregator="avg",
        help="Load over capacity on the most used limited dimension (0 when unlimited).",
    )
    overflow_count = fields.Integer(
        readonly=True, help="Ready transfers this round could not take at its build."
    )
    overflow_note = fields.Text(readonly=True)

    _sql_constraints = [
        (
            "departure_unique",
            "UNIQUE(milk_run_id, planned_departure)",
            "This circuit already has a round at that departure time.",
        ),
    ]

    @api.depends("milk_run_id.name", "planned_departure")
    def _compute_name(self):
        for round_ in self:
            when = (
                format_datetime(
                    self.env,
                    round_.planned_departure,
                    tz=round_.milk_run_id._timezone().zone,
                    dt_format="yyyy-MM-dd HH:mm",
                )
                if round_.planned_departure and round_.milk_run_id
                else ""
            )
            round_.name = f"{round_.milk_run_id.name or ''} {when}".strip()

    @api.depends("planned_departure", "milk_run_id.cutoff_minutes")
    def _compute_cutoff_datetime(self):
        for round_ in self:
            round_.cutoff_datetime = (
                round_.planned_departure
                and round_.planned_departure - timedelta(minutes=round_.milk_run_id.cutoff_minutes)
            )

    @api.depends(
        "planned_departure", "actual_departure", "milk_run_id.punctuality_tolerance_minutes"
    )
    def _compute_departure_delay(self):
        for round_ in self:
            if not round_.actual_departure:
                round_.departure_delay_minutes = 0.0
                round_.departed_on_time = False
                continue
            delay = (round_.actual_departure - round_.planned_departure).total_seconds() / 60.0
            round_.departure_delay_minutes = delay
            round_.departed_on_time = abs(delay) <= round_.milk_run_id.punctuality_tolerance_minutes

    def _compute_picking_count(self):
        for round_ in self:
            round_.picking_count = len(round_.picking_ids)

    @api.depends(
        "picking_ids.milk_run_containers",
        "picking_ids.milk_run_weight",
        "picking_ids.milk_run_volume",
        "capacity_containers",
        "capacity_weight",
        "capacity_volume",
    )
    def _compute_load(self):
        for round_ in self:
            pickings = round_.picking_ids
            round_.containers = sum(pickings.mapped("milk_run_containers"))
            round_.weight = sum(pickings.mapped("milk_run_weight"))
            round_.volume = sum(pickings.mapped("milk_run_volume"))
            ratios = [
                used / limit
                for used, limit in (
                    (round_.containers, round_.capacity_containers),
                    (round_.weight, round_.capacity_weight),
                    (round_.volume, round_.capacity_volume),
                )
                if limit
            ]
            round_.fill_ratio = max(ratios, default=0.0)

    # ------------------------------------------------------------------
    # Guards: the state and the facts change only through the actions below
    # ------------------------------------------------------------------
    def write(self, vals):
        if not self.env.su:
            self.check_access("write")  # no write right (storekeepers): AccessError first
            if "state" in vals:
                raise UserError(
                    self.env._(
                        "A round changes state only through its buttons and the driver screen "
                        "(build, start, finish, cancel)."
                    )
                )
            facts = [name for name in vals if not name.startswith(("message_", "activity_"))]
            closed = self.filtered(lambda r: r.state in CLOSED_STATES)
            if facts and closed:
                raise UserError(
                    self.env._(
                        "%(round)s has left or is over: its facts are kept as they are for the "
                        "KPIs.",
                        round=closed[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        # Only the superuser (a data fix, a test's clean-up) deletes a round that has run.
        history = self.filtered(lambda r: r.state in ("on_route", "done"))
        if history and not self.env.su:
            raise UserError(
                self.env._(
                    "%(round)s has run: it is part of the circuit's history and cannot be "
                    "deleted. Archive the circuit to stop its rounds.",
                    round=history[0].name,
                )
            )

    def _check_driver(self):
        """The caller may act on these rounds from the screens: a storekeeper, in the rounds'
        companies, and once a round of one train has left, its driver (or a manager). Raises
        AccessError."""
        user = self.env.user
        manager = user.has_group("industrial_logistics.group_logistics_manager")
        if not manager and not user.has_group("industrial_logistics.group_logistics_storekeeper"):
            raise AccessError(self.env._("Only the supply-chain team runs milk-run rounds."))
        self.check_access("read")  # the caller's companies (record rules)
        if manager:
            return
        taken = self.filtered(
            lambda r: r.state == "on_route" and r.user_id and r.user_id != user and r._trains() == 1
        )
        if taken:
            raise AccessError(
                self.env._(
                    "%(round)s is driven by %(driver)s: only they (or a manager) can run it.",
                    round=taken[0].name,
                    driver=taken[0].user_id.name,
                )
            )

    def _lock_rows(self):
        """Refuse to work on a round another user is building or starting right now."""
        lock_or_refuse(
            self,
            self.env._("Someone else is working on this round right now; try again in a moment."),
        )
