from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

MAX_DAYS = 92
OPEN_STATES = ("confirmed", "progress")


class LogisticsPlanningBoard(models.AbstractModel):
    """Server side of the planning board (`static/src/planning_board/`, issue 15).

    One call returns the whole board (rows of work centres, their work orders as bars, load
    against capacity per day, the levelling proposal beside the current plan), so the screen
    costs one round trip and a fixed number of queries whatever the number of work orders.
    Proposing and applying go through the levelling wizard, its rules and its checks."""

    _name = "logistics.planning.board"
    _description = "Planning Board"

    @api.model
    def _check_scheduler(self):
        if not self.env.user.has_group("industrial_logistics.group_logistics_manager"):
            raise AccessError(self.env._("Only supply-chain managers plan the shop."))

    @api.model
    def get_board_data(
        self, date_from=None, days=21, workcenter_ids=None, product_ids=None, levelling_id=None
    ):
        """The board from `date_from` over `days` days: filters (work centres, products),
        optional proposal (a `logistics.shop.levelling` of the user's, proposed or applied)."""
        self._check_scheduler()
        date_from = fields.Date.to_date(date_from) or fields.Date.context_today(self)
        if not 1 <= int(days) <= MAX_DAYS:
            raise UserError(self.env._("The horizon is 1 to %(days)s days.", days=MAX_DAYS))
        date_to = date_from + timedelta(days=int(days) - 1)
        company_centres = self.env["mrp.workcenter"].search(
            [("company_id", "in", self.env.companies.ids + [False])], order="sequence, name"
        )
        centres = company_centres.filtered(lambda wc: not workcenter_ids or wc.id in workcenter_ids)
        levelling = self._levelling(levelling_id)
        # the pieces of a split order exist once applied: the board shows the order's own
        overrides = {
            op.workorder_id.id: (op.workcenter_id, op.date_start, op.date_finished)
            for op in levelling.line_ids.operation_ids.filtered(lambda op: not op.piece)
        }
        Load = self.env["logistics.workcenter.load"]
        current = Load._compute_load_detail(date_from, date_to, centres)
        proposed = Load._compute_load(date_from, date_to, centres, overrides) if overrides else None
        workorders = self._workorders(centres, date_from, date_to, product_ids, overrides)
        productions = workorders.production_id
        lots = productions._logistics_lot_info()
        arrivals = productions._logistics_components_arrival()
        bars_of = {}
        for workorder in workorders:
            bar = self._prepare_bar(workorder, lots, arrivals, overrides)
            for centre_id in {bar["workcenter_id"], bar["proposed_workcenter_id"]} - {False}:
                bars_of.setdefault(centre_id, []).append(bar)
        rows = []
        for centre in centres:
            days_load, setup = current[centre]
            rows.append(
                {
                    "id": centre.id,
                    "name": centre.display_name,
                    "load": [self._prepare_day(day, setup[day.day]) for day in days_load],
                    "proposed_load": [self._prepare_day(day) for day in proposed[centre]]
                    if proposed
                    else None,
                    "bars": bars_of.get(centre.id, []),
                }
            )
        return {
            "date_from": fields.Date.to_string(date_from),
            "days": [fields.Date.to_string(date_from + timedelta(days=n)) for n in range(days)],
            "rows": rows,
            "workcenters": [{"id": wc.id, "name": wc.display_name} for wc in company_centres],
            "products": [
                {"id": product.id, "name": product.display_name}
                for product in productions.product_id.sorted("display_name")
            ],
            "proposal": self._prepare_proposal(levelling) if levelling else None,
        }

    @api.model
    def _levelling(self, levelling_id):
        levelling = self.env["logistics.shop.levelling"]
        if not levelling_id:
            return levelling
        levelling = levelling.browse(levelling_id).exists()
        if not levelling or levelling.create_uid != self.env.user:
            raise UserError(self.env._("This levelling proposal is gone: run it again."))
        return levelling

    @api.model
    def _workorders(self, centres, date_from, date_to, product_ids, overrides):
        """Open work orders of the centres that the horizon shows: planned across it, or
        unplanned and due in it, or moved into it by the proposal."""
        start = fields.Datetime.to_datetime(date_from) - timedelta(days=1)
        stop = fields.Datetime.to_datetime(date_to) + timedelta(days=2)
        domain = [
            ("production_id.state", "in", OPEN_STATES),
            ("state", "not in", ("done", "cancel")),
            "|",
            "|",
            ("id", "in", list(overrides)),
            "&",
            ("date_start", "<", stop),
            ("date_finished", ">", start),
            "&",
            ("date_start", "=", False),
            ("production_id.date_deadline", "<", stop),
        ]
        if product_ids:
            domain.append(("production_id.product_id", "in", product_ids))
        return self.env["mrp.workorder"].search(
            domain
            + [("workcenter_id", "in", centres.ids + [wc.id for wc, _s, _e in overrides.values()])],
            order="date_start, id",
        )

    @staticmethod
    def _prepare_day(day, setup=0.0):
        return {
            "load": round(day.load / 60.0, 2),
            "capacity": round(day.capacity / 60.0, 2),
            "setup": round(setup / 60.0, 2),
            "overloaded": day.overloaded,
        }

    @api.model
    def _prepare_bar(self, workorder, lots, arrivals, overrides):
        production = workorder.production_id
        deadline = production.date_deadline
        proposed = overrides.get(workorder.id)
        arrival, missing = arrivals[production.id]
        lot = lots[production.id]
        return {
            "id": workorder.id,
            "name": workorder.name,
            "production_id": production.id,
            "production": production.name,
            "product": production.product_id.display_name,
            "quantity": production.product_qty,
            "uom": production.product_uom_id.name,
            "workcenter_id": workorder.workcenter_id.id,
            "start": fields.Datetime.to_string(workorder.date_start),
            "end": fields.Datetime.to_string(workorder.date_finished),
            "deadline": fields.Datetime.to_string(deadline),
            "late": bool(
                deadline and production.date_finished and production.date_finished > deadline
            ),
            "started": production.state == "progress",
            "urgent": production.priority == "1",
            "components_arrival": fields.Datetime.to_string(arrival),
            "components_missing": missing,
            "lot_source": lot["source"],
            "lot_source_name": lot["source_name"],
            "lot_qty": lot["lot_qty"],
            "setup_share": round(100.0 * lot["setup_share"], 1),
            "proposed_workcenter_id": proposed[0].id if proposed else False,
            "proposed_start": fields.Datetime.to_string(proposed[1]) if proposed else False,
            "proposed_end": fields.Datetime.to_string(proposed[2]) if proposed else False,
        }

    @api.model
    def _prepare_proposal(self, levelling):
        return {
            "id": levelling.id,
            "state": levelling.state,
            "status": dict(levelling._fields["status"]._description_selection(self.env)).get(
                levelling.status
            ),
            "note": levelling.note or "",
            "orders": [
                {
                    "production_id": line.production_id.id,
                    "production": line.production_id.name,
                    "change": line.change,
                    "started": line.started,
                    "current_end": fields.Datetime.to_string(line.current_end),
                    "proposed_end": fields.Datetime.to_string(line.proposed_end),
                    "split": line.split_quantities or "",
                }
                for line in levelling.line_ids
            ],
        }

    @api.model
    def action_propose(
        self,
        date_from,
        days,
        workcenter_ids=None,
        time_limit=10,
        allow_split=False,
        split_minimum_qty=0.0,
    ):
        """Run the levelling over the board's horizon; its id, for get_board_data."""
        self._check_scheduler()
        date_from = fields.Date.to_date(date_from)
        levelling = self.env["logistics.shop.levelling"].create(
            {
                "date_from": date_from,
                "date_to": date_from + timedelta(days=int(days) - 1),
                "workcenter_ids": [fields.Command.set(workcenter_ids or [])],
                "time_limit": time_limit,
                "allow_split": bool(allow_split),
                "split_minimum_qty": float(split_minimum_qty or 0.0),
            }
        )
        levelling.action_propose()
        return levelling.id

    @api.model
    def action_apply(self, levelling_id, production_ids=None):
        """Apply the proposal to the orders given (all when None); the others keep their dates."""
        self._check_scheduler()
        levelling = self._levelling(levelling_id)
        if production_ids is not None:
            chosen = levelling.line_ids.filtered(
                lambda line: line.production_id.id in production_ids and not line.started
            )
            chosen.apply = True
            (levelling.line_ids - chosen).apply = False
        levelling.action_apply()
        return True
