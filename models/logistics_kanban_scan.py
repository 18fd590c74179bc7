from odoo import api, fields, models
from odoo.exceptions import AccessError

from .logistics_kanban_card import CARD_STATES


class LogisticsKanbanScan(models.Model):
    """One row per scan attempt, refused ones included: who, when, from where, what
    was read and what the operator was told. The ok scans also carry the card's cycle
    (time since its previous scan) and, once the container is back, the measured
    scan-to-receipt lead time."""

    _name = "logistics.kanban.scan"
    _description = "Kanban Card Scan"
    _order = "date desc, id desc"
    _rec_name = "barcode"
    _check_company_auto = True

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", "Scanned by", required=True, default=lambda self: self.env.user, readonly=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    source = fields.Char(
        "Scanned from", readonly=True, help="Scan screen, handheld or integration."
    )
    barcode = fields.Char(readonly=True)
    card_id = fields.Many2one(
        "logistics.kanban.card", readonly=True, index=True, ondelete="set null", check_company=True
    )
    loop_id = fields.Many2one(
        "logistics.kanban.loop", readonly=True, index=True, ondelete="set null", check_company=True
    )
    product_id = fields.Many2one(related="loop_id.product_id")
    status = fields.Selection(
        [("ok", "OK"), ("warning", "Warning"), ("error", "Refused")], required=True, readonly=True
    )
    message = fields.Char(readonly=True)
    state_before = fields.Selection(CARD_STATES, "Card State Before", readonly=True)
    state_after = fields.Selection(CARD_STATES, "Card State After", readonly=True)
    cycle_days = fields.Float(
        "Cycle (days)", readonly=True, digits=(16, 3), help="Time since the card's previous scan."
    )
    date_received = fields.Datetime(
        "Received", readonly=True, help="When the replenishment this scan triggered arrived."
    )
    lead_time_days = fields.Float(
        "Lead Time (days)",
        readonly=True,
        digits=(16, 3),
        aggregator="avg",  # a sum of lead times means nothing in the KPI graph and pivot
        help="From this scan to the receipt.",
    )

    def write(self, vals):
        """An audit trail: only the scan code itself (as superuser, after its checks) closes
        a cycle with its receipt; nobody edits a row through the ORM, managers included."""
        if not self.env.su:
            raise AccessError(self._audit_trail_message())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_audit_trail(self):
        if not self.env.su:
            raise AccessError(self._audit_trail_message())

    def _audit_trail_message(self):
        return self.env._(
            "The scan log is an audit trail: its rows cannot be changed or deleted. Archive "
            "the loop or retire the card instead."
        )

    @api.model
    def _record_receipts(self, cards, when):
        """Close the open cycle (latest ok scan) of each card with its receipt time."""
        scans = self.sudo().search(
            [("card_id", "in", cards.ids), ("status", "=", "ok"), ("date_received", "=", False)],
            order="date desc, id desc",
        )
        latest = {}
        for scan in scans:
            latest.setdefault(scan.card_id, scan)
        for scan in latest.values():
            scan.write(
                {
                    "date_received": when,
                    "lead_time_days": (when - scan.date).total_seconds() / 86400,
                }
            )
