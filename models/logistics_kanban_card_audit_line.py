from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..logistics_algorithms import card_audit
from .logistics_kanban_card import CARD_STATES
from .logistics_kanban_card_audit import AUDIT_PLACES


class LogisticsKanbanCardAuditLine(models.Model):
    """One card of an audit: whether it was seen and where, and once the audit is closed what
    that means (where it should be, not seen, seen where its state says it cannot be) and the
    fix. A fix goes through the card's own actions (the scan, the receipt of its transfer, the
    lost-card flag), so that stock and the card's history stay right."""

    _name = "logistics.kanban.card.audit.line"
    _description = "Kanban Card Audit Line"
    _order = "audit_id, loop_id, card_id"
    _check_company_auto = True

    audit_id = fields.Many2one(
        "logistics.kanban.card.audit", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)
    card_id = fields.Many2one(
        "logistics.kanban.card", required=True, index=True, ondelete="cascade", check_company=True
    )
    loop_id = fields.Many2one(related="card_id.loop_id", store=True, index=True)
    product_id = fields.Many2one(related="card_id.product_id")
    location_id = fields.Many2one(related="card_id.location_id")
    state_expected = fields.Selection(
        CARD_STATES, "System State", help="The card's state in the system when the audit closed."
    )
    seen = fields.Boolean(index=True)
    place = fields.Selection(AUDIT_PLACES, "Found")
    date_seen = fields.Datetime("Seen on")
    seen_by_id = fields.Many2one("res.users", "Seen by")
    result = fields.Selection(
        [
            ("pending", "To reconcile"),
            ("ok", "Where it should be"),
            ("not_seen", "Not seen (suspected lost)"),
            ("mismatch", "State does not match"),
        ],
        required=True,
        default="pending",
        index=True,
    )
    fix = fields.Selection(
        [
            (card_audit.NO_FIX, "None"),
            (card_audit.FLAG_LOST, "Flag it lost"),
            (card_audit.SCAN, "Scan it (replenish)"),
            (card_audit.MARK_FULL, "Mark it full"),
            (card_audit.RECEIVE, "Receive its replenishment"),
            (card_audit.REVIEW, "Review by hand"),
        ],
        required=True,
        default=card_audit.NO_FIX,
    )
    fix_state = fields.Selection(
        [
            ("none", "Nothing to do"),
            ("todo", "To apply"),
            ("manual", "By hand"),
            ("done", "Applied"),
        ],
        required=True,
        default="none",
        index=True,
    )
    fix_note = fields.Char("Finding")
    date_fixed = fields.Datetime("Fixed on")
    fixed_by_id = fields.Many2one("res.users", "Fixed by")

    _sql_constraints = [
        ("card_uniq", "UNIQUE(audit_id, card_id)", "A card is listed once in an audit."),
    ]

    def _reconcile(self):
        """Set each line's result, fix and finding from its card's state and replenishment now
        (card_audit.reconcile decides)."""
        for line in self:
            card = line.card_id
            status = card._replenishment_status()
            decided = card_audit.reconcile(card.state, line.place or None, status)
            line.write(
                {
                    "state_expected": card.state,
                    "result": decided.result,
                    "fix": decided.fix,
                    "fix_state": {
                        card_audit.NO_FIX: "none",
                        card_audit.REVIEW: "manual",
                    }.get(decided.fix, "todo"),
                    "fix_note": line._finding(decided),
                }
            )

    def _finding(self, decided):
        """The sentence a manager reads on the line."""
        _ = self.env._
        states = dict(self.card_id._fields["state"]._description_selection(self.env))
        places = dict(self._fields["place"]._description_selection(self.env))
        values = {
            "state": states[self.card_id.state].lower(),
            "place": places[self.place].lower() if self.place else "",
            "ref": self.card_id.replenishment_ref or "?",
        }
        messages = {
            card_audit.FLAG_LOST: _("Not seen: suspected lost. Fix: flag it lost."),
            card_audit.RECEIVE: _(
                "Found full at the line while %(state)s: its replenishment %(ref)s has "
                "arrived. Fix: receive it.",
                **values,
            ),
            card_audit.MARK_FULL: _(
                "Found full at the line while %(state)s, nothing asked for. Fix: mark it full.",
                **values,
            ),
            card_audit.REVIEW: _(
                "Found full at the line while its request %(ref)s waits for purchasing: check "
                "whether it is still needed.",
                **values,
            ),
            card_audit.SCAN: _(
                "Found %(place)s while %(state)s: its container is empty. Fix: scan it.",
                **values,
            ),
        }
        if decided.fix in messages:
            return messages[decided.fix]
        if decided.result == card_audit.OK and not self.seen:
            return _("Still lost: not seen.")
        return _("Where it should be.")

    # ------------------------------------------------------------------ fixes

    def action_apply_fix(self):
        """Apply this line's fix (managers, from the audit's lines)."""
        self._apply_fixes(raise_on_error=True)
        return True

    def _apply_fixes(self, raise_on_error):
        """Apply the fixes still to do, each in a savepoint. The card must still be in the
        state the audit saw, and free (a scan or a receipt holding it: busy, try again);
        refusals raise, or are written on the line for a batch."""
        if not self.env.user.has_group("industrial_logistics.group_logistics_manager"):
            raise AccessError(
                self.env._("Only Supply Chain Managers apply the fixes of a card audit.")
            )
        flagged = self.env["logistics.kanban.card"]
        for line in self:
            try:
                with self.env.cr.savepoint():
                    if line._apply_fix():
                        flagged |= line.card_id
            except (UserError, LockNotAvailable, SerializationFailure) as error:
                if raise_on_error:
                    if isinstance(error, UserError):
                        raise
                    raise UserError(line._busy_message()) from error
                message = error.args[0] if isinstance(error, UserError) else line._busy_message()
                # sudo: audit lines are read-only records; the manager was checked above.
                line.sudo().fix_note = message
        if flagged:
            self.env["logistics.kanban.loop"]._notify_lost_cards(flagged)

    def _busy_message(self):
        return self.env._(
            "Card %(card)s is busy right now (being scanned or received): apply the fix again "
            "in a moment.",
            card=self.card_id.display_name,
        )

    def _apply_fix(self):
        """One fix; returns True when it flagged the card lost (its loop's responsible is
        told once per batch)."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM logistics_kanban_card_audit_line WHERE id = %s FOR UPDATE NOWAIT",
                self.id,
            ),
            log_exceptions=False,  # another manager applying it: refused below, not an error
        )
        self.invalidate_recordset(["fix_state"])
        card = self.card_id
        if self.fix_state != "todo":
            raise UserError(
                self.env._("The fix of card %(card)s is already applied.", card=card.display_name)
            )
        self.env.cr.execute(
            SQL(
                "SELECT id FROM logistics_kanban_card WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                card.id,
            ),
            log_exceptions=False,
        )
        card.invalidate_recordset(["state"])
        if card.state != self.state_expected:
            states = dict(card._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Card %(card)s has moved since the audit (now %(state)s): its fix no longer "
                    "applies.",
                    card=card.display_name,
                    state=states[card.state].lower(),
                )
            )
        now = fields.Datetime.now()
        getattr(self, f"_fix_{self.fix}")(card, now)
        # sudo: audit lines are read-only records, even to managers (the results are kept as
        # found); the fix's own writes above ran with the manager's rights.
        self.sudo().write({"fix_state": "done", "date_fixed": now, "fixed_by_id": self.env.user.id})
        return self.fix == card_audit.FLAG_LOST

    def _fix_flag_lost(self, card, now):
        """As the lost-card cron does."""
        card.write({"state": "lost", "date_lost": now})

    def _fix_mark_full(self, card, now):
        """Back on a full container with nothing asked for: full, or retired if it was
        a surplus card waiting to come back full."""
        card.write({"state": "full", "date_last_full": now, "date_last_move": now})
        card.filtered("to_retire")._retire_when_full()

    def _fix_scan(self, card, now):
        """The operator's scan, as the manager: one replenishment, or a lost card found."""
        result = card.scan(card.barcode, source="card_audit")
        if result["status"] == "error":
            raise UserError(result["message"])

    def _fix_receive(self, card, now):
        """Validate the card's open transfers, when they are ready in full: the receipt
        turns the card full (stock.move._action_done follows the card)."""
        moves = card._replenishment_moves().filtered(
            lambda move: move.state not in ("done", "cancel")
        )
        pickings = moves.picking_id
        not_ready = pickings.filtered(lambda picking: picking.state != "assigned")
        if not pickings or not_ready or moves.filtered(lambda move: not move.picking_id):
            raise UserError(
                self.env._(
                    "The replenishment of card %(card)s is not ready to receive "
                    "(%(documents)s): validate it from Inventory with what was received.",
                    card=card.display_name,
                    documents=", ".join(not_ready.mapped("name")) or card.replenishment_ref or "?",
                )
            )
        for move in pickings.move_ids:
            move.picked = True
        result = pickings.button_validate()
        if result is not True:
            raise UserError(
                self.env._(
                    "The replenishment of card %(card)s needs a decision to validate "
                    "(%(documents)s): validate it from Inventory.",
                    card=card.display_name,
                    documents=", ".join(pickings.mapped("name")),
                )
            )
