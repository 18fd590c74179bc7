import bisect
from collections import namedtuple
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..logistics_algorithms import work_centre_load

DAY_MINUTES = work_centre_load.DAY_MINUTES
# unplanned work orders are placed backward from their deadline through at most this many days
# of calendar before the horizon; what does not fit there is left out (it is past anyway)
BACKWARD_DAYS = 31
OPEN_STATES = ("confirmed", "progress")
# an open work order as the load reads it: minutes = its expected duration, deadline = its
# order's (else the order's planned end)
_Order = namedtuple("_Order", "id centre start finish minutes product deadline")


class LogisticsWorkcenterLoad(models.TransientModel):
    """Load against capacity of each work centre per day over a horizon (issue 15).

    Transient, filled on open, rather than an SQL view: the capacity of a day comes from the
    work centre's calendar, its leaves and the public holidays, which only Odoo's resource API
    computes (attendances per weekday, time zones, leaves over several days), not SQL. The rows
    are the current user's own (transient records are per user) and are replaced at each open.

    Capacity is the centre's available calendar time, not multiplied by its capacity and
    efficiency: Odoo's `duration_expected` already divides the quantity into cycles of
    `default_capacity` units and the cycle time by `time_efficiency` (mrp.workorder
    `_get_duration_expected`), and Odoo's *Plan* books that many minutes of the centre's
    calendar, one work order at a time (`mrp.workcenter._get_first_available_slot`). Load and
    capacity are then both in calendar minutes of the centre; multiplying again would count
    capacity and efficiency twice.
    """

    _name = "logistics.workcenter.load"
    _description = "Work Centre Load per Day"
    _order = "workcenter_id, day"

    workcenter_id = fields.Many2one("mrp.workcenter", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    day = fields.Date(required=True, readonly=True)
    capacity_hours = fields.Float("Capacity (h)", digits=(16, 2), readonly=True)
    load_hours = fields.Float("Load (h)", digits=(16, 2), readonly=True)
    utilisation = fields.Float(
        "Utilisation (%)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Load / capacity; 0 on a day without capacity (then overloaded if loaded).",
    )
    overloaded = fields.Boolean(readonly=True)
    overload_hours = fields.Float("Overload (h)", digits=(16, 2), readonly=True)
    setup_hours = fields.Float(
        "Setup (h)",
        digits=(16, 2),
        readonly=True,
        help="Setup and clean-up of the lots in the load: the price of small lots.",
    )
    setup_share = fields.Float("Setup share (%)", digits=(16, 1), readonly=True, aggregator="avg")

    # ---------------------------------------------------------------- computation
    @api.model
    def _compute_load(self, date_from, date_to, workcenters=None, overrides=None):
        """{work centre: [DayLoad per day of the horizon]} in minutes (see
        `_compute_load_detail`)."""
        detail = self._compute_load_detail(date_from, date_to, workcenters, overrides)
        return {workcenter: rows for workcenter, (rows, _setup) in detail.items()}

    @api.model
    def _compute_load_detail(self, date_from, date_to, workcenters=None, overrides=None):
        """{work centre: ([DayLoad per day], [setup minutes per day])} for the horizon's days
        date_from..date_to (included), the days counted in each centre's calendar time zone.
        `overrides`: {work order id: (work centre, start, end)}, a proposal's dates in place of
        the planned ones (the planning board's proposed load).

        Bulk: one search of the open work orders, one calendar call per work centre."""
        if date_to < date_from:
            raise UserError(self.env._("The horizon ends before it starts."))
        days = (date_to - date_from).days + 1
        if workcenters is None:
            workcenters = self.env["mrp.workcenter"].search(
                [("company_id", "in", self.env.companies.ids + [False])]
            )
        orders = self._open_workorders(workcenters)
        overrides = overrides or {}
        centres = {centre.id: centre for centre in workcenters}
        centres.update((wc.id, wc) for wc, _start, _end in overrides.values())
        per_centre = {}
        for order in orders:
            centre = overrides[order.id][0] if order.id in overrides else centres[order.centre]
            per_centre.setdefault(centre, []).append(order)
        result = {}
        for workcenter in workcenters:
            origin, intervals = self._workcenter_intervals(
                workcenter, date_from, date_to, per_centre, overrides
            )
            capacity = work_centre_load.daily_capacity(
                [
                    (start, end)
                    for start, end in intervals
                    if end > 0 and start < days * DAY_MINUTES
                ],
                days,
            )
            pieces = self._load_pieces(
                per_centre.get(workcenter, ()), origin, intervals, workcenter, overrides
            )
            load = work_centre_load.daily_load([piece[:3] for piece in pieces], days)
            setup = work_centre_load.daily_load(
                [(start, end, minutes * share) for start, end, minutes, share in pieces], days
            )
            result[workcenter] = (work_centre_load.load_vs_capacity(load, capacity), setup)
        return result

    @api.model
    def _open_workorders(self, workcenters):
        """The open work orders of the centres as plain `_Order` tuples, in one query (the
        ORM's search, so record rules apply, then one read of the columns the load needs:
        reading 10,000 records field by field costs seconds)."""
        query = self.env["mrp.workorder"]._search(
            [
                ("workcenter_id", "in", workcenters.ids),
                ("production_id.state", "in", OPEN_STATES),
                ("state", "not in", ("done", "cancel")),
            ]
        )
        self.env["mrp.workorder"].flush_model(
            ["workcenter_id", "date_start", "date_finished", "duration_expected", "product_id"]
        )
        self.env["mrp.production"].flush_model(["date_deadline", "date_finished"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT wo.id, wo.workcenter_id, wo.date_start, wo.date_finished,
                       COALESCE(wo.duration_expected, 0), wo.product_id,
                       COALESCE(mo.date_deadline, mo.date_finished)
                  FROM mrp_workorder wo
                  JOIN mrp_production mo ON mo.id = wo.production_id
                 WHERE wo.id IN %s
                 ORDER BY wo.production_id, wo.id
                """,
                query.subselect(),
            )
        )
        return [_Order(*row) for row in rows]

    @staticmethod
    def _dates(order, overrides):
        """(start, finish) of a work order: the proposal's when overridden, else Odoo's."""
        if order.id in overrides:
            return overrides[order.id][1:]
        return order.start, order.finish

    @staticmethod
    def _setup_share(order, workcenter, setups):
        """Share of its expected duration that is setup and clean-up on `workcenter`;
        `setups` caches Odoo's setup + clean-up minutes per (centre, product)."""
        if not order.minutes:
            return 0.0
        key = (workcenter.id, order.product)
        if key not in setups:
            product = workcenter.env["product.product"].browse(order.product)
            setups[key] = workcenter._get_expected_duration(product)
        return min(1.0, setups[key] / order.minutes)

    @api.model
    def _calendar(self, workcenter):
        """The centre's calendar, or its company's when it has none."""
        return (
            workcenter.resource_calendar_id
            or (workcenter.company_id or self.env.company).resource_calendar_id
        )

    @api.model
    def _workcenter_intervals(self, workcenter, date_from, date_to, per_centre, overrides=None):
        """(origin, [(start, end)] working minutes from the origin): midnight of date_from in
        the calendar's time zone; the intervals cover the horizon, the planned work orders and
        the deadlines of unplanned ones (backward placement needs the time before them)."""
        calendar = self._calendar(workcenter)
        tz = pytz.timezone(calendar.tz or "UTC")
        origin = tz.localize(datetime.combine(date_from, time.min))
        start = origin - timedelta(days=BACKWARD_DAYS)
        stop = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min))
        for order in per_centre.get(workcenter, ()):
            date_start, date_finished = self._dates(order, overrides or {})
            end = date_finished or order.deadline
            if end:
                stop = max(stop, pytz.utc.localize(end) + timedelta(days=1))
            if date_start:
                start = min(start, pytz.utc.localize(date_start))
        if not calendar:
            return origin, [(self._minutes(start, origin), self._minutes(stop, origin))]
        resource = workcenter.resource_id
        intervals = calendar._work_intervals_batch(start, stop, resources=resource, tz=tz)[
            resource.id
        ]
        return origin, [
            (self._minutes(begin, origin), self._minutes(end, origin))
            for begin, end, _record in intervals
        ]

    @staticmethod
    def _minutes(moment, origin):
        return (moment - origin).total_seconds() / 60.0

    @api.model
    def _load_pieces(self, orders, origin, intervals, workcenter, overrides=None):
        """(start, end, minutes, setup share) pieces of load for
        `work_centre_load.daily_load`.

        A planned work order spreads its expected duration over the working intervals its
        planned span covers (not over the night between). Unplanned ones are packed backward
        in the centre's calendar from their order's deadline, latest deadline first, each
        ending where the next one starts (a centre runs one at a time); the routing order
        across centres is not applied: this is a load, not a schedule."""
        overrides = overrides or {}
        starts = [begin for begin, _stop in intervals]
        setups = {}
        pieces = []
        unplanned = []
        for order in orders:
            date_start, date_finished = self._dates(order, overrides)
            share = self._setup_share(order, workcenter, setups)
            if date_start and date_finished:
                start = self._minutes(pytz.utc.localize(date_start), origin)
                end = self._minutes(pytz.utc.localize(date_finished), origin)
                pieces += [
                    (*piece, share)
                    for piece in self._spread(start, end, order.minutes, intervals, starts)
                ]
            elif order.deadline:
                unplanned.append(order)
        unplanned.sort(key=lambda order: order.deadline, reverse=True)
        cursor = None
        for order in unplanned:
            deadline = self._minutes(pytz.utc.localize(order.deadline), origin)
            cursor = deadline if cursor is None else min(cursor, deadline)
            stretches, cursor = self._backward(cursor, order.minutes, intervals)
            share = self._setup_share(order, workcenter, setups)
            pieces += [(start, end, end - start, share) for start, end in stretches]
        return pieces

    @staticmethod
    def _spread(start, end, minutes, intervals, starts):
        """Share `minutes` over the working stretches of [start, end), in proportion to each;
        the whole span when it covers no working time. `starts`: the intervals' starts, to
        find the first one by bisection (intervals are sorted and disjoint)."""
        stretches = []
        for begin, stop in intervals[max(0, bisect.bisect_right(starts, start) - 1) :]:
            if begin >= end:
                break
            if stop > start:
                stretches.append((max(start, begin), min(end, stop)))
        working = sum(stop - begin for begin, stop in stretches)
        if working <= 0:
            return [(start, max(end, start), minutes)]
        return [(begin, stop, minutes * (stop - begin) / working) for begin, stop in stretches]

    @staticmethod
    def _backward(end, minutes, intervals):
        """Working stretches of `minutes` ending at or before `end`, walking the calendar back;
        the rest, when the calendar runs out, is dropped (it lies before the horizon)."""
        stretches = []
        for begin, stop in reversed(intervals):
            if minutes <= 1e-9:
                break
            if begin >= end:
                continue
            stop = min(stop, end)
            take = min(minutes, stop - begin)
            stretches.append((stop - take, stop))
            minutes -= take
            end = stop - take
        return stretches, end

    # ---------------------------------------------------------------- screen
    @api.model
    def _prepare_rows_vals(self, date_from, date_to, workcenters=None):
        vals = []
        detail = self._compute_load_detail(date_from, date_to, workcenters)
        for workcenter, (rows, setup) in detail.items():
            for row in rows:
                vals.append(
                    {
                        "workcenter_id": workcenter.id,
                        "company_id": (workcenter.company_id or self.env.company).id,
                        "day": date_from + timedelta(days=row.day),
                        "capacity_hours": row.capacity / 60.0,
                        "load_hours": row.load / 60.0,
                        "utilisation": 100.0 * (row.utilisation or 0.0),
                        "overloaded": row.overloaded,
                        "overload_hours": max(0.0, row.load - row.capacity) / 60.0,
                        "setup_hours": setup[row.day] / 60.0,
                        "setup_share": 100.0 * setup[row.day] / row.load if row.load else 0.0,
                    }
                )
        return vals

    @api.model
    def action_open_load(self, date_from=None, days=14):
        """Fill the user's rows for the horizon (today and the next `days` - 1 days) and open
        them."""
        date_from = date_from or fields.Date.context_today(self)
        date_to = date_from + timedelta(days=days - 1)
        self.search([("create_uid", "=", self.env.uid)]).unlink()
        self.create(self._prepare_rows_vals(date_from, date_to))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Load vs capacity, %(date_from)s to %(date_to)s",
                date_from=date_from,
                date_to=date_to,
            ),
            "res_model": self._name,
            "view_mode": "graph,pivot,list",
            "views": [(False, "graph"), (False, "pivot"), (False, "list")],
            "domain": [("create_uid", "=", self.env.uid)],
            "context": {"search_default_group_workcenter": 1},
        }
