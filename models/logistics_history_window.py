from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The history a proposal is computed from, by default: the last 13 weeks (a quarter) up to
# yesterday (today's consumption is not over yet).
HISTORY_WEEKS = 13


class LogisticsHistoryWindow(models.AbstractModel):
    """The window of done history a proposal is computed from, with the same defaults for
    every screen that sizes from consumption (the kanban sizing, the replenishment advisor)."""

    _name = "logistics.history.window"
    _description = "Logistics History Window"

    date_from = fields.Date(
        "History From",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(weeks=HISTORY_WEEKS),
    )
    date_to = fields.Date(
        "History To",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=1),
    )

    @api.constrains("date_from", "date_to")
    def _check_history_window(self):
        for record in self:
            if record.date_from > record.date_to:
                raise ValidationError(self.env._("The history must start before it ends."))

    def _history_calendar_days(self):
        """Calendar days of the window, both ends included."""
        self.ensure_one()
        return (self.date_to - self.date_from).days + 1
