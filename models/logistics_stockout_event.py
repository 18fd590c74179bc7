import logging

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

_logger = logging.getLogger(__name__)

# A note typed on the scan screen, at most (a sentence or two; longer is refused).
MAX_NOTE_LENGTH = 1000

# The activity a declaration schedules on the loop, marked done when the part is back.
STOCKOUT_ACTIVITY = "industrial_logistics.mail_activity_type_line_stockout"


class LogisticsStockoutEvent(models.Model):
    """A part missing at the line, declared by an operator against a loop; resolved
    when the loop's next container arrives (or by hand). Read by the KPIs."""

    _name = "logistics.stockout.event"
    _description = "Line Stockout Event"
    _order = "date desc, id desc"
    _check_company_auto = True

    loop_id = fields.Many2one(
        "logistics.kanban.loop", required=True, index=True, ondelete="cascade", check_company=True
    )
    product_id = fields.Many2one(related="loop_id.product_id", store=True, index=True)
    categ_id = fields.Many2one(related="loop_id.product_id.categ_id", store=True, index=True)
    location_id = fields.Many2one(related="loop_id.location_id", store=True, index=True)
    company_id = fields.Many2one(related="loop_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users", "Declared by", required=True, default=lambda self: self.env.user
    )
    date = fields.Datetime("Declared at", required=True, default=fields.Datetime.now, index=True)
    date_end = fields.Datetime("Resolved at", help="Empty while the part is still missing.")
    duration_hours = fields.Float(
        "Duration (hours)", compute="_compute_duration_hours", store=True, digits=(16, 2)
    )
    note = fields.Text()

    def init(self):
        """One open event per loop, whoever declares it and however many at the same
        instant: a partial unique index (a UNIQUE constraint cannot have a WHERE)."""
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS logistics_stockout_event_one_open_per_loop
                ON logistics_stockout_event (loop_id) WHERE date_end IS NULL
            """
        )

    @api.depends("date", "date_end")
    def _compute_duration_hours(self):
        for event in self:
            if event.date and event.date_end:
                event.duration_hours = (event.date_end - event.date).total_seconds() / 3600
            else:
                event.duration_hours = 0.0

    @api.depends("loop_id", "date")
    def _compute_display_name(self):
        for event in self:
            event.display_name = f"{event.loop_id.display_name} ({event.date:%Y-%m-%d %H:%M})"

    @api.model
    def declare(self, barcode=None, card_id=None, note=None):
        """ "Part missing at line" from the scan screen: a stockout against the loop of
        the scanned card. Returns the same kind of dict as the card scan, and refuses the
        cards a scan refuses (unknown, of another company, of an archived loop, retired)
        with the same reasons, writing nothing.

        Only Logistics Operators declare, and they have no write right on events: once
        the caller and the input are checked, the event is written as superuser."""
        Card = self.env["logistics.kanban.card"]
        barcode = Card._check_scan_input(barcode)
        self._check_declare_input(card_id, note)
        if not self.env.su:
            # sudo: caller and input checked above; the card's company is checked against the
            # caller's companies below (env.companies stays the caller's under sudo).
            return self.sudo().declare(barcode=barcode, card_id=card_id, note=note)
        if card_id:
            # sudo: the card may belong to a company the user is not working in; only its
            # company is read, to refuse it with that reason, and it is never returned.
            card = Card.sudo().browse(card_id).exists()
            foreign = card.company_id - self.env.companies
            barcode = card.barcode or barcode
            card = Card if foreign else card.with_env(self.env).with_company(card.company_id)
        elif barcode:
            card, foreign = Card._find_card(barcode)
        else:
            return self._refusal(self.env._("Scan the card of the missing part first."))
        if foreign:
            return self._refusal(
                self.env._(
                    "Card %(barcode)s belongs to another company (%(company)s): a missing "
                    "part cannot be declared with it here.",
                    barcode=barcode,
                    company=foreign.name,
                )
            )
        refusal = Card._check_scannable(card, barcode)
        if refusal:
            refusal["message"] = self.env._(
                "%(reason)s No missing part recorded.", reason=refusal["message"]
            )
            return refusal
        loop = card.loop_id
        already = self._open_event(loop)
        if already:
            return self._already_declared(already, card)
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                self.create({"loop_id": loop.id, "note": note or False})
        except UniqueViolation:
            # Another operator declared it between our search and our insert: the index
            # keeps one open event, and this declaration is the same stockout.
            _logger.info("Stockout of loop %s declared twice at once: one kept", loop.code)
            return self._already_declared(self._open_event(loop), card)
        return {"status": "ok", "message": self._notify_declared(loop), "card_id": card.id}

    @api.model
    def _check_declare_input(self, card_id, note):
        """UserError when the card id or the note sent are not what a declaration stores."""
        if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE_LENGTH):
            raise UserError(
                self.env._(
                    "The note of a missing part is limited to %(max)s characters.",
                    max=MAX_NOTE_LENGTH,
                )
            )
        if card_id is not None and not isinstance(card_id, int):
            raise UserError(self.env._("Scan the card of the missing part first."))

    @api.model
    def _notify_declared(self, loop):
        """Tell the loop's responsible (or the supply-chain managers) of the stockout: an
        activity on the loop and a live notification. Returns the operator's confirmation,
        naming who was told."""
        _ = self.env._

        def summary(env):
            """In the language of the person told (env), not of the operator."""
            return env._(
                "Part missing at the line: %(product)s at %(location)s",
                product=loop.with_env(env).product_id.display_name,
                location=loop.location_id.name,
            )

        told = loop._notify_responsible(STOCKOUT_ACTIVITY, {loop: summary})[loop]
        if not told:
            return _(
                "Stockout of %(product)s at %(location)s recorded; nobody is responsible for "
                "this loop: tell your team leader.",
                product=loop.product_id.display_name,
                location=loop.location_id.name,
            )
        return _(
            "Stockout of %(product)s at %(location)s recorded; told: %(people)s.",
            product=loop.product_id.display_name,
            location=loop.location_id.name,
            people=", ".join(told.mapped("name")),
        )

    @api.model
    def _open_event(self, loop):
        return self.search([("loop_id", "=", loop.id), ("date_end", "=", False)], limit=1)

    @api.model
    def _already_declared(self, event, card):
        """The warning for a loop already declared missing; `event` is empty when another
        session declared it an instant ago (committed after this transaction began)."""
        loop = card.loop_id
        since = (
            fields.Datetime.context_timestamp(self, event.date).strftime("%H:%M")
            if event
            else self.env._("a moment ago")
        )
        return {
            "status": "warning",
            "message": self.env._(
                "%(product)s is already declared missing at %(location)s since %(date)s.",
                product=loop.product_id.display_name,
                location=loop.location_id.name,
                date=since,
            ),
            "card_id": card.id,
        }

    @api.model
    def _refusal(self, message):
        return {"status": "error", "message": message, "card_id": False}

    @api.model
    def _close_for_loops(self, loops, when):
        events = self.sudo().search([("loop_id", "in", loops.ids), ("date_end", "=", False)])
        events.write({"date_end": when})
        events._done_activities()

    def _done_activities(self):
        """The part is back: the activities of the declaration are done."""
        self.loop_id._done_activities(
            STOCKOUT_ACTIVITY, self.env._("The part is back at the line.")
        )

    def action_resolve(self):
        """The part is back at the line: the only way an operator changes an event."""
        if not self.env.user.has_group("industrial_logistics.group_logistics_operator"):
            raise AccessError(self.env._("Only Logistics Operators resolve missing parts."))
        self.check_access("read")  # the caller's companies (record rules)
        # sudo: operators have no write right on events; only the end of the open ones is
        # written, now, after the checks above.
        events = self.sudo().filtered(lambda event: not event.date_end)
        events.write({"date_end": fields.Datetime.now()})
        events._done_activities()
        return True
