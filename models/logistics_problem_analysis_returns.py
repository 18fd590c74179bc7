from datetime import timedelta

from odoo import api, fields, models


class LogisticsProblemAnalysis(models.Model):
    """The effect of an analysis about a return reason, measured as the returns KPI does: the
    quantity customers returned for that reason over the quantity delivered to customers, in
    the `effect_days` before and after `date_fixed` (the generic measure counts records)."""

    _inherit = "logistics.problem.analysis"

    reason_rate_shown = fields.Boolean(compute="_compute_reason_return_rate")
    reason_qty_returned_before = fields.Float(
        "Returned for the Reason Before",
        digits="Product Unit of Measure",
        compute="_compute_reason_return_rate",
    )
    reason_qty_delivered_before = fields.Float(
        "Delivered Before", digits="Product Unit of Measure", compute="_compute_reason_return_rate"
    )
    reason_return_rate_before = fields.Float(
        "Return Rate Before (%)", compute="_compute_reason_return_rate"
    )
    reason_qty_returned_after = fields.Float(
        "Returned for the Reason After",
        digits="Product Unit of Measure",
        compute="_compute_reason_return_rate",
    )
    reason_qty_delivered_after = fields.Float(
        "Delivered After", digits="Product Unit of Measure", compute="_compute_reason_return_rate"
    )
    reason_return_rate_after = fields.Float(
        "Return Rate After (%)", compute="_compute_reason_return_rate"
    )

    @api.depends("subject_ref", "date_fixed", "effect_days", "company_id")
    def _compute_reason_return_rate(self):
        Family = self.env["logistics.kpi.family.returns"]
        for analysis in self:
            figures = analysis._reason_return_figures()
            analysis.reason_rate_shown = bool(figures)
            for moment, (returned, delivered) in zip(
                ("before", "after"), figures or [(0, 0)] * 2, strict=True
            ):
                analysis[f"reason_qty_returned_{moment}"] = returned
                analysis[f"reason_qty_delivered_{moment}"] = delivered
                analysis[f"reason_return_rate_{moment}"] = (
                    Family._ratio(returned, delivered, 100) or 0.0
                )

    def _reason_return_figures(self):
        """[(returned, delivered) before the fix, the same after it], or None when the analysis
        is not about a reason, has no date yet, or the user may not read returns and moves."""
        self.ensure_one()
        reason = self.subject_ref
        Inspection = self.env["logistics.return.inspection"]
        Move = self.env["stock.move"]
        if (
            not reason
            or reason._name != "logistics.return.reason"
            or not self.date_fixed
            or not (Inspection.has_access("read") and Move.has_access("read"))
        ):
            return None
        fix = fields.Datetime.to_datetime(self.date_fixed)
        span = timedelta(days=self.effect_days)
        figures = []
        for start, stop in ((fix - span, fix), (fix, fix + span)):
            [(returned,)] = Inspection._read_group(
                [
                    ("reason_id", "=", reason.id),
                    ("returned_by", "=", "customer"),
                    ("company_id", "=", self.company_id.id),
                    ("date_received", ">=", start),
                    ("date_received", "<", stop),
                ],
                [],
                ["quantity:sum"],
            )
            [(delivered,)] = Move._read_group(
                self.env["logistics.kpi.family.returns"]._delivery_domain(start, stop)
                + [("company_id", "=", self.company_id.id)],
                [],
                ["product_qty:sum"],
            )
            figures.append((returned or 0.0, delivered or 0.0))
        return figures
