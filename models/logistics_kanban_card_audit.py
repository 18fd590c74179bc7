from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .logistics_kanban_card import MAX_BARCODE_LENGTH

AUDIT_PLACES = [
    ("line", "At the line"),
    ("supermarket", "In the supermarket"),
    ("train", "On the train"),
]


class LogisticsKanbanCardAudit(models.Model):
    """A check of the physical cards against the system: an operator or a storekeeper scans
    every card found in the audit's scope (at the line, in the supermarket, on the train);
    closing the audit lists the cards not seen (suspected lost) and those seen where their
    state says they cannot be, each with the fix a manager applies through the card's own
    actions. Audits are kept with their results.

    Operators and storekeepers only read audits: they start, scan and close them through the
    methods below, which check their group, the company and the audit's state, then write as
    superuser. Managers also apply the fixes (lines), with their own rights."""

    _name = "logistics.kanban.card.audit"
    _description = "Kanban Card Audit"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", required=True, readonly=True, check_company=True, index=True
    )
    location_id = fields.Many2one(
        "stock.location",
        "Location",
        readonly=True,
        check_company=True,
        help="Only the loops of this location and the locations under it; all the warehouse's "
        "loops when empty.",
    )
    loop_ids = fields.Many2many(
        "logistics.kanban.loop",
        string="Loops",
        readonly=True,
        check_company=True,
        help="Only these loops; all the loops of the scope when empty.",
    )
    user_id = fields.Many2one(
        "res.users", "Started by", required=True, readonly=True, default=lambda self: self.env.user
    )
    state = fields.Selection(
        [("in_progress", "In progress"), ("closed", "Closed"), ("cancelled", "Cancelled")],
        required=True,
        default="in_progress",
        readonly=True,
        index=True,
    )
    date_start = fields.Datetime(
        "Started", required=True, readonly=True, default=fields.Datetime.now
    )
    date_closed = fields.Datetime("Closed", readonly=True)
    line_ids = fields.One2many(
        "logistics.kanban.card.audit.line", "audit_id", "Audited Cards", readonly=True
    )
    card_count = fields.Integer("Cards", compute="_compute_counts", store=True)
    seen_count = fields.Integer("Seen", compute="_compute_counts", store=True)
    not_seen_count = fields.Integer("Not Seen", compute="_compute_counts", store=True)
    mismatch_count = fields.Integer("Mismatches", compute="_compute_counts", store=True)
    fix_todo_count = fields.Integer("Fixes to Apply", compute="_compute_counts", store=True)

    @api.depends("line_ids.seen", "line_ids.result", "line_ids.fix", "line_ids.fix_state")
    def _compute_counts(self):
        for audit in self:
            lines = audit.line_ids
            audit.card_count = len(lines)
            audit.seen_count = len(lines.filtered("seen"))
            audit.not_seen_count = len(lines.filtered(lambda line: line.result == "not_seen"))
            audit.mismatch_count = len(lines.filtered(lambda line: line.result == "mismatch"))
            audit.fix_todo_count = len(lines.filtered(lambda line: line.fix_state == "todo"))

    # ------------------------------------------------------------------ checks

    def _check_auditor(self):
        """Operators (storekeepers and managers include them) run audits of their companies."""
        if not self.env.user.has_group("industrial_logistics.group_logistics_operator"):
            raise AccessError(
                self.env._("Only Logistics Operators and Storekeepers run kanban card audits.")
            )
        for audit in self:
            if audit.company_id not in self.env.user.company_ids:
                raise AccessError(
                    self.env._(
                        "Audit %(audit)s belongs to another company.", audit=audit.display_name
                    )
                )

    def _check_in_progress(self):
        for audit in self:
            if audit.state != "in_progress":
                raise UserError(
                    self.env._(
                        "Audit %(audit)s is %(state)s: it takes no more scans.",
                        audit=audit.name,
                        state=audit._state_label(),
                    )
                )

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state].lower()

    def _lock_row(self):
        """Lock the audit row: two closings (two auditors, a double click) exclude each
        other; the second is refused instead of waiting."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM logistics_kanban_card_audit WHERE id IN %s FOR UPDATE NOWAIT",
                tuple(self.ids),
            ),
            log_exceptions=False,  # closed elsewhere right now: refused, not an error
        )

    # ------------------------------------------------------------------ start

    @api.model
    def start_audit(self, warehouse_id, location_id=False, loop_ids=None):
        """Start an audit of the cards in circulation of the warehouse's active loops (of
        `location_id` and below, of `loop_ids` only, when given). Returns the audit's id."""
        self._check_auditor()
        Warehouse = self.env["stock.warehouse"]
        warehouse = (
            Warehouse.browse(warehouse_id).exists() if isinstance(warehouse_id, int) else Warehouse
        )
        if not warehouse or warehouse.company_id not in self.env.companies:
            raise UserError(self.env._("Choose a warehouse of your company to audit."))
        location = self.env["stock.location"]
        if location_id:
            location = (
                location.browse(location_id).exists() if isinstance(location_id, int) else location
            )
            if not location or location.warehouse_id != warehouse:
                raise UserError(
                    self.env._(
                        "The location to audit must be a location of warehouse %(warehouse)s.",
                        warehouse=warehouse.name,
                    )
                )
        loops = self.env["logistics.kanban.loop"]
        if loop_ids:
            if not all(isinstance(id_, int) for id_ in loop_ids):
                raise UserError(self.env._("The loops to audit must be given by their ids."))
            loops = loops.browse(loop_ids).exists()
            if len(loops) != len(set(loop_ids)) or loops.warehouse_id != warehouse:
                raise UserError(
                    self.env._(
                        "The loops to audit must be loops of warehouse %(warehouse)s.",
                        warehouse=warehouse.name,
                    )
                )
        # sudo: auditors only read audits; the checks above vouch for what is written.
        audit = self.sudo().create(
            {
                "name": self.env["ir.sequence"].sudo().next_by_code("logistics.kanban.card.audit")
                or "/",
                "company_id": warehouse.company_id.id,
                "warehouse_id": warehouse.id,
                "location_id": location.id,
                "loop_ids": [fields.Command.set(loops.ids)],
                "user_id": self.env.user.id,
            }
        )
        cards = audit._cards_in_scope()
        if not cards:
            raise UserError(self.env._("There is no kanban card in circulation to audit here."))
        audit.line_ids = [
            fields.Command.create({"card_id": card.id, "state_expected": card.state})
            for card in cards
        ]
        return audit.id

    def _cards_in_scope(self):
        """Cards in circulation (not retired) of the active loops in the audit's scope."""
        self.ensure_one()
        domain = [
            ("loop_id.active", "=", True),
            ("loop_id.warehouse_id", "=", self.warehouse_id.id),
            ("state", "!=", "retired"),
        ]
        if self.location_id:
            domain.append(("location_id", "child_of", self.location_id.id))
        if self.loop_ids:
            domain.append(("loop_id", "in", self.loop_ids.ids))
        return self.env["logistics.kanban.card"].sudo().search(domain)

    # ------------------------------------------------------------------ scan

    def scan(self, barcode, place="line"):
        """One card found at `place`: it is marked seen. Returns the screen's answer,
        ``{"status": "ok" | "warning" | "error", "message", "seen", "total"}``; refusals
        (unknown barcode, a card out of scope or retired) write nothing."""
        self.ensure_one()
        self._check_auditor()
        self._check_in_progress()
        if place not in dict(AUDIT_PLACES):
            raise UserError(
                self.env._(
                    "Say where the card was found: at the line, in the supermarket or on the train."
                )
            )
        if not isinstance(barcode, str) or len(barcode.strip()) > MAX_BARCODE_LENGTH:
            raise UserError(self.env._("This is not a kanban card barcode: nothing was recorded."))
        barcode = barcode.strip()
        # sudo: auditors read the lines of their audits, the write is this scan's own.
        audit = self.sudo()
        line = audit.line_ids.filtered(lambda line: line.card_id.barcode == barcode)
        if not line:
            return self._scan_answer("error", self._refusal_message(barcode))
        labels = dict(line._fields["place"]._description_selection(self.env))
        if line.seen:
            status = "warning"
            message = self.env._(
                "%(card)s was already seen in this audit (%(before)s); now %(place)s.",
                card=line.card_id.display_name,
                before=labels[line.place].lower(),
                place=labels[place].lower(),
            )
        else:
            status = "ok"
            message = self.env._(
                "%(card)s seen %(place)s.",
                card=line.card_id.display_name,
                place=labels[place].lower(),
            )
        line.write(
            {
                "seen": True,
                "place": place,
                "date_seen": fields.Datetime.now(),
                "seen_by_id": self.env.user.id,
            }
        )
        return self._scan_answer(status, message)

    def _scan_answer(self, status, message):
        audit = self.sudo()
        return {
            "status": status,
            "message": message,
            "seen": audit.seen_count,
            "total": audit.card_count,
        }

    def _refusal_message(self, barcode):
        """Why a barcode that is no card of this audit is refused."""
        _ = self.env._
        if not barcode:
            return _("Empty scan: nothing was read.")
        # sudo: find the card across companies to say why it is refused; nothing is returned.
        card = self.env["logistics.kanban.card"].sudo().search([("barcode", "=", barcode)], limit=1)
        if not card or card.company_id != self.company_id:
            return _(
                "Unknown barcode %(barcode)s: this is not a kanban card here.", barcode=barcode
            )
        if card.state == "retired" or not card.loop_id.active:
            return _(
                "Card %(card)s is retired: take it out of circulation.", card=card.display_name
            )
        return _(
            "Card %(card)s (loop %(loop)s, %(location)s) is not in this audit: put it back.",
            card=card.display_name,
            loop=card.loop_id.code,
            location=card.location_id.display_name,
        )

    # ------------------------------------------------------------------ close

    def action_close(self):
        """End of the scanning: each card is reconciled with its state now and its
        replenishment (seen where it should be, not seen, or seen where it cannot be), with
        the fix to apply."""
        self._check_auditor()
        self._check_in_progress()
        try:
            self._lock_row()
        except LockNotAvailable as error:
            raise UserError(
                self.env._("This audit is being closed by someone else right now.")
            ) from error
        now = fields.Datetime.now()
        for audit in self.sudo():
            audit.line_ids._reconcile()
            audit.write({"state": "closed", "date_closed": now})
        return True

    def action_cancel(self):
        self._check_auditor()
        self._check_in_progress()
        self.sudo().write({"state": "cancelled", "date_closed": fields.Datetime.now()})
        return True

    def action_apply_fixes(self):
        """Apply every fix still to do (managers): each through the card's own action, in
        its own savepoint, so that one that cannot apply (the card moved since) leaves the
        others done and says why on its line."""
        lines = self.line_ids.filtered(lambda line: line.fix_state == "todo")
        lines._apply_fixes(raise_on_error=False)
        failed = lines.filtered(lambda line: line.fix_state == "todo" and line.fix_note)
        if failed:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "message": self.env._(
                        "%(done)s fix(es) applied, %(failed)s not: see the lines.",
                        done=len(lines) - len(failed),
                        failed=len(failed),
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return True

    def action_open_scan_screen(self):
        """The handheld screen, on this audit."""
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "industrial_logistics.kanban_card_audit",
            "target": "fullscreen",
            "params": {"audit_id": self.id},
        }

    @api.model
    def get_screen_data(self, audit_id=False):
        """What the handheld screen shows: the warehouses and kanban locations an audit can
        cover, the audits in progress to resume, and the chosen audit's figures. Operators
        have no Inventory right: this reads them after the group check."""
        self._check_auditor()
        # sudo: names of the company's warehouses and loop locations, nothing else.
        loops = (
            self.env["logistics.kanban.loop"]
            .sudo()
            .search([("company_id", "in", self.env.companies.ids)])
        )
        audits = self.search([("state", "=", "in_progress")], order="date_start desc", limit=20)
        data = {
            "warehouses": [
                {"id": warehouse.id, "name": warehouse.name}
                for warehouse in loops.warehouse_id.sorted("name")
            ],
            "locations": [
                {
                    "id": location.id,
                    "name": location.display_name,
                    "warehouse_id": location.warehouse_id.id,
                }
                for location in loops.location_id.sorted("complete_name")
            ],
            "audits": [audit._screen_summary() for audit in audits],
            "audit": False,
        }
        if audit_id:
            audit = self.browse(audit_id).exists() if isinstance(audit_id, int) else self
            if not audit:
                raise UserError(self.env._("This audit does not exist any more."))
            audit._check_auditor()
            data["audit"] = audit._screen_summary()
        return data

    def _screen_summary(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "scope": self.location_id.display_name or self.warehouse_id.name,
            "state": self.state,
            "seen": self.seen_count,
            "total": self.card_count,
            "not_seen": self.not_seen_count,
            "mismatches": self.mismatch_count,
            "fixes": self.fix_todo_count,
        }
