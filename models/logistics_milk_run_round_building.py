from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..logistics_algorithms import round_building
from .formatting import format_number


class LogisticsMilkRunRound(models.Model):
    """Building a round: what is ready rides, by the circuit's capacity; the rest waits
    with its reason."""

    _inherit = "logistics.milk.run.round"

    def action_build(self):
        """'Build now': fill the round with what is ready, without waiting for its cut-off."""
        self._check_driver()
        if not self.env.su:
            # sudo: storekeepers read rounds only; caller, company checked above, state below.
            return self.sudo().action_build()
        not_planned = self.filtered(lambda r: r.state != "planned")
        if not_planned:
            raise UserError(
                self.env._(
                    "%s is already built: only a planned round can be built.", not_planned[0].name
                )
            )
        self._build()
        return True

    def _build(self):
        """Fill planned rounds, earliest first per circuit: what one round cannot take is offered
        to the next one built in the same call, else waits for a later round with its reason."""
        self._lock_rows()
        for milk_run in self.milk_run_id:
            rounds = self.filtered(lambda r, m=milk_run: r.milk_run_id == m).sorted(
                "planned_departure"
            )
            # Transfers a kanban scan left unreserved (stock.move._kanban_reserve) ride too.
            self.env["stock.move"]._kanban_reserve_for_round(
                milk_run.picking_type_id, milk_run.stop_ids.location_id
            )
            pickings = milk_run._pending_pickings()
            stop_by_picking = self._stop_by_picking(milk_run, pickings)
            loads = self._prepare_loads(
                pickings.filtered(lambda p, served=stop_by_picking: p.id in served), stop_by_picking
            )
            capacity = milk_run._capacity()
            for round_ in rounds:
                fill = round_building.fill_round(loads, capacity)
                round_._load_pickings(fill, stop_by_picking, capacity)
                loads = [overflow.load for overflow in fill.overflow]

    @api.model
    def _stop_by_picking(self, milk_run, pickings):
        """{picking id: stop} with the most specific stop whose location holds the destination."""
        stops = milk_run.stop_ids.sorted(
            lambda s: len(s.location_id.parent_path or ""), reverse=True
        )
        result = {}
        for picking in pickings.filtered("location_dest_id.parent_path"):
            for stop in stops:
                if picking.location_dest_id._child_of(stop.location_id):
                    result[picking.id] = stop
                    break
        return result

    @api.model
    def _prepare_loads(self, pickings, stop_by_picking):
        """One load per transfer. Its containers are the distinct packages of its move lines, a
        move line without a package counting as one container (a bin, a box, a kanban container);
        weight and volume are the products' weight and volume times the quantity reserved."""
        loads = []
        for picking in pickings:
            lines = picking.move_line_ids
            packages = {line.result_package_id.id for line in lines if line.result_package_id}
            loose = len(lines.filtered(lambda line: not line.result_package_id))
            containers = (len(packages) + loose) or len(picking.move_ids)
            weight = sum(move.product_id.weight * move.product_qty for move in picking.move_ids)
            volume = sum(move.product_id.volume * move.product_qty for move in picking.move_ids)
            loads.append(
                round_building.Load(
                    key=picking.id,
                    stop_key=stop_by_picking[picking.id].id,
                    need_date=picking.scheduled_date,
                    containers=containers,
                    weight=weight,
                    volume=volume,
                )
            )
        return loads

    def _load_pickings(self, fill, stop_by_picking, capacity):
        """Write one round's fill: its batch, its load, the overflow and the stop order."""
        self.ensure_one()
        now = fields.Datetime.now()
        taken = self._take_loads(fill.taken)
        overflow_lines = self._postpone_overflow(fill.overflow)
        vals = {
            "state": "loading",
            "built_datetime": now,
            "train_count": self.milk_run_id.vehicle_count,
            "capacity_containers": capacity.containers or 0.0,
            "capacity_weight": capacity.weight or 0.0,
            "capacity_volume": capacity.volume or 0.0,
            "overflow_count": len(fill.overflow),
            "overflow_note": "\n".join(overflow_lines) or False,
        }
        if taken:
            vals["batch_id"] = (
                self.env["stock.picking.batch"].create(self._prepare_batch_vals(taken)).id
            )
        self.write(vals)
        if taken:
            # The transfers are already ready: the batch only needs to be in progress, not
            # stock.picking.batch.action_confirm(), which would confirm each transfer again.
            self.batch_id.state = "in_progress"
        self._plan_stops(stop_by_picking)

    def _take_loads(self, loads):
        """Put the transfers of ``loads`` on the round with their own load figures; returns
        them."""
        taken = self.env["stock.picking"].browse([load.key for load in loads])
        if not loads:
            return taken
        # One UPDATE for every transfer's own load figures, then one ORM write that puts
        # them on the round (and recomputes the round's load from the figures).
        self.env.cr.execute(
            SQL(
                "UPDATE stock_picking AS picking SET milk_run_containers = load.containers, "
                "milk_run_weight = load.weight, milk_run_volume = load.volume "
                "FROM (VALUES %s) AS load(id, containers, weight, volume) "
                "WHERE picking.id = load.id",
                SQL(", ").join(
                    SQL(
                        "(%s, %s::float8, %s::float8, %s::float8)",
                        load.key,
                        load.containers,
                        load.weight,
                        load.volume,
                    )
                    for load in loads
                ),
            )
        )
        taken.invalidate_recordset(["milk_run_containers", "milk_run_weight", "milk_run_volume"])
        taken.write({"milk_run_round_id": self.id, "milk_run_overflow_reason": False})
        return taken

    def _postpone_overflow(self, overflows):
        """Tell each transfer left off why, and count it; returns the lines of the round's
        overflow note."""
        overflow_lines = []
        by_reason = defaultdict(list)
        for overflow in overflows:
            by_reason[self._overflow_reason_text(overflow)].append(overflow.load.key)
        for reason, ids in by_reason.items():
            postponed = self.env["stock.picking"].browse(ids)
            text = self.env._("Not taken by %(round)s: %(reason)s", round=self.name, reason=reason)
            postponed.write({"milk_run_overflow_reason": text})
            self.env.cr.execute(
                SQL(
                    "UPDATE stock_picking SET milk_run_overflow_count = "
                    "COALESCE(milk_run_overflow_count, 0) + 1 WHERE id IN %s",
                    tuple(ids),
                )
            )
            postponed.invalidate_recordset(["milk_run_overflow_count"])
            overflow_lines += [f"{picking.name}: {reason}" for picking in postponed]
        return overflow_lines

    def _overflow_reason_text(self, overflow):
        """Why round_building left a load off the train, in the user's language."""
        _ = self.env._
        dimensions = {"containers": _("containers"), "weight": _("weight"), "volume": _("volume")}
        values = {
            "dimension": dimensions[overflow.dimension],
            "need": format_number(self.env, overflow.need),
            "used": format_number(self.env, overflow.used),
            "limit": format_number(self.env, overflow.limit),
        }
        if overflow.reason == "too_big":
            return _(
                "load bigger than the whole train: needs %(need)s %(dimension)s, the train "
                "carries %(limit)s",
                **values,
            )
        return _("train full: %(used)s/%(limit)s %(dimension)s used, load needs %(need)s", **values)

    def _prepare_batch_vals(self, pickings):
        self.ensure_one()
        return {
            "description": self.name,
            "company_id": self.company_id.id,
            "picking_type_id": self.milk_run_id.picking_type_id.id,
            "scheduled_date": self.planned_departure,
            "picking_ids": [fields.Command.set(pickings.ids)],
        }
