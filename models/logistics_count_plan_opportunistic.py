from collections import defaultdict

from odoo import fields, models


class LogisticsCountPlan(models.Model):
    """What the plan's period got from opportunistic counts (a picker confirming a location
    left empty or low): the confirmations, and the planned counts they made unnecessary."""

    _inherit = "logistics.count.plan"

    opportunistic_count = fields.Integer(
        "Counted at zero / low stock",
        compute="_compute_opportunistic_counts",
        help="Locations of the warehouse confirmed by a picker in the plan's period.",
    )
    credited_task_count = fields.Integer(
        "Planned counts replaced",
        compute="_compute_opportunistic_counts",
        help="Planned counts cancelled because the location was confirmed at zero or low stock.",
    )

    def _opportunistic_domain(self):
        self.ensure_one()
        return [
            ("is_opportunistic", "=", True),
            ("warehouse_id", "=", self.warehouse_id.id),
            ("date_planned", ">=", self.date_from),
            ("date_planned", "<=", self.date_to),
            ("state", "!=", "cancelled"),
        ]

    def _compute_opportunistic_counts(self):
        Task = self.env["logistics.count.task"]
        credited = defaultdict(int)
        for plan, count in Task._read_group(
            [("plan_id", "in", self.ids), ("credited_by_id", "!=", False)],
            ["plan_id"],
            ["__count"],
        ):
            credited[plan] += count
        for plan in self:
            plan.opportunistic_count = (
                Task.search_count(plan._opportunistic_domain()) if plan.warehouse_id else 0
            )
            plan.credited_task_count = credited[plan]

    def action_view_opportunistic_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "industrial_logistics.logistics_count_task_action"
        )
        action["domain"] = self._opportunistic_domain()
        action["context"] = {}
        return action
