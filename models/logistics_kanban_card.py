import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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
