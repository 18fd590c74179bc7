from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..logistics_algorithms import shop_splitting


class LogisticsShopLevelling(models.TransientModel):
    """Splitting to a minimum lot (issue 15, lot sizes): only when the user allows it, only
    the orders late in a first plan, kept only when the plan is better per order.

    Minimum lot of an order: its reorder rule's multiple or its kanban loop's container
    quantity (`_logistics_lot_info`) when smaller than the order, else the run's minimum lot.
    Setup of a piece: Odoo's setup and clean-up minutes of the centre (`_get_expected_duration`),
    once per piece; the rest of `duration_expected` in proportion to the quantity."""

    _inherit = "logistics.shop.levelling"

    allow_split = fields.Boolean(
        "Allow splitting",
        help="Split a late order into pieces of at least its minimum lot when that makes it "
        "on time or less late. Never a started order.",
    )
    split_minimum_qty = fields.Float(
        "Minimum lot",
        digits="Product Unit of Measure",
        help="In the product's unit, for the orders whose reorder rule or kanban loop gives no "
        "smaller lot. Zero: only those orders may be split.",
    )

    @api.constrains("split_minimum_qty")
    def _check_split_minimum_qty(self):
        for wizard in self:
            if wizard.split_minimum_qty < 0:
                raise ValidationError(self.env._("The minimum lot cannot be negative."))

    def _plan(self, jobs, productions, calendars, now, seconds):
        """(schedule, {order id: piece quantities}) within `seconds`; without splitting, one
        solve."""
        if not self.allow_split:
            return self._solve(jobs, calendars, now, seconds), {}
        lots = self._prepare_lots(jobs, productions)
        # two solves at most (whole, then with the late orders split): half the budget each
        half = max(0.5, seconds / 2)
        result = shop_splitting.plan_with_splits(
            jobs, lots, lambda some: self._solve(some, calendars, now, half)
        )
        return result.schedule, dict(result.pieces)

    def _prepare_lots(self, jobs, productions):
        """{order id: shop_splitting.Lot} of the confirmed orders that have a minimum lot."""
        info = productions._logistics_lot_info()
        lots = {}
        for production, job in zip(productions, jobs, strict=True):
            if production.state != "confirmed" or any(op.fixed for op in job.operations):
                continue
            lot_qty = info[production.id]["lot_qty"]
            source = info[production.id]["source"]
            minimum = (
                lot_qty
                if source and 0 < lot_qty < production.product_qty
                else self.split_minimum_qty
            )
            if minimum <= 0:
                continue
            setups = {}
            for operation in job.operations:
                workorder = self.env["mrp.workorder"].browse(operation.key)
                setups[operation.key] = {
                    centre_id: round(
                        self.env["mrp.workcenter"]
                        .browse(centre_id)
                        ._get_expected_duration(workorder.product_id)
                    )
                    for centre_id, _duration in operation.modes
                }
            lots[production.id] = shop_splitting.Lot(
                production.product_qty, minimum, setups, production.product_uom_id.rounding
            )
        return lots

    @staticmethod
    def _origin_key(key):
        """The order / work order id behind a job or operation key (pieces included)."""
        return key.origin if isinstance(key, shop_splitting.PieceKey) else key

    def _prepare_operation_vals(self, item, origin, pieces):
        """A proposal row of a planned operation; piece 0 is the order itself."""
        piece = item.operation.index if isinstance(item.operation, shop_splitting.PieceKey) else 0
        return {
            "workorder_id": self._origin_key(item.operation),
            "workcenter_id": item.machine,
            "date_start": self._moment(item.start, origin),
            "date_finished": self._moment(item.end, origin),
            "piece": piece,
            "piece_qty": pieces[piece] if pieces else 0.0,
        }

    @staticmethod
    def _format_pieces(production, pieces):
        """ "3 + 3 + 4" in the order's unit, or False when it stays whole."""
        return " + ".join(f"{qty:g}" for qty in pieces) if pieces else False
