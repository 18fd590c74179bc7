from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .reopen_action import reopen_action


class LogisticsShopLevelling(models.TransientModel):
    """Applying a levelling proposal: Odoo's own split for the split orders, then the planned
    dates as Odoo's *Plan* writes them (`mrp.production._plan_workorders`): one leave of the
    centre per work order (`resource.calendar.leaves`, the work order's dates follow it), then
    the order's `date_start` / `date_finished` with `force_date`, whose write moves the dates of
    its component and finished moves. In batches: one unlink and one create of the leaves, the
    access to the work orders and orders checked once for all of them."""

    _inherit = "logistics.shop.levelling"

    def action_apply(self):
        """Apply the chosen lines. A started order is never moved nor split."""
        self.ensure_one()
        if self.state != "proposed":
            raise UserError(self.env._("Compute a proposal first."))
        lines = self.line_ids.filtered(
            lambda line: line.apply
            and line.operation_ids
            and not line.started
            and line.production_id.state == "confirmed"
            and not any(wo.state == "progress" for wo in line.production_id.workorder_ids)
        )
        self._write_plan(self._split_applied(lines))
        self.state = "applied"
        return reopen_action(self)

    def _split_applied(self, lines):
        """[(work order, centre, start, finish)] of `lines`; the split orders are split first
        by Odoo's own split (one call for all), each piece's rows then go to its work orders."""
        amounts = {}
        for line in lines.filtered("split_quantities"):
            production = line.production_id
            quantities = dict(line.operation_ids.mapped(lambda op: (op.piece, op.piece_qty)))
            amounts[production] = [quantities[piece] for piece in sorted(quantities)]
            rounding = production.product_uom_id.rounding
            if float_compare(
                sum(amounts[production]), production.product_qty, precision_rounding=rounding
            ):
                raise UserError(
                    self.env._(
                        "The quantity of %(order)s changed since the proposal: propose again.",
                        order=production.name,
                    )
                )
        pieces_of = {}
        if amounts:
            split = self.env["mrp.production"].concat(*amounts)
            result = split._split_productions(
                {production: list(quantities) for production, quantities in amounts.items()}
            )
            index = 0
            for production in split:
                pieces_of[production] = result[index : index + len(amounts[production])]
                index += len(amounts[production])
        placements = []
        for line in lines:
            for op in line.operation_ids:
                workorder = op.workorder_id
                if op.piece:
                    workorder = self._piece_workorder(
                        workorder, pieces_of[line.production_id][op.piece]
                    )
                placements.append((workorder, op.workcenter_id, op.date_start, op.date_finished))
        return placements

    @staticmethod
    def _piece_workorder(workorder, piece):
        """The piece's work order of `workorder`: the same rank by id, as Odoo's split copies
        the order's work orders in that order."""
        rank = workorder.production_id.workorder_ids.sorted("id").ids.index(workorder.id)
        return piece.workorder_ids.sorted("id")[rank]

    def _write_plan(self, placements):
        """Write the placements as Odoo's *Plan* (see the class)."""
        if not placements:
            return
        Workorder = self.env["mrp.workorder"]
        workorders = Workorder.concat(*(workorder for workorder, *_rest in placements))
        productions = workorders.production_id
        workorders.check_access("write")
        productions.check_access("write")
        workorders.leave_id.unlink()
        moved = {}
        for workorder, centre, _start, _finish in placements:
            if workorder.workcenter_id != centre:
                moved.setdefault(centre, Workorder)
                moved[centre] |= workorder
        for centre, group in moved.items():
            group.write({"workcenter_id": centre.id})
        leaves = self.env["resource.calendar.leaves"].create(
            [
                {
                    "name": workorder.display_name,
                    "calendar_id": centre.resource_calendar_id.id,
                    "resource_id": centre.resource_id.id,
                    "date_from": start,
                    "date_to": finish,
                    "time_type": "other",
                }
                for workorder, centre, start, finish in placements
            ]
        )
        self._link_leaves(workorders, leaves)
        spans = {}
        for workorder, _centre, start, finish in placements:
            first, last = spans.get(workorder.production_id, (start, finish))
            spans[workorder.production_id] = (min(first, start), max(last, finish))
        # Odoo's own write of each order, as its Plan: it moves the dates of the order's moves
        # and notifies its work orders (3 queries an order, the rest of the apply is batched)
        # sudo: the write access to every order was checked above, at once; each write below
        # only differs by its values (flushed together).
        for production, (start, finish) in spans.items():
            production.sudo().with_context(force_date=True).write(
                {"date_start": start, "date_finished": finish}
            )

    def _link_leaves(self, workorders, leaves):
        """Set each work order's leave (its dates follow) as `write` does, for all at once:
        `mrp.workorder.write` adds nothing for `leave_id`, and one notification of the change
        for all spares the search of the dependent work orders that each write makes
        (measured: 3 queries a work order, 90 % of the queries of applying). The access was
        checked by the caller; the company is checked here, as `write` would."""
        field = workorders._fields["leave_id"]
        workorders.modified(["leave_id"], before=True)
        self.env.cache.update(workorders, field, leaves.ids, dirty=True)
        workorders.modified(["leave_id"])
        workorders._check_company(["leave_id"])
