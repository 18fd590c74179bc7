from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

# How far ahead a vendor may announce a shipment: beyond it, a typo.
MAX_SHIP_DAYS_AHEAD = 365


class LogisticsKanbanCard(models.Model):
    """Supplier e-kanban: the vendor's contacts see in the portal the cards of buy loops under
    way on their confirmed orders (record rule on vendor_id), confirm the ship date of each,
    and print the card labels for their containers."""

    _inherit = "logistics.kanban.card"

    def _portal_open_domain(self):
        """The cards a vendor has to ship: on their way on a confirmed order. The record rule
        keeps a portal user to their own company's cards."""
        return [("state", "=", "replenishing"), ("vendor_line_id", "!=", False)]

    def _check_portal_vendor(self):
        """A portal user who may read these cards (the record rule: their company is the
        vendor), each still to ship."""
        if not self.env.user._is_portal():
            raise AccessError(self.env._("Only the vendor's contacts confirm in the portal."))
        self.check_access("read")
        for card in self:
            # sudo: the card was checked readable above; its order line is the vendor's own.
            line = card.sudo().vendor_line_id
            if card.state != "replenishing" or not line or line.qty_received >= line.product_qty:
                raise UserError(
                    self.env._(
                        "Card %(card)s has nothing left to ship: it cannot be confirmed.",
                        card=card.barcode,
                    )
                )

    def action_portal_confirm_ship_date(self, ship_date):
        """The vendor's confirmation of when the card's container ships, shown on the card
        and on the purchase order."""
        self.ensure_one()
        self._check_portal_vendor()
        try:
            date = fields.Date.to_date(ship_date) if ship_date else None
        except (TypeError, ValueError):
            date = None
        today = fields.Date.context_today(self)
        if not date:
            raise UserError(self.env._("Give the ship date as a date (YYYY-MM-DD)."))
        if not today <= date <= today + timedelta(days=MAX_SHIP_DAYS_AHEAD):
            raise UserError(
                self.env._(
                    "The ship date must be between today and %(days)s days ahead.",
                    days=MAX_SHIP_DAYS_AHEAD,
                )
            )
        # sudo: portal users cannot write purchase order lines; the vendor, the card and the
        # date were checked above, and only the confirmation fields are written.
        line = self.sudo().vendor_line_id
        line.write(
            {
                "kanban_ship_date": date,
                "kanban_ship_confirmed_on": fields.Datetime.now(),
                "kanban_ship_confirmed_by_id": self.env.user.id,
            }
        )
        line.order_id.message_post(
            body=self.env._(
                "%(vendor)s confirms that kanban card %(card)s ships on %(date)s.",
                vendor=self.env.user.name,
                card=self.barcode,
                date=fields.Date.to_string(date),
            ),
            author_id=self.env.user.partner_id.id,
        )
        return True
