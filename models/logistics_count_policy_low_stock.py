from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class LogisticsCountPolicy(models.Model):
    """When a pick leaves a location low enough for the picker to confirm what is left (the
    opportunistic count, logistics_count_task_opportunistic.py): at zero, or at or under a
    threshold per ABC class."""

    _inherit = "logistics.count.policy"

    low_stock_basis = fields.Selection(
        [("quantity", "Quantity left"), ("share", "Share of what was there")],
        "Low-stock threshold in",
        default="quantity",
        required=True,
        help="Quantity left: ask when the location holds this quantity or less after the pick. "
        "Share of what was there: ask when what is left is this share (%) or less of what the "
        "location held before the pick.",
    )
    low_stock_threshold_a = fields.Float(
        "Low-stock threshold (A)", default=0.0, help="0: ask only when the location is empty."
    )
    low_stock_threshold_b = fields.Float(
        "Low-stock threshold (B)", default=0.0, help="0: ask only when the location is empty."
    )
    low_stock_threshold_c = fields.Float(
        "Low-stock threshold (C)", default=0.0, help="0: ask only when the location is empty."
    )

    @api.constrains(
        "low_stock_basis", "low_stock_threshold_a", "low_stock_threshold_b",
        "low_stock_threshold_c",
    )  # fmt: skip
    def _check_low_stock_thresholds(self):
        for policy in self:
            thresholds = (
                policy.low_stock_threshold_a,
                policy.low_stock_threshold_b,
                policy.low_stock_threshold_c,
            )
            if min(thresholds) < 0:
                raise ValidationError(self.env._("A low-stock threshold cannot be negative."))
            if policy.low_stock_basis == "share" and max(thresholds) > 100:
                raise ValidationError(
                    self.env._("A low-stock threshold as a share is between 0 and 100 %.")
                )

    def _is_low_stock(self, abc_class, left, before, rounding):
        """Whether `left` (after the pick; `before` it) calls for a confirmation. Without a
        policy (an empty recordset), only an empty (or negative) location does."""
        if float_compare(left, 0.0, precision_rounding=rounding) <= 0:
            return True
        if not self:
            return False
        self.ensure_one()
        threshold = self[f"low_stock_threshold_{(abc_class or 'C').lower()}"]
        if self.low_stock_basis == "share":
            threshold = before * threshold / 100.0
        return float_compare(left, threshold, precision_rounding=rounding) <= 0
