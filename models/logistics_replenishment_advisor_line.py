from odoo import api, fields, models

from .logistics_count_policy import ABC_CLASSES

TECHNIQUES = [
    ("reorder_point", "Reorder point"),
    ("periodic_review", "Periodic review"),
    ("kanban", "Kanban"),
    ("double_bin", "Double-bin"),
    ("to_order", "Make / buy to order"),
]


class LogisticsReplenishmentAdvisorLine(models.Model):
    """One product at one location: its segment, the recommended technique (overridable),
    what is in place and the proposed reorder-point parameters with their figures."""

    _name = "logistics.replenishment.advisor.line"
    _description = "Replenishment Policy Proposal"
    _order = "advisor_id, product_id, location_id"

    advisor_id = fields.Many2one(
        "logistics.replenishment.advisor", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="advisor_id.company_id", store=True)
    product_id = fields.Many2one("product.product", required=True, ondelete="cascade")
    location_id = fields.Many2one("stock.location", required=True, ondelete="cascade")
    abc_class = fields.Selection(ABC_CLASSES, "ABC")
    xyz_class = fields.Selection([("X", "X"), ("Y", "Y"), ("Z", "Z")], "XYZ")
    pattern = fields.Selection(
        [
            ("smooth", "Smooth"),
            ("erratic", "Erratic"),
            ("intermittent", "Intermittent"),
            ("lumpy", "Lumpy"),
            ("no_demand", "No demand"),
        ],
        "Demand Pattern",
    )
    recommended_technique = fields.Selection(TECHNIQUES, "Recommended")
    technique = fields.Selection(
        TECHNIQUES,
        compute="_compute_technique",
        store=True,
        readonly=False,
        help="The recommended technique unless the planner chooses another one.",
    )
    rule_id = fields.Many2one("stock.warehouse.orderpoint", "Current Reorder Rule")
    loop_id = fields.Many2one("logistics.kanban.loop", "Current Loop")
    has_conflict = fields.Boolean(
        "Two Replenishments",
        compute="_compute_has_conflict",
        help="An automatic reorder rule and a kanban loop both replenish this need (data "
        "older than the constraint): applying keeps only the chosen technique.",
    )
    current_min_qty = fields.Float(related="rule_id.product_min_qty", string="Current Min")
    current_max_qty = fields.Float(related="rule_id.product_max_qty", string="Current Max")
    history_days = fields.Integer("Working Days")
    demand_days = fields.Integer("Days with Demand")
    daily_demand = fields.Float(digits="Product Unit of Measure")
    demand_std = fields.Float("Daily Std Dev", digits="Product Unit of Measure")
    lead_time_days = fields.Float("Lead Time (working days)", digits=(16, 2))
    service_level = fields.Float("Target Service", digits=(16, 4))
    safety_stock = fields.Float(digits="Product Unit of Measure")
    eoq_qty = fields.Float("EOQ", digits="Product Unit of Measure")
    lot_qty = fields.Float("Lot Size", digits="Product Unit of Measure")
    min_qty = fields.Float("Proposed Min", digits="Product Unit of Measure")
    max_qty = fields.Float("Proposed Max", digits="Product Unit of Measure")
    qty_multiple = fields.Float("Multiple", digits="Product Unit of Measure")
    review_days = fields.Integer(
        "Review Period (days)", help="Periodic review: the EOQ in working days of demand."
    )
    order_up_to_qty = fields.Float(
        "Order-up-to Level",
        digits="Product Unit of Measure",
        help="Periodic review: order up to this level every review period.",
    )
    loop_recommended_cards = fields.Integer(
        related="loop_id.recommended_card_count", string="Loop: Sized Cards"
    )
    loop_recommended_qty = fields.Float(
        related="loop_id.recommended_container_qty", string="Loop: Sized Container Qty"
    )
    average_stock = fields.Float("Expected Average Stock", digits="Product Unit of Measure")
    holding_cost = fields.Float("Holding Cost a Year")
    orders_per_year = fields.Float("Orders a Year", digits=(16, 2))
    expected_service_level = fields.Float("Expected Service", digits=(16, 4))
    current_stockout_days = fields.Integer("Stockout Days (current)")
    current_average_stock = fields.Float("Average Stock (current)", digits=(16, 2))
    proposed_stockout_days = fields.Integer("Stockout Days (proposed)")
    proposed_average_stock = fields.Float("Average Stock (proposed)", digits=(16, 2))

    @api.depends("rule_id.trigger", "rule_id.active", "loop_id.active")
    def _compute_has_conflict(self):
        for line in self:
            line.has_conflict = bool(
                line.rule_id.active and line.rule_id.trigger == "auto" and line.loop_id.active
            )

    @api.depends("recommended_technique")
    def _compute_technique(self):
        for line in self:
            line.technique = line.technique or line.recommended_technique

    def _prepare_orderpoint_vals(self):
        rules = self.product_id._get_rules_from_location(self.location_id)
        return {
            "product_id": self.product_id.id,
            "location_id": self.location_id.id,
            "warehouse_id": self.advisor_id.warehouse_id.id,
            "company_id": self.company_id.id,
            "trigger": "auto",
            "active": True,
            "product_min_qty": self.min_qty,
            "product_max_qty": self.max_qty,
            "qty_multiple": self.qty_multiple,
            "route_id": rules[:1].route_id.id,
        }
