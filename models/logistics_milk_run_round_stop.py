import threading
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .logistics_milk_run_round import CLOSED_STATES

# A drop waits at most 20 short pauses (about 1 s in all) for the stock it takes from.
DROP_LOCK_ATTEMPTS = 20
DROP_LOCK_PAUSE = 0.005


class LogisticsMilkRunRoundStop(models.Model):
    """A stop of one round, in visiting order: planned and actual arrival, containers to drop."""

    _name = "logistics.milk.run.round.stop"
    _description = "Milk-Run Round Stop"
    _order = "round_id, sequence, id"

    _check_company_auto = True

    round_id = fields.Many2one(
        "logistics.milk.run.round",
        string="Round",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="round_id.company_id", store=True, index=True)
    stop_id = fields.Many2one(
        "logistics.milk.run.stop",
        string="Stop",
        required=True,
        ondelete="restrict",
        check_company=True,
    )
    location_id = fields.Many2one(related="stop_id.location_id", store=True)
    sequence = fields.Integer(help="Visiting order within the round.")
    trip = fields.Integer(
        default=1, help="Trip serving the stop when the round needs several (see Train)."
    )
    train = fields.Integer(
        default=1,
        readonly=True,
        help="Train serving the stop (1 to the round's number of trains): the trips of a round "
        "are given to its trains in turn, so each driver runs only his train's stops.",
    )
    planned_arrival = fields.Datetime()
    actual_arrival = fields.Datetime(
        readonly=True, help="When the driver scanned the stop's location."
    )
    dropped_datetime = fields.Datetime(string="Dropped at", readonly=True)
    window_start = fields.Datetime(compute="_compute_window", store=True)
    window_end = fields.Datetime(compute="_compute_window", store=True)
    within_window = fields.Boolean(
        compute="_compute_within_window",
        store=True,
        help="Reached within the stop's arrival window; without a window, within the circuit's "
        "punctuality tolerance of the planned arrival.",
    )
    state = fields.Selection(
        [("pending", "To deliver"), ("done", "Delivered")], default="pending", required=True
    )
    picking_ids = fields.One2many("stock.picking", "milk_run_round_stop_id", string="Transfers")
    containers = fields.Float(compute="_compute_containers", store=True)

    @api.depends(
        "round_id.planned_departure",
        "planned_arrival",
        "stop_id.has_window",
        "stop_id.window_start_minutes",
        "stop_id.window_end_minutes",
        "round_id.milk_run_id.punctuality_tolerance_minutes",
    )
    def _compute_window(self):
        for round_stop in self:
            stop = round_stop.stop_id
            departure = round_stop.round_id.planned_departure
            if stop.has_window and departure:
                round_stop.window_start = departure + timedelta(minutes=stop.window_start_minutes)
                round_stop.window_end = stop.window_end_minutes and departure + timedelta(
                    minutes=stop.window_end_minutes
                )
            elif round_stop.planned_arrival:
                tolerance = timedelta(
                    minutes=round_stop.round_id.milk_run_id.punctuality_tolerance_minutes
                )
                round_stop.window_start = round_stop.planned_arrival - tolerance
                round_stop.window_end = round_stop.planned_arrival + tolerance
            else:
                round_stop.window_start = round_stop.window_end = False

    @api.depends("actual_arrival", "window_start", "window_end")
    def _compute_within_window(self):
        for round_stop in self:
            arrival = round_stop.actual_arrival
            round_stop.within_window = bool(
                arrival
                and (not round_stop.window_start or arrival >= round_stop.window_start)
                and (not round_stop.window_end or arrival <= round_stop.window_end)
            )

    @api.depends("picking_ids.milk_run_containers")
    def _compute_containers(self):
        for round_stop in self:
            round_stop.containers = sum(round_stop.picking_ids.mapped("milk_run_containers"))

    @api.depends("stop_id", "round_id")
    def _compute_display_name(self):
        for round_stop in self:
            round_stop.display_name = (
                f"{round_stop.round_id.name} / {round_stop.stop_id.location_id.display_name}"
            )

    def write(self, vals):
        """Arrivals and drops are written by the driver flow only (as superuser, after its
        checks): nobody marks a stop delivered, or edits one of a round that has left."""
        if not self.env.su:
            self.check_access("write")  # no write right (storekeepers): AccessError first
            if "state" in vals or "actual_arrival" in vals or "dropped_datetime" in vals:
                raise UserError(
                    self.env._("A stop is delivered only from the driver screen (scan, drop).")
                )
            if self.round_id.filtered(lambda r: r.state in CLOSED_STATES):
                raise UserError(
                    self.env._("The stops of a round that has left are kept as they are.")
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_left(self):
        # The driver flow takes a cancelled transfer's empty stop off a round on route, as
        # superuser; nobody else deletes a stop of a round that has run.
        left = self.filtered(
            lambda rs: rs.state == "done" or rs.round_id.state in ("on_route", "done")
        )
        if left and not self.env.su:
            raise UserError(
                self.env._(
                    "%(stop)s belongs to a round that has run: it is kept for the KPIs.",
                    stop=left[0].display_name,
                )
            )

    def _drops(self):
        """What the driver unloads at this stop, one entry per container: where at the stop, what
        and how much, from which transfer. A container is a package, else a reserved move line
        (else a move), as in the round's container count."""
        self.ensure_one()
        drops = []
        for picking in self.picking_ids.sorted(lambda p: (p.location_dest_id.complete_name, p.id)):
            packages = picking.move_line_ids.result_package_id
            for package in packages:
                lines = picking.move_line_ids.filtered(
                    lambda ml, pk=package: ml.result_package_id == pk
                )
                drops.append(
                    {
                        "location": lines[:1].location_dest_id.name,
                        "what": package.name,
                        "quantity": False,
                        "uom": "",
                        "picking": picking.name,
                    }
                )
            for line in picking.move_line_ids.filtered(lambda ml: not ml.result_package_id):
                drops.append(
                    {
                        "location": line.location_dest_id.name,
                        "what": line.product_id.display_name,
                        "quantity": line.quantity,
                        "uom": line.product_uom_id.name,
                        "picking": picking.name,
                    }
                )
            if not picking.move_line_ids:  # nothing reserved line by line: one per move
                for move in picking.move_ids:
                    drops.append(
                        {
                            "location": move.location_dest_id.name,
                            "what": move.product_id.display_name,
                            "quantity": move.product_uom_qty,
                            "uom": move.product_uom.name,
                            "picking": picking.name,
                        }
                    )
        return drops

    def action_confirm_drop(self):
        """The containers are at the line: validate this stop's transfers (kanban cards turn full).

        A transfer only partly reserved is validated for what is there; Odoo creates the backorder
        for the rest, so nothing is lost.
        """
        self.ensure_one()
        self.round_id._check_driver()
        self.check_access("read")
        if not self.env.su:
            # sudo: storekeepers read stops only; caller, company and driver checked above,
            # round state, arrival and stop state below. The transfers are validated in the
            # name of the caller (env.uid), who is an Inventory user as a storekeeper.
            return self.sudo().action_confirm_drop()
        if self.round_id.state != "on_route":
            raise UserError(self.env._("Start the round before dropping containers."))
        if not self.actual_arrival:
            raise UserError(
                self.env._(
                    "Scan the location %s first.",
                    self.stop_id.location_id.barcode or self.location_id.name,
                )
            )
        if self.state == "done":
            raise UserError(self.env._("%s is already delivered.", self.location_id.display_name))
        if self._request_has_written() or getattr(threading.current_thread(), "testing", False):
            # What this transaction wrote (a script's scan of the stop just before, a test's
            # records) a new transaction would neither see nor be let to change: drop here.
            self._drop()
        else:
            self._drop_in_fresh_transaction()
        return True

    def _request_has_written(self):
        """Whether this transaction has written or locked rows (PostgreSQL gave it an id):
        a transaction of its own would then wait for this one, which waits for it."""
        self.env.flush_all()
        self.env.cr.execute("SELECT txid_current_if_assigned() IS NOT NULL")
        return self.env.cr.fetchone()[0]

    def _drop(self):
        """Validate what is still open of this stop's transfers and mark it delivered."""
        self.ensure_one()
        to_validate = self.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        if to_validate:
            to_validate.move_ids.filtered(lambda m: m.state not in ("done", "cancel")).picked = True
            to_validate.with_context(skip_backorder=True, skip_sms=True).button_validate()
        if self.state != "done":
            self.write({"state": "done", "dropped_datetime": fields.Datetime.now()})

    def _drop_in_fresh_transaction(self, attempts=DROP_LOCK_ATTEMPTS):
        """Validate the drop in a transaction of its own that first locks, without waiting,
        the quants the transfers take from: at peak, kanban scans reserve the same
        supermarket quants many times a second, so the request's own transaction (begun
        before their commits) would be refused by PostgreSQL and replayed by Odoo with
        seconds of back-off. A busy quant is tried again a few milliseconds later, in a new
        transaction; after `attempts`, the drop runs in the request's transaction as before.
        The checks were made by the caller; `_drop` reads the state again in the new
        snapshot, so a drop confirmed twice validates once."""
        for attempt in range(attempts):
            with self.env.registry.cursor() as cr:
                stop = self.with_env(self.env(cr=cr))
                Move = stop.env["stock.move"]
                moves = stop.picking_ids.move_ids.filtered(
                    lambda m: m.state not in ("done", "cancel")
                )
                parts = moves.grouped(lambda m: (m.product_id, m.location_id))
                if all(Move._kanban_lock_quants(*part, limit=1) is not None for part in parts):
                    stop._drop()
                    return  # committed when the cursor closes
                cr.rollback()
            time.sleep(DROP_LOCK_PAUSE * (attempt + 1))
        self._drop()
