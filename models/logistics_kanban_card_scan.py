from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime

from .formatting import format_number
from .logistics_kanban_card import MAX_BARCODE_LENGTH, MAX_SOURCE_LENGTH, SCAN_LOCK_KEY


class LogisticsKanbanCardScan(models.Model):
    """The scan of a card: who may scan, which card, the lock that makes two scans of one card
    one replenishment, and the sentence the operator reads."""

    _inherit = "logistics.kanban.card"

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
        state, refusal = self._lock_for_scan(card)
        if refusal:
            return refusal, {}
        # Decide on the state read under the lock: another session may have changed it
        # between our read and the lock.
        card.invalidate_recordset(["state"])
        if state in ("empty", "replenishing", "lost"):
            refusal = card._rescan_result(state, now)
            if refusal:
                return refusal, {}
        previous_empty = card.date_last_empty
        refusal = card._replenish_or_refusal(state, now)
        if refusal:
            return refusal, {}
        extra = {}
        if previous_empty and state != "empty":
            extra["cycle_days"] = (now - previous_empty).total_seconds() / 86400
        return card._replenished_result(), extra

    def _lock_for_scan(self, card):
        """(state as committed, None) once the card is locked for this scan, else (None, a
        warning or error result): scanned elsewhere right now, or busy."""
        scanned_elsewhere, state = self._lock(card)
        if scanned_elsewhere:
            return None, self._result(
                "warning",
                self.env._(
                    "Card %(card)s is being scanned somewhere else right now: its "
                    "replenishment is handled there.",
                    card=card.display_name,
                ),
                card,
            )
        if not state:
            return None, self._result(
                "error",
                self.env._(
                    "Card %(card)s is busy (its container is being received or checked "
                    "right now): scan it again in a moment.",
                    card=card.display_name,
                ),
                card,
            )
        return state, None

    def _replenish_or_refusal(self, state, now):
        """Replenish the card (in a savepoint); None when done, else the error result that
        says why, the card left in `state`."""
        try:
            with self.env.cr.savepoint():
                self._replenish(now)
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
                    card=self.display_name,
                    reason=reason,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        state
                    ].lower(),
                ),
                self,
            )
        return None

    def _replenished_result(self):
        """The ok result of a scan that asked for a container."""
        values = {
            "card": self.display_name,
            "qty": format_number(self.env, self.card_qty),
            "uom": self.product_uom_id.name,
            "product": self.product_id.display_name,
            "ref": self.replenishment_ref,
        }
        if self.state == "empty":
            message = self.env._(
                "%(card)s: %(qty)s %(uom)s of %(product)s requested on %(ref)s, to be "
                "confirmed by purchasing.",
                **values,
            )
        else:
            message = self.env._(
                "%(card)s: %(qty)s %(uom)s of %(product)s requested (%(ref)s).", **values
            )
        return self._result("ok", message, self)

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
