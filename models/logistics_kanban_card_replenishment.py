import logging

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .logistics_kanban_card import RFQ_STATES, SCAN_SWEEP_LIMIT

_logger = logging.getLogger(__name__)


class LogisticsKanbanCardReplenishment(models.Model):
    """The card's replenishment: one procurement per scan, followed through its document
    until the container comes back full."""

    _inherit = "logistics.kanban.card"

    def _replenish(self, now):
        """Empty → replenishing: one procurement of one container through the loop's
        route; Odoo procurement decides what document it becomes."""
        self.ensure_one()
        loop = self.loop_id
        loop._prefetch_procurement_locations()
        loop._prefetch_product_category()
        rule = loop._get_route_rule()
        if not rule:
            raise UserError(loop._route_without_rule_message())
        group = self.group_id or self.env["procurement.group"].create(self._prepare_group_vals())
        # tracking_disable: the card and its scan log already trace this replenishment; an
        # operator following every transfer, MO or RFQ he triggers, their creation message
        # and tracking values would cost five queries a scan for nothing.
        # kanban_defer_reservation: Odoo would reserve the new transfer's stock in this
        # transaction, on the supermarket quant every scan of the part writes; the moves
        # are flagged instead and reserved below only if no other scan holds that quant.
        self.env["procurement.group"].with_context(
            tracking_disable=True, kanban_defer_reservation=True
        ).run([self._prepare_procurement(now, group, rule)])
        self._reserve_replenishment(group)
        document = self._latest_document(group)
        # An RFQ is a request, not yet a replenishment: the card stays empty until
        # purchasing confirms the order (purchase.order._create_picking).
        ordering = document._name == "purchase.order" and document.state in RFQ_STATES
        # sudo: operators change cards only through the scan (no write access).
        self.sudo().write(
            {
                "group_id": group.id,
                "state": "empty" if ordering else "replenishing",
                "date_last_empty": now,
                "date_replenishing": False if ordering else now,
                "date_last_move": now,
                "replenishment_ref": document.name or group.name,
            }
        )
        _logger.info("Kanban card %s scanned: replenishment %s", self.barcode, loop.code)

    @api.model
    def _reserve_replenishment(self, group):
        """Reserve the stock of the replenishment just confirmed when nobody else holds
        it; else leave it pending for the reservation pass, woken up at once, so the
        scan neither waits nor fails. Both steps commit apart: a server stopped between
        them leaves a flagged move that the pass's next run reserves."""
        # sudo: what Odoo's procurement would have done inside stock.rule._run_pull, which
        # creates and reserves the moves as superuser whoever scans.
        pending = group.sudo().stock_move_ids.filtered("kanban_reserve_pending")
        # sweep: a scan that gets the quants reserves a few moves other scans of the part
        # left pending, not a whole backlog (the pass does), so that it stays short.
        if pending and pending._kanban_reserve(sweep=SCAN_SWEEP_LIMIT):
            pending._kanban_trigger_reservation()

    def _prepare_group_vals(self):
        return {"name": self.barcode, "move_type": "direct"}

    def _prepare_procurement(self, now, group, rule):
        """One container; `kanban_rule` hands procurement the rule already found for the
        loop (see procurement.group._get_rule), so it does not search it again."""
        loop = self.loop_id
        values = {
            "group_id": group,
            "route_ids": loop.route_id,
            "warehouse_id": loop.warehouse_id,
            "company_id": loop.company_id,
            "date_planned": now,
            "kanban_card_id": self,
            "kanban_rule": rule,
        }
        if loop.packaging_id:
            values["product_packaging_id"] = loop.packaging_id
        return self.env["procurement.group"].Procurement(
            loop.product_id,
            self.card_qty,
            loop.product_id.uom_id,
            loop.location_id,
            self.display_name,
            self.display_name,
            loop.company_id,
            values,
        )

    @api.model
    def _latest_document(self, group):
        """The newest document the procurement made for this group, whatever the route:
        a transfer, a manufacturing order or a purchase order."""
        return (
            group.stock_move_ids.picking_id.sorted("id")[-1:]
            or group.mrp_production_ids.sorted("id")[-1:]
            or group.purchase_line_ids.order_id.sorted("id")[-1:]
        )

    def _replenishment_moves(self):
        """Every move of this card's replenishments: those of its group, those of the RFQ
        lines it made, and the steps downstream of them (a receipt's Input → Stock step
        runs in the purchase order's group, not the card's)."""
        self.ensure_one()
        moves = self.group_id.stock_move_ids | self.group_id.purchase_line_ids.move_ids
        downstream = moves.move_dest_ids - moves
        while downstream:
            moves |= downstream
            downstream = downstream.move_dest_ids - moves
        return moves

    def _replenishment_status(self):
        """Where the card's latest replenishment stands: ``under_way`` (a move still to
        do), ``ordering`` (an RFQ line waits for its order to be confirmed), ``arrived``
        (all done, and some of it reached the loop's location since the scan) or
        ``none`` (nothing asked for any more: cancelled, or delivered elsewhere)."""
        self.ensure_one()
        moves = self._replenishment_moves()
        if any(move.state not in ("done", "cancel") for move in moves):
            return "under_way"
        if any(
            line.order_id.state in RFQ_STATES and not line.move_ids
            for line in self.group_id.purchase_line_ids
        ):
            return "ordering"
        if any(
            move.state == "done"
            and move._arrives_for_kanban_card(self)
            and (not self.date_last_empty or move.date >= self.date_last_empty)
            for move in moves
        ):
            return "arrived"
        return "none"

    @api.model
    def _follow_replenishments(self, groups):
        """Bring the cards of these procurement groups in line with their documents, as
        they change: a confirmed order puts an empty card on its way, a replenishment
        cancelled or delivered elsewhere leaves it empty (a new scan asks again), and
        the replenishment arrived at the loop's location, backorders included, turns it
        full by itself. A lost card moves only when its container arrives."""
        if not groups:
            return
        # sudo: whoever confirms the order or validates or cancels the transfer moves
        # the card, with or without rights on cards; only cards of these groups move.
        cards = self.sudo().search(
            [("group_id", "in", groups.ids), ("state", "in", ("empty", "replenishing", "lost"))]
        )
        now = fields.Datetime.now()
        arrived = cards.browse()
        for card in cards:
            status = card._replenishment_status()
            if status == "arrived":
                arrived |= card
            elif card.state == "empty" and status == "under_way":
                card.write(
                    {"state": "replenishing", "date_replenishing": now, "date_last_move": now}
                )
            elif card.state == "replenishing" and status in ("ordering", "none"):
                card.write({"state": "empty", "date_last_move": now})
        if arrived:
            arrived._receive(now)

    def _receive(self, when):
        """The replenishment is done at the loop's location: the card is full again."""
        to_retire = self.filtered("to_retire")
        (self - to_retire).write({"state": "full", "date_last_full": when, "date_last_move": when})
        to_retire.write(
            {
                "state": "retired",
                "date_last_full": when,
                "date_retired": when,
                "date_last_move": when,
                "to_retire": False,
            }
        )
        self.env["logistics.kanban.scan"]._record_receipts(self, when)
        self.env["logistics.stockout.event"]._close_for_loops(self.loop_id, when)
        self._update_loop_measures()

    def _update_loop_measures(self):
        """Recompute the measured cycle and lead time of these cards' loops, except a
        loop another transaction is writing right now (a scan or a receipt of another
        card of the loop): waiting for it, then being refused by PostgreSQL, would make
        this scan wait or fail. Measures are medians over the card history; the next
        scan or receipt of the skipped loop brings them up to date."""
        free = self.env["logistics.kanban.loop"]
        for loop in self.loop_id:
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        SQL(
                            "SELECT id FROM logistics_kanban_loop WHERE id = %s"
                            " FOR NO KEY UPDATE NOWAIT",
                            loop.id,
                        ),
                        log_exceptions=False,  # a refusal is expected here, not an error
                    )
            except (LockNotAvailable, SerializationFailure):
                continue
            free |= loop
        free._update_measures()

    def _retire_when_full(self):
        """Retire full cards (and lost ones: they are not coming back) at once, the
        others when their container comes back full."""
        now = fields.Datetime.now()
        at_once = self.filtered(lambda card: card.state in ("full", "lost"))
        at_once.write({"state": "retired", "date_retired": now, "date_last_move": now})
        (self - at_once).write({"to_retire": True})
