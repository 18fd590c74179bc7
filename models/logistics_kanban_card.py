import logging

from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime

from .formatting import format_number

_logger = logging.getLogger(__name__)

# What a scan stores, at most: a printed card barcode is a few dozen characters; anything
# longer is not a card (a wedge scanner gone wild, a script) and is refused, not stored.
MAX_BARCODE_LENGTH = 128
MAX_SOURCE_LENGTH = 64

# Purchase order states in which it is still a request for quotation.
RFQ_STATES = ("draft", "sent", "to approve")

# First key of the transaction-level advisory lock a scan takes on its card ("KANB"):
# it tells a card being scanned elsewhere from a card row locked by other work.
SCAN_LOCK_KEY = 0x4B414E42
# Moves left pending by other scans of the part that a scan reserves with its own.
SCAN_SWEEP_LIMIT = 5
# A loop without a measured cycle is checked against its lead time, never under a day: a
# transfer from the supermarket has no delay on its route, yet takes until the next round.
LOST_LEAD_TIME_FLOOR_DAYS = 1.0

CARD_STATES = [
    ("full", "Full"),
    ("empty", "Empty"),
    ("replenishing", "Replenishing"),
    ("lost", "Lost"),
    ("retired", "Retired"),
]


class LogisticsKanbanCard(models.Model):
    """One card of a loop. It travels with a full container; scanned when the
    container is emptied, it authorises exactly one replenishment of one container,
    and turns full again by itself when that replenishment arrives at the loop's
    location (see stock.move._action_done)."""

    _name = "logistics.kanban.card"
    _description = "Kanban Card"
    _order = "loop_id, sequence, id"
    _check_company_auto = True
    _rec_names_search = ["barcode", "loop_id.code", "product_id.default_code"]

    loop_id = fields.Many2one(
        "logistics.kanban.loop", required=True, index=True, ondelete="cascade", check_company=True
    )
    sequence = fields.Integer("Card Number", required=True, default=1)
    barcode = fields.Char(
        required=True,
        copy=False,
        index=True,
        help="Printed on the card; the only thing the scanner reads.",
    )
    state = fields.Selection(CARD_STATES, required=True, default="full", index=True, readonly=True)
    to_retire = fields.Boolean(
        readonly=True, help="Surplus card: retired as soon as it is back full."
    )
    company_id = fields.Many2one(related="loop_id.company_id", store=True, index=True)
    product_id = fields.Many2one(related="loop_id.product_id", store=True, index=True)
    location_id = fields.Many2one(related="loop_id.location_id", store=True, index=True)
    loop_type = fields.Selection(related="loop_id.loop_type")
    container_qty = fields.Float(related="loop_id.container_qty")
    product_uom_id = fields.Many2one(related="loop_id.product_uom_id")
    loop_card_count = fields.Integer(related="loop_id.card_count", string="Cards in Loop")
    bin_label = fields.Char("Bin", compute="_compute_bin_label")
    # A one-off (event-driven) card: one replenishment of its own quantity for a one-time
    # need, then retired when it arrives (to_retire is set from the start).
    is_one_off = fields.Boolean("One-off", readonly=True, default=False, index=True)
    one_off_qty = fields.Float("One-off Quantity", readonly=True, digits="Product Unit of Measure")
    one_off_need = fields.Char("One-off Need", readonly=True, help="Project, trial, peak...")
    card_qty = fields.Float(
        "Quantity",
        compute="_compute_card_qty",
        digits="Product Unit of Measure",
        help="What one scan of this card asks for: the loop's container, or a one-off "
        "card's own quantity.",
    )

    # The replenishment this card triggers: one procurement group per card, so every
    # move and document (transfer, MO, PO line) links back to it.
    group_id = fields.Many2one("procurement.group", readonly=True, copy=False, index=True)
    replenishment_ref = fields.Char(
        "Replenishment", readonly=True, help="Document of the latest replenishment."
    )
    move_ids = fields.One2many(related="group_id.stock_move_ids", string="Moves")
    picking_ids = fields.Many2many(
        "stock.picking", compute="_compute_replenishment_documents", string="Transfers"
    )
    production_ids = fields.Many2many(
        "mrp.production", compute="_compute_replenishment_documents", string="Manufacturing"
    )
    purchase_line_ids = fields.Many2many(
        "purchase.order.line", compute="_compute_replenishment_documents", string="RFQ Lines"
    )
    scan_ids = fields.One2many("logistics.kanban.scan", "card_id", "Scans")
    # Supplier e-kanban: the vendor of the card's latest confirmed purchase order sees the card
    # in the portal (record rule) and confirms when it ships (on the order line).
    vendor_id = fields.Many2one(
        "res.partner",
        "Vendor",
        compute="_compute_vendor_id",
        store=True,
        index=True,
        help="Company of the card's latest confirmed purchase order: its portal users see "
        "the card.",
    )
    vendor_line_id = fields.Many2one(
        "purchase.order.line", "Ordered on", compute="_compute_vendor_id", store=True
    )
    vendor_ship_date = fields.Date(related="vendor_line_id.kanban_ship_date")
    vendor_ship_confirmed_on = fields.Datetime(related="vendor_line_id.kanban_ship_confirmed_on")

    # Timestamps of every transition (stored: the KPIs read them with SQL).
    date_last_full = fields.Datetime(
        "Last Full", readonly=True, default=fields.Datetime.now, help="A new card starts full."
    )
    date_last_empty = fields.Datetime("Last Scanned Empty", readonly=True)
    date_replenishing = fields.Datetime(
        "Replenishing Since",
        readonly=True,
        help="When its replenishment got under way: at the scan for a transfer or a "
        "manufacturing order, when purchasing confirms the order for an RFQ.",
    )
    date_lost = fields.Datetime("Flagged Lost", readonly=True)
    date_retired = fields.Datetime("Retired", readonly=True)
    date_last_move = fields.Datetime(
        "Last Movement",
        readonly=True,
        default=fields.Datetime.now,
        index=True,
        help="Latest transition of any kind; a card idle for too long is flagged lost.",
    )

    _sql_constraints = [
        ("barcode_uniq", "UNIQUE(barcode)", "Another kanban card already has this barcode."),
    ]

    @api.depends("loop_type", "sequence")
    def _compute_bin_label(self):
        for card in self:
            if card.loop_type == "double_bin":
                card.bin_label = "A" if card.sequence == 1 else "B"
            else:
                card.bin_label = False

    @api.depends("is_one_off", "one_off_qty", "loop_id.container_qty")
    def _compute_card_qty(self):
        for card in self:
            card.card_qty = card.one_off_qty if card.is_one_off else card.loop_id.container_qty

    @api.depends("loop_id.code", "sequence", "loop_id.card_count", "bin_label", "is_one_off")
    def _compute_display_name(self):
        for card in self:
            if card.is_one_off:
                card.display_name = self.env._(
                    "%(loop)s one-off %(number)s", loop=card.loop_id.code, number=card.sequence
                )
            elif card.bin_label:
                card.display_name = f"{card.loop_id.code} bin {card.bin_label}"
            else:
                card.display_name = f"{card.loop_id.code} {card.sequence}/{card.loop_id.card_count}"

    @api.depends(
        "group_id.stock_move_ids.picking_id",
        "group_id.mrp_production_ids",
        "group_id.purchase_line_ids",
    )
    def _compute_replenishment_documents(self):
        for card in self:
            group = card.group_id
            card.picking_ids = group.stock_move_ids.picking_id
            card.production_ids = group.mrp_production_ids
            card.purchase_line_ids = group.purchase_line_ids

    @api.depends("group_id.purchase_line_ids.order_id.state")
    def _compute_vendor_id(self):
        for card in self:
            line = card.group_id.purchase_line_ids.filtered(
                lambda line: line.order_id.state in ("purchase", "done")
            ).sorted("id")[-1:]
            card.vendor_line_id = line
            card.vendor_id = line.order_id.partner_id.commercial_partner_id

    @api.model_create_multi
    def create(self, vals_list):
        loops = self.env["logistics.kanban.loop"].browse(
            {vals["loop_id"] for vals in vals_list if vals.get("loop_id")}
        )
        codes = dict(zip(loops.ids, loops.mapped("code"), strict=True))
        for vals in vals_list:
            if not vals.get("barcode") and vals.get("loop_id"):
                vals["barcode"] = f"{codes[vals['loop_id']]}-{vals.get('sequence', 1):02d}"
        return super().create(vals_list)

    # ------------------------------------------------------------------ scanning

    @api.model
    def scan(self, barcode, source=None):
        """The one entry point of the scan screen and of any handheld integration.

        Returns ``{"status": "ok" | "warning" | "error", "message": str, "card_id": id}``.
        Every attempt, refused or not, is logged in ``logistics.kanban.scan``; a refused
        replenishment leaves the card full and nothing else written (savepoint), and
        its log survives because it is written outside the rolled-back part.

        Only Logistics Operators scan, and the group gives no Inventory right: once the
        caller is checked, the scan does its work (procurement, card, log) as superuser, in
        the card's company, with the caller still named as the user of every record.
        """
        barcode = self._check_scan_input(barcode, source)
        if not self.env.su:
            # sudo: the caller's group and input are checked above; the card's company is
            # checked against the caller's companies in _find_card (env.companies stays the
            # caller's under sudo), and its state in _scan_card.
            return self.sudo().scan(barcode, source)
        now = fields.Datetime.now()
        card, foreign = self._find_card(barcode)
        log = {"barcode": barcode, "date": now, "source": source or "api"}
        if foreign:
            result = self._result(
                "error",
                self.env._(
                    "Card %(barcode)s belongs to another company (%(company)s): "
                    "it cannot be scanned here.",
                    barcode=barcode,
                    company=foreign.name,
                ),
                card,
            )
            extra = {}
        else:
            if card:
                log.update(
                    card_id=card.id,
                    loop_id=card.loop_id.id,
                    state_before=card.state,
                    company_id=card.company_id.id,
                )
            result, extra = self._scan_card(card, barcode, now)
        log.update(extra, status=result["status"], message=result["message"])
        if card:
            log["state_after"] = card.state
        # sudo: the scan log is written by the scan only; operators cannot write it.
        self.env["logistics.kanban.scan"].sudo().create(log)
        if extra.get("cycle_days") is not None:
            card._update_loop_measures()
        return result

    @api.model
    def _check_scan_input(self, barcode, source=None):
        """The cleaned barcode, once the caller is known to be a Logistics Operator and
        what they send fits what a scan stores; AccessError / UserError otherwise."""
        if not self.env.user.has_group("industrial_logistics.group_logistics_operator"):
            raise AccessError(
                self.env._("Only Logistics Operators scan kanban cards and declare parts missing.")
            )
        barcode = "" if barcode is None else barcode
        if not isinstance(barcode, str) or len(barcode.strip()) > MAX_BARCODE_LENGTH:
            raise UserError(
                self.env._(
                    "This is not a kanban card barcode (at most %(max)s characters): nothing "
                    "was recorded.",
                    max=MAX_BARCODE_LENGTH,
                )
            )
        if source is not None and (not isinstance(source, str) or len(source) > MAX_SOURCE_LENGTH):
            raise UserError(
                self.env._(
                    "The scan source must be a short name (at most %(max)s characters).",
                    max=MAX_SOURCE_LENGTH,
                )
            )
        return barcode.strip()

    @api.model
    def _find_card(self, barcode):
        """(card, foreign company): the card of `barcode` when the user may scan it;
        when it belongs to a company the user is not working in, no card and that company.
        """
        if not barcode:
            return self, self.env["res.company"]
        # sudo: search across companies only to tell the operator that a card belongs to
        # another company instead of calling it unknown; such a card is never returned.
        # The fields fetched are those the scan reads next, so that the card is read once.
        card = self.sudo().search_fetch(
            [("barcode", "=", barcode)],
            [
                "loop_id",
                "state",
                "company_id",
                "sequence",
                "barcode",
                "group_id",
                "date_last_empty",
                "replenishment_ref",
                "product_id",
                "is_one_off",
                "one_off_qty",
            ],
            limit=1,
        )
        if card and card.company_id not in self.env.companies:
            return self, card.company_id
        # Back to the caller's rights (the scan's own sudo, if any), in the card's company.
        card = card.with_env(self.env)
        if card:
            card = card.with_company(card.company_id)
        return card, self.env["res.company"]

    def _scan_card(self, card, barcode, now):
        """Decide and act on one scan; returns (result dict, extra log values)."""
        refusal = self._check_scannable(card, barcode)
        if refusal:
            return refusal, {}
        scanned_elsewhere, state = self._lock(card)
        if scanned_elsewhere:
            return self._result(
                "warning",
                self.env._(
                    "Card %(card)s is being scanned somewhere else right now: its "
                    "replenishment is handled there.",
                    card=card.display_name,
                ),
                card,
            ), {}
        if not state:
            return self._result(
                "error",
                self.env._(
                    "Card %(card)s is busy (its container is being received or checked "
                    "right now): scan it again in a moment.",
                    card=card.display_name,
                ),
                card,
            ), {}
        # Decide on the state read under the lock: another session may have changed it
        # between our read and the lock.
        card.invalidate_recordset(["state"])
        if state in ("empty", "replenishing", "lost"):
            refusal = card._rescan_result(state, now)
            if refusal:
                return refusal, {}
        previous_empty = card.date_last_empty
        try:
            with self.env.cr.savepoint():
                card._replenish(now)
        except UserError as error:
            # Odoo's procurement errors come on several lines: one sentence on screen.
            reason = " ".join(str(error.args[0] if error.args else error).split())
            if not reason.endswith((".", "!", "?")):
                reason += "."
            return self._result(
                "error",
                self.env._(
                    "No replenishment for card %(card)s: %(reason)s The card stays "
                    "%(state)s; tell your team leader.",
                    card=card.display_name,
                    reason=reason,
                    state=dict(card._fields["state"]._description_selection(self.env))[
                        state
                    ].lower(),
                ),
                card,
            ), {}
        extra = {}
        if previous_empty and state != "empty":
            extra["cycle_days"] = (now - previous_empty).total_seconds() / 86400
        values = {
            "card": card.display_name,
            "qty": format_number(self.env, card.card_qty),
            "uom": card.product_uom_id.name,
            "product": card.product_id.display_name,
            "ref": card.replenishment_ref,
        }
        if card.state == "empty":
            message = self.env._(
                "%(card)s: %(qty)s %(uom)s of %(product)s requested on %(ref)s, to be "
                "confirmed by purchasing.",
                **values,
            )
        else:
            message = self.env._(
                "%(card)s: %(qty)s %(uom)s of %(product)s requested (%(ref)s).", **values
            )
        return self._result("ok", message, card), extra

    def _rescan_result(self, state, now):
        """A card already scanned (or flagged lost) is scanned: a warning while its
        replenishment is still asked for or on its way, else None, and the scan asks
        again (the previous one was cancelled, or the lost card comes back empty)."""
        status = self._replenishment_status()
        if status not in ("ordering", "under_way"):
            return None
        values = {"card": self.display_name, "ref": self.replenishment_ref or "?"}
        if state == "lost":
            # sudo: operators change cards only through the scan (no write access).
            self.sudo().write(
                {
                    "state": "replenishing" if status == "under_way" else "empty",
                    "date_last_move": now,
                }
            )
            message = self.env._(
                "Card %(card)s was flagged lost and is found: its replenishment %(ref)s is "
                "still under way.",
                **values,
            )
        elif status == "ordering":
            message = self.env._(
                "Card %(card)s was already scanned: %(ref)s waits for purchasing to confirm "
                "it. Nothing more to do.",
                **values,
            )
        else:
            scanned_at = (
                format_datetime(self.env, self.date_last_empty, dt_format="short")
                if self.date_last_empty
                else "?"
            )
            message = self.env._(
                "Card %(card)s was already scanned on %(date)s: replenishment %(ref)s is "
                "under way. Nothing more to do.",
                date=scanned_at,
                **values,
            )
        return self._result("warning", message, self)

    def _check_scannable(self, card, barcode):
        """A refusal (error result) for a card that cannot be scanned, else None."""
        _ = self.env._
        if not card:
            return self._result(
                "error",
                _("Unknown barcode %(barcode)s: this is not a kanban card.", barcode=barcode)
                if barcode
                else _("Empty scan: nothing was read."),
                card,
            )
        if not card.loop_id.active:
            return self._result(
                "error",
                _(
                    "Card %(card)s belongs to archived loop %(loop)s: take it out of circulation.",
                    card=card.display_name,
                    loop=card.loop_id.code,
                ),
                card,
            )
        if card.state == "retired":
            return self._result(
                "error",
                _("Card %(card)s is retired: take it out of circulation.", card=card.display_name),
                card,
            )
        return None

    def _lock(self, card):
        """Lock the card for this scan: (scanned elsewhere, state as committed).

        A transaction-level advisory lock marks the card as being scanned: when another
        scan holds it, that scan handles the replenishment (scanned elsewhere, no state).
        Then the row itself: FOR NO KEY UPDATE is FOR UPDATE minus the key lock, so two
        transactions still exclude each other but the refused scan can log itself (its
        foreign key to the card takes a KEY SHARE lock). SKIP LOCKED returns no row when
        other work holds it (a receipt, the lost-card cron): the card is busy, no state.
        The row is only asked for once the advisory lock is held (a lateral join on a
        materialized CTE, so that the lock is tried once), or two scans could each take
        one lock and both give up. A scan committed after this
        transaction began makes PostgreSQL refuse the row lock (serialization failure):
        Odoo plays the request again, which then finds the card already scanned."""
        card.flush_recordset(["state"])
        self.env.cr.execute(
            SQL(
                """
            WITH scan AS MATERIALIZED (
                 SELECT pg_try_advisory_xact_lock(%(key)s, %(id)s) AS locked)
            SELECT scan.locked, card.state
              FROM scan
              LEFT JOIN LATERAL (
                    SELECT state FROM logistics_kanban_card
                     WHERE scan.locked AND id = %(id)s
                       FOR NO KEY UPDATE SKIP LOCKED
                   ) card ON TRUE
            """,
                key=SCAN_LOCK_KEY,
                id=card.id,
            )
        )
        locked, state = self.env.cr.fetchone()
        return not locked, state

    @api.model
    def _result(self, status, message, card):
        return {"status": status, "message": message, "card_id": card.id or False}

    # ------------------------------------------------------------- replenishment

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

    def action_retire(self):
        """Take these cards out of circulation for good: their loops count that many
        cards fewer. A card to keep in circulation (damaged, lost) is reprinted instead."""
        _ = self.env._
        # A one-off card no longer needed: out at once if not yet asked for, else when its
        # replenishment arrives, as planned; its loop keeps its cards.
        self.filtered(lambda card: card.is_one_off and card.state == "full")._retire_when_full()
        cards = self.filtered(
            lambda card: card.state != "retired" and not card.to_retire and not card.is_one_off
        )
        retired_by_loop = cards.grouped("loop_id")
        for loop, retired in retired_by_loop.items():
            if loop.loop_type == "double_bin":
                raise UserError(
                    _(
                        "Loop %(loop)s is a double-bin loop: it always has its two bins. "
                        "Reprint the label of a damaged or lost bin instead.",
                        loop=loop.code,
                    )
                )
            if len(retired) >= loop.card_count:
                raise UserError(
                    _(
                        "Retiring %(count)s card(s) would leave loop %(loop)s without cards: "
                        "archive the loop instead.",
                        count=len(retired),
                        loop=loop.code,
                    )
                )
        cards._retire_when_full()
        for loop, retired in retired_by_loop.items():
            loop.card_count -= len(retired)

    @api.model
    def _cron_flag_lost_cards(self):
        """Scheduled action: flag the idle cards lost and tell each loop's responsible."""
        lost = self._flag_lost_cards()
        self.env["logistics.kanban.loop"]._notify_lost_cards(lost)
        return lost

    @api.model
    def _flag_lost_cards(self):
        """Cards idle for more than k times their loop's measured cycle are flagged lost
        (k: the company's setting); one query finds them all. A loop without a measured
        cycle yet is checked against its lead time instead (measured, else its route's, at
        least LOST_LEAD_TIME_FLOOR_DAYS): its cards out for replenishment (empty or
        replenishing) idle for more than k times that are lost; its full cards wait at
        the line as long as consumption takes, which the lead time says nothing of."""
        self.env.flush_all()
        unmeasured = self.env["logistics.kanban.loop"].search([("cycle_time_days", "=", 0)])
        lead_times = {
            loop.id: max(days, LOST_LEAD_TIME_FLOOR_DAYS)
            for loop, (days, _source) in unmeasured._sizing_lead_times().items()
        }
        self.env.cr.execute(
            SQL(
                """
            SELECT card.id
              FROM logistics_kanban_card card
              JOIN logistics_kanban_loop loop ON loop.id = card.loop_id
              JOIN res_company company ON company.id = loop.company_id
              LEFT JOIN unnest(%(loops)s::int[], %(days)s::float[]) AS lead(loop_id, days)
                     ON lead.loop_id = loop.id
             WHERE loop.active
               AND card.state IN ('full', 'empty', 'replenishing')
               AND card.date_last_move < (now() AT TIME ZONE 'UTC') - make_interval(
                       secs => COALESCE(company.kanban_lost_cycle_factor, 3) * 86400
                                * CASE WHEN loop.cycle_time_days > 0 THEN loop.cycle_time_days
                                       WHEN card.state != 'full' THEN lead.days END)
            """,
                loops=list(lead_times),
                days=list(lead_times.values()),
            )
        )
        lost = self.browse(row[0] for row in self.env.cr.fetchall())
        now = fields.Datetime.now()
        vals = {"state": "lost", "date_lost": now}
        try:
            with self.env.cr.savepoint():
                lost.write(vals)
            return lost
        except Exception:
            _logger.warning("Lost kanban cards: flagging them together failed, one by one now")
        # One card that cannot be written (locked by a scan, a broken loop) is logged and left
        # for the next run; the others are flagged.
        flagged = self.browse()
        for card in lost:
            try:
                with self.env.cr.savepoint():
                    card.write(vals)
                flagged |= card
            except Exception:
                _logger.exception("Kanban card %s not flagged lost", card.id)
        return flagged

    def action_print(self):
        return self.env.ref("industrial_logistics.action_report_kanban_cards").report_action(self)
