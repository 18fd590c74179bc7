import math
import time as time_module
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..logistics_algorithms import shop_scheduling
from .reopen_action import reopen_action

try:
    from ..logistics_algorithms import shop_solver
except ImportError:  # OR-Tools missing: the deterministic fallback still plans
    shop_solver = None

# the solver may place operations this many days after the horizon (late orders must fit)
PLAN_SLACK_DAYS = 56
# weighted tardiness: an urgent order (Odoo's priority "1") weighs this much more
URGENT_WEIGHT = 3


class LogisticsShopLevelling(models.TransientModel):
    """Finite-capacity levelling of the open manufacturing orders of a horizon (issue 15).

    Each work centre is one machine running one work order at a time, as Odoo's own *Plan*
    books it (`duration_expected` already counts the cycles of its capacity); its
    alternatives are other modes. Started orders are facts: their planned work orders are
    fixed, and they are never moved. Release: now, or the expected arrival of the order's last
    component when later (Odoo's forecast of its component moves). An order is never split
    unless the user allows it (`logistics_shop_levelling_split.py`); applying is in
    `logistics_shop_levelling_apply.py`.
    """

    _name = "logistics.shop.levelling"
    _description = "Shop Levelling Proposal"

    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )
    date_from = fields.Date(required=True, default=fields.Date.context_today)
    date_to = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=27)
    )
    workcenter_ids = fields.Many2many(
        "mrp.workcenter", string="Work Centres", help="Only the orders that use them; all if empty."
    )
    time_limit = fields.Integer("Time budget (s)", default=10, required=True)
    state = fields.Selection(
        [("draft", "New"), ("proposed", "Proposed"), ("applied", "Applied")], default="draft"
    )
    status = fields.Selection(
        [
            ("optimal", "Optimal"),
            ("feasible", "Feasible (not proved optimal within the budget)"),
            ("fallback_timeout", "Fallback: no solver plan within the budget"),
            ("fallback_infeasible", "Fallback: no plan fits the calendars"),
            ("fallback_solver_error", "Fallback: the solver refused the model"),
            ("fallback", "Fallback: solver not installed"),
        ],
        readonly=True,
    )
    note = fields.Text(readonly=True)
    line_ids = fields.One2many("logistics.shop.levelling.line", "wizard_id")
    skipped_production_ids = fields.Many2many(
        "mrp.production", string="Skipped (no operations)", readonly=True
    )

    @api.constrains("time_limit")
    def _check_time_limit(self):
        for wizard in self:
            if not 1 <= wizard.time_limit <= 120:
                raise ValidationError(self.env._("The time budget is between 1 and 120 seconds."))

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_to < wizard.date_from:
                raise ValidationError(self.env._("The horizon ends before it starts."))

    # ---------------------------------------------------------------- proposal
    def _productions(self):
        stop = datetime.combine(self.date_to + timedelta(days=1), time.min)
        domain = [
            ("state", "in", ("confirmed", "progress")),
            ("company_id", "=", self.company_id.id),
            ("date_start", "<", stop),
        ]
        if self.workcenter_ids:
            # orders without operations stay in, to be listed as skipped
            domain += [
                "|",
                ("workorder_ids", "=", False),
                ("workorder_ids.workcenter_id", "in", self.workcenter_ids.ids),
            ]
        return self.env["mrp.production"].search(domain, order="id")

    def _origin(self):
        """Midnight of the first day in the plant's time zone (the company's calendar)."""
        tz = pytz.timezone(self.company_id.resource_calendar_id.tz or "UTC")
        return tz.localize(datetime.combine(self.date_from, time.min))

    @staticmethod
    def _minutes(moment, origin):
        return int((pytz.utc.localize(moment) - origin).total_seconds() // 60)

    @staticmethod
    def _moment(minutes, origin):
        return (origin + timedelta(minutes=minutes)).astimezone(pytz.utc).replace(tzinfo=None)

    @staticmethod
    def _workorders(production):
        return production.workorder_ids.filtered(
            lambda wo: wo.state not in ("done", "cancel")
        ).sorted(lambda wo: (wo.operation_id.sequence, wo.id))

    def _prepare_job(self, production, origin, now, arrival=False):
        """The order as a `shop_scheduling.Job`: its work orders in routing order, released
        at `arrival` (its components' expected arrival) when later than now."""
        started = production.state == "progress"
        operations = []
        for workorder in self._workorders(production):
            if started and not workorder.date_start:
                continue  # a started order is never moved: what has no date stays out
            centre = workorder.workcenter_id
            modes = [(centre.id, math.ceil(workorder.duration_expected))]
            if not started:
                modes += [
                    (
                        alt.id,
                        math.ceil(workorder._get_duration_expected(alternative_workcenter=alt)),
                    )
                    for alt in centre.alternative_workcenter_ids
                    if alt.company_id in (self.company_id, self.env["res.company"])
                ]
            fixed = (centre.id, self._minutes(workorder.date_start, origin)) if started else None
            operations.append(shop_scheduling.Operation(workorder.id, tuple(modes), fixed))
        deadline = production.date_deadline or production.date_finished
        return shop_scheduling.Job(
            production.id,
            tuple(operations),
            release=max(now, self._minutes(arrival, origin)) if arrival else now,
            due=self._minutes(deadline, origin) if deadline else None,
            weight=URGENT_WEIGHT if production.priority == "1" else 1,
        )

    def _calendars(self, jobs, origin):
        """{work centre id: working intervals in whole minutes} from the horizon's start to
        PLAN_SLACK_DAYS after its end; one calendar call per centre. Also the centres that
        had no calendar (the company's is used)."""
        centres = self.env["mrp.workcenter"].browse(
            {machine for job in jobs for op in job.operations for machine, _d in op.modes}
        )
        stop = origin + timedelta(days=(self.date_to - self.date_from).days + 1 + PLAN_SLACK_DAYS)
        calendars, without = {}, self.env["mrp.workcenter"]
        for centre in centres:
            calendar = centre.resource_calendar_id
            if not calendar:
                without |= centre
                calendar = (centre.company_id or self.company_id).resource_calendar_id
            intervals = calendar._work_intervals_batch(
                origin, stop, resources=centre.resource_id, tz=pytz.timezone(calendar.tz or "UTC")
            )[centre.resource_id.id]
            calendars[centre.id] = [
                (
                    math.ceil((begin - origin).total_seconds() / 60),
                    int((end - origin).total_seconds() // 60),
                )
                for begin, end, _record in intervals
            ]
        return calendars, without

    def _solve(self, jobs, calendars, now, time_limit=None):
        if shop_solver is None:
            return shop_scheduling.fallback(jobs, calendars, "edd", now)
        seconds = float(time_limit or self.time_limit)
        return shop_solver.solve(jobs, calendars, time_limit=seconds, now=now)

    def action_propose(self):
        self.ensure_one()
        started = time_module.monotonic()
        productions = self._productions()
        skipped = productions.filtered(lambda mo: not self._workorders(mo))
        productions -= skipped
        if not productions:
            raise UserError(self.env._("No open manufacturing order with operations to level."))
        origin = self._origin()
        now = max(0, self._minutes(fields.Datetime.now(), origin))
        arrivals = productions._logistics_components_arrival()
        jobs = [
            self._prepare_job(production, origin, now, arrivals[production.id][0])
            for production in productions
        ]
        calendars, without = self._calendars(jobs, origin)
        # the budget covers the whole proposal: what reading the orders took, and a second
        # to write the lines (measured: 2 s of reading for 500 MOs)
        seconds = max(1.0, self.time_limit - (time_module.monotonic() - started) - 1.0)
        schedule, pieces = self._plan(jobs, productions, calendars, now, seconds)
        self.line_ids.unlink()
        self.env["logistics.shop.levelling.line"].create(
            self._prepare_line_vals(productions, schedule, origin, arrivals, pieces)
        )
        self.write(
            {
                "state": "proposed",
                "status": schedule.status,
                "skipped_production_ids": [fields.Command.set(skipped.ids)],
                "note": self._prepare_note(schedule, without, skipped),
            }
        )
        return reopen_action(self)

    def _prepare_line_vals(self, productions, schedule, origin, arrivals, pieces):
        """One line per order; `pieces`: {order id: piece quantities} of the split ones."""
        planned = {}
        for item in schedule.operations:
            planned.setdefault(self._origin_key(item.job), []).append(item)
        vals = []
        for production in productions:
            items = planned.get(production.id, [])
            current_start, current_end = self._current_dates(production)
            vals.append(
                {
                    "wizard_id": self.id,
                    "production_id": production.id,
                    "started": production.state == "progress",
                    "apply": production.state != "progress",
                    "deadline": production.date_deadline or production.date_finished,
                    "components_arrival": arrivals[production.id][0],
                    "components_missing": arrivals[production.id][1],
                    "current_start": current_start,
                    "current_end": current_end,
                    "proposed_start": self._moment(min(i.start for i in items), origin)
                    if items
                    else current_start,
                    "proposed_end": self._moment(max(i.end for i in items), origin)
                    if items
                    else current_end,
                    "split_quantities": self._format_pieces(production, pieces.get(production.id)),
                    "operation_ids": [
                        fields.Command.create(
                            self._prepare_operation_vals(item, origin, pieces.get(production.id))
                        )
                        for item in items
                    ],
                }
            )
        return vals

    def _current_dates(self, production):
        """The span of its planned work orders, or the order's own dates when not planned."""
        workorders = self._workorders(production)
        if workorders and all(wo.date_start and wo.date_finished for wo in workorders):
            return min(workorders.mapped("date_start")), max(workorders.mapped("date_finished"))
        return production.date_start, production.date_finished

    def _prepare_note(self, schedule, without, skipped):
        _ = self.env._
        notes = []
        if without:
            notes.append(
                _(
                    "Without a working calendar, planned on the company's: %(centres)s.",
                    centres=", ".join(without.mapped("display_name")),
                )
            )
        if skipped:
            notes.append(
                _(
                    "Skipped, no operations to plan: %(orders)s.",
                    orders=", ".join(skipped.mapped("name")),
                )
            )
        if schedule.off_calendar:
            notes.append(
                _(
                    "%(count)s work orders fit nowhere in their calendar: placed after its end.",
                    count=len(schedule.off_calendar),
                )
            )
        return "\n".join(notes) or False
