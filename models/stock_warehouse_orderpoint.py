import logging
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)


class StockWarehouseOrderpoint(models.Model):
    """Reorder rules, checked against kanban loops (one replenishment per need), and the
    periodic review Odoo's community edition lacks: a rule with a review period orders only
    on its review days, up to its maximum, through its own procurement."""

    _inherit = "stock.warehouse.orderpoint"

    logistics_review_days = fields.Integer(
        "Review Period (days)",
        default=0,
        help="Periodic review: every this many calendar days the rule orders up to its "
        "maximum, and never in between. 0: continuous review (Odoo's reorder point).",
    )
    logistics_next_review_date = fields.Date(
        "Next Review",
        help="The day the periodic review orders next (the scheduled action runs daily).",
    )

    @api.constrains("logistics_review_days", "logistics_next_review_date")
    def _check_logistics_review(self):
        for rule in self:
            if rule.logistics_review_days < 0:
                raise ValidationError(
                    self.env._(
                        "The review period of %(rule)s cannot be negative.",
                        rule=rule.display_name,
                    )
                )
            if rule.logistics_review_days and not rule.logistics_next_review_date:
                raise ValidationError(
                    self.env._(
                        "Reorder rule %(rule)s is reviewed periodically: give its next "
                        "review date.",
                        rule=rule.display_name,
                    )
                )

    @api.model
    def _cron_periodic_review(self):
        """Scheduled action: the periodic rules due today order up to their level, company by
        company, each in its savepoint so that one failure is logged and the others order."""
        today = fields.Date.context_today(self)
        due = self.search(
            [
                ("logistics_review_days", ">", 0),
                ("logistics_next_review_date", "<=", today),
                ("trigger", "=", "auto"),
            ]
        )
        for company in due.company_id:
            rules = due.filtered(lambda rule, company=company: rule.company_id == company)
            try:
                with self.env.cr.savepoint():
                    rules._action_periodic_review(today)
            except Exception:
                _logger.exception("Periodic review of company %s: no order placed", company.id)

    def _action_periodic_review(self, today):
        """Order what Odoo's procurement computes for these rules (up to the maximum, rounded
        to the multiple, route and vendor of the rule), then move each next review on by
        whole periods past today: a review missed while the server was down is not doubled."""
        company = self.company_id
        self.with_company(company)._procure_orderpoint_confirm(
            company_id=company, raise_user_error=False
        )
        by_date = defaultdict(lambda: self.browse())
        for rule in self:
            periods = (today - rule.logistics_next_review_date).days // rule.logistics_review_days
            step = timedelta(days=(periods + 1) * rule.logistics_review_days)
            by_date[rule.logistics_next_review_date + step] |= rule
        for next_date, rules in by_date.items():
            rules.logistics_next_review_date = next_date

    def _replenishment_conflicts(self):
        """Pairs (rule, loop) of these automatic active rules that share their product
        and exact location with an active kanban loop, in one search.

        Only `trigger='auto'` rules count: the manual ones Odoo's replenishment report
        creates order nothing by themselves (a user clicks "Order"), so they are no
        second replenishment, and refusing them would break that report. A parent or
        child location does not count either: a loop that feeds a line-side location
        from the supermarket and a rule that refills the supermarket (or the whole
        stock) are two echelons of one chain, not two replenishments of one need."""
        rules = self.filtered(lambda rule: rule.active and rule.trigger == "auto")
        if not rules:
            return []
        # sudo: a read-only check that must see every loop, whatever the writer may read.
        loops = (
            self.env["logistics.kanban.loop"]
            .sudo()
            .search(
                [
                    ("product_id", "in", rules.product_id.ids),
                    ("location_id", "in", rules.location_id.ids),
                ]
            )
        )
        loop_by_need = {(loop.product_id.id, loop.location_id.id): loop for loop in loops}
        return [
            (rule, loop_by_need[rule.product_id.id, rule.location_id.id])
            for rule in rules
            if (rule.product_id.id, rule.location_id.id) in loop_by_need
        ]

    @api.constrains("product_id", "location_id", "active", "trigger")
    def _check_no_kanban_loop_on_same_need(self):
        conflicts = self._replenishment_conflicts()
        if conflicts:
            rule, loop = conflicts[0]
            raise ValidationError(rule._conflict_message(loop))

    def _conflict_message(self, loop):
        """The sentence shown by both constraints for this rule and `loop`."""
        return self.env._(
            "Reorder rule %(rule)s and kanban loop %(loop)s would both replenish "
            "%(product)s at %(location)s: archive one of them first (one replenishment "
            "per need).",
            rule=self.display_name,
            loop=loop.code,
            product=self.product_id.display_name,
            location=self.location_id.display_name,
        )
