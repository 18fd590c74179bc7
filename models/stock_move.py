import threading
import time
from datetime import timedelta

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

# Moves pending on one product and location that whoever locks its quants reserves at once:
# enough for a peak of scans of one part, few enough to keep that transaction short.
SWEEP_LIMIT = 50


class StockMove(models.Model):
    _inherit = "stock.move"

    # No default: the column is added without rewriting every existing move.
    kanban_reserve_pending = fields.Boolean(
        "Reservation Pending",
        copy=False,
        readonly=True,
        help="Confirmed by a kanban scan while another transaction held its stock: the "
        "reservation pass (cron 'Kanban: reserve scanned replenishments') reserves it.",
    )

    def init(self):
        res = super().init()
        # The pass looks for the few pending moves among millions: a partial index.
        tools.create_index(
            self.env.cr,
            "stock_move_kanban_reserve_pending_index",
            self._table,
            ["id"],
            where="kanban_reserve_pending",
        )
        return res

    def _action_done(self, cancel_backorder=False):
        self._check_leaving_returns()
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._follow_kanban_cards()
        self.env["logistics.return.inspection"]._open_for_moves(moves)
        return moves

    def _action_assign(self, force_qty=False):
        """Within a kanban scan (context ``kanban_defer_reservation``) moves that take
        stock from an internal location are not reserved here but flagged: the scan
        reserves them afterwards only if no other transaction holds that stock
        (``_kanban_reserve``), so that scans of one part never wait for each other on
        the same supermarket quant."""
        if not self.env.context.get("kanban_defer_reservation"):
            return super()._action_assign(force_qty=force_qty)
        deferred = self.filtered(lambda move: not move._should_bypass_reservation())
        deferred.kanban_reserve_pending = True
        return super(StockMove, self - deferred)._action_assign(force_qty=force_qty)

    def _kanban_reserve(self, sweep=SWEEP_LIMIT):
        """Reserve these pending moves, one product and source location at a time, where
        no other transaction holds (or has changed since this one began) the quants they
        would reserve, with the other moves pending there (scans of the part that found
        the quants busy: whoever gets them reserves for all); returns the moves left
        pending for a later pass. A move no longer waiting for stock (reserved,
        cancelled, done) is only unflagged, so a pass played again reserves nothing
        twice. `sweep` bounds how many pending moves are taken along."""
        moves = self.with_context(kanban_defer_reservation=False)
        busy = self.browse()
        groups = moves.grouped(lambda m: (m.company_id, m.product_id, m.location_id))
        for (company, product, location), group in groups.items():
            others = self._kanban_lock_quants(product, location, sweep)
            if others is None:
                busy |= group.filtered("kanban_reserve_pending")
                continue
            pending = (group | group.browse(others[:sweep])).filtered("kanban_reserve_pending")
            to_reserve = pending.filtered(lambda m: m.state in ("confirmed", "partially_available"))
            to_reserve.with_company(company)._action_assign()
            pending.kanban_reserve_pending = False
        return busy

    @api.model
    def _kanban_lock_quants(self, product, location, limit=SWEEP_LIMIT):
        """Lock the quants of `product` in `location` and below, the rows a reservation
        there writes, without waiting, and return the moves pending there (ids, a few at
        a time); None when another transaction holds one of those quants or changed one
        since this transaction's snapshot (a reservation would then wait or fail). The
        savepoint keeps this transaction usable after a refusal."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        """
                    WITH locked AS (
                        SELECT quant.id FROM stock_quant quant
                          JOIN stock_location location ON location.id = quant.location_id
                         WHERE quant.product_id = %(product)s
                           AND location.parent_path LIKE %(path)s
                         ORDER BY quant.id FOR NO KEY UPDATE OF quant NOWAIT)
                    SELECT move.id FROM stock_move move
                     WHERE (SELECT count(*) FROM locked) >= 0
                       AND move.kanban_reserve_pending
                       AND move.product_id = %(product)s AND move.location_id = %(location)s
                     ORDER BY move.id LIMIT %(limit)s
                    """,
                        product=product.id,
                        location=location.id,
                        path=f"{location.parent_path}%",
                        # LIMIT 0 would skip the lock itself: at least one row is asked for.
                        limit=max(limit, 1),
                    ),
                    log_exceptions=False,  # a refusal is expected here, not an error
                )
                return [row[0] for row in self.env.cr.fetchall()]
        except (LockNotAvailable, SerializationFailure):
            return None

    @api.model
    def _kanban_trigger_reservation(self, delay_seconds=0):
        """Ask the reservation pass to run (now: the cron workers are woken up)."""
        at = fields.Datetime.now() + timedelta(seconds=delay_seconds)
        # sudo: an operator's scan may schedule the pass; it runs as the cron's user.
        self.env.ref("industrial_logistics.ir_cron_kanban_reserve_moves").sudo()._trigger(at)

    @api.model
    def _cron_kanban_reserve(self, attempts=5, budget_seconds=30):
        """Reserve the moves kanban scans left pending: right after such a scan (it
        triggers this cron), and every few minutes for those a stopped server or a
        refusal left behind. A few dozen moves of one part at a time, each batch committed (a fresh
        snapshot, and the work done is kept); stock still held by another transaction is
        tried again after a short pause, then on a later run, as is what the time budget
        (well under the cron worker's time limit) leaves."""
        # Commits only outside tests (a test cursor cannot commit).
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        deadline = time.monotonic() + budget_seconds
        busy = self.browse()
        for attempt in range(attempts):
            # sudo: the pass works for every operator's scan, in every company.
            pending = self.sudo().search([("kanban_reserve_pending", "=", True)], order="id")
            busy = self.browse()
            parts = pending.grouped(lambda m: (m.product_id, m.location_id)).values()
            # A peak of one part leaves hundreds of its moves pending: a few dozen at a time.
            for chunk in (
                c for part in parts for c in split_every(SWEEP_LIMIT, part.ids, part.browse)
            ):
                busy |= chunk._kanban_reserve(sweep=0)
                if auto_commit:
                    # A cron's batch: each batch's reservation is kept even if the worker is
                    # stopped later, and the next one starts from a fresh snapshot.
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                if time.monotonic() > deadline:
                    self._kanban_trigger_reservation()
                    return busy
            if not busy or not auto_commit:
                break
            time.sleep(0.2 * (attempt + 1))
        if busy:
            self._kanban_trigger_reservation(delay_seconds=10)
        return busy

    @api.model
    def _kanban_reserve_for_round(self, picking_type, locations):
        """Reserve the pending kanban moves a milk-run round could carry (its type, to
        its stops) before it is filled, so a scan left unreserved rides at cut-off."""
        pending = self.sudo().search(
            [
                ("kanban_reserve_pending", "=", True),
                ("picking_type_id", "=", picking_type.id),
                ("location_dest_id", "child_of", locations.ids),
            ]
        )
        return pending._kanban_reserve()

    def _follow_kanban_cards(self):
        """Kanban cards follow their replenishment by themselves: a card turns full when
        its replenishment has arrived at the loop's location (a backorder still open
        keeps it replenishing), and empty when it is cancelled. Its moves are those of
        its procurement group and those downstream of them (through the RFQ line it
        created, then the receipt's next steps, say Input → Stock, which Odoo pushes in
        the purchase order's group, not the card's)."""
        self.env["logistics.kanban.card"]._follow_replenishments(self._kanban_upstream_groups())

    def _kanban_upstream_groups(self):
        """Procurement groups of these moves and of every move upstream of them, with
        the groups of the RFQ lines they come from: the groups a kanban card may have
        given to the chain that ends with these moves."""
        groups, moves, seen = self.env["procurement.group"], self, self.browse()
        while moves:
            groups |= moves.group_id | moves.purchase_line_id.group_id
            seen |= moves
            moves = moves.move_orig_ids - seen
        return groups

    def _arrives_for_kanban_card(self, card):
        self.ensure_one()
        return self.product_id == card.product_id and self.location_dest_id._child_of(
            card.location_id
        )

    def _pin_to_lot(self, lot):
        """Replace whatever the reservation chose by one line of the whole move on this
        lot: a returned unit goes (or comes back) as itself, not as any unit of the product."""
        self.ensure_one()
        self.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            {
                "move_id": self.id,
                "picking_id": self.picking_id.id,
                "product_id": self.product_id.id,
                "product_uom_id": self.product_uom.id,
                "lot_id": lot.id,
                "quantity": self.product_uom_qty,
                "location_id": self.location_id.id,
                "location_dest_id": self.location_dest_id.id,
            }
        )

    def _action_cancel(self):
        """A cancelled replenishment leaves its kanban card empty; a transfer cancelled
        while waiting on a milk-run round leaves the round and its batch."""
        res = super()._action_cancel()
        self._follow_kanban_cards()
        cancelled = self.picking_id.filtered(
            lambda p: p.state == "cancel"
            and p.milk_run_round_id.state in ("planned", "loading", "on_route")
        )
        if cancelled:
            self.env["logistics.milk.run.round"]._detach_cancelled_pickings(cancelled)
        return res

    def _check_leaving_returns(self):
        """Returned goods leave a returns location only through a disposition's document."""
        leaving = self.filtered(
            lambda m: m.location_id.logistics_returns and not m.location_dest_id.logistics_returns
        )
        if not leaving:
            return
        # sudo(): a check, not a read for the user: whoever validates must not bypass it
        dispositions = (
            self.env["logistics.return.disposition"]
            .sudo()
            .search(
                [
                    "|",
                    "|",
                    "|",
                    ("picking_id", "in", leaving.picking_id.ids),
                    ("scrap_id", "in", leaving.scrap_id.ids),
                    ("repair_id", "in", leaving.repair_id.ids),
                    ("unbuild_id", "in", leaving.unbuild_id.ids),
                ]
            )
        )
        for move in leaving:
            if not (
                move.picking_id
                and move.picking_id in dispositions.picking_id
                or move.scrap_id
                and move.scrap_id in dispositions.scrap_id
                or move.repair_id
                and move.repair_id in dispositions.repair_id
                or move.unbuild_id
                and move.unbuild_id in dispositions.unbuild_id
            ):
                raise UserError(
                    self.env._(
                        "%(product)s is in the returns location %(location)s: it leaves it "
                        "only through a disposition of its return inspection.",
                        product=move.product_id.display_name,
                        location=move.location_id.display_name,
                    )
                )
