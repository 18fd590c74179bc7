from odoo import api, fields, models
from odoo.exceptions import UserError

from .logistics_count_policy import ABC_CLASSES

TECHNIQUES = [
    ("reorder_point", "Reorder point"),
    ("periodic_review", "Periodic review"),
    ("kanban", "Kanban"),
    ("double_bin", "Double-bin"),
    ("to_order", "Make / buy to order"),
]
RULE_TECHNIQUES = ("reorder_point", "periodic_review")
LOOP_TECHNIQUES = ("kanban", "double_bin")
APPLIED_TECHNIQUES = RULE_TECHNIQUES + LOOP_TECHNIQUES
LOT_METHODS = [
    ("eoq", "Economic order quantity (Wilson)"),
    ("poq", "Period order quantity"),
    ("lot_for_lot", "Lot-for-lot"),
    ("fixed", "Fixed lot"),
    ("wagner_whitin", "Wagner-Whitin"),
    ("silver_meal", "Silver-Meal"),
]
# The proposed quantities: fixed digits rather than the "Product Unit of Measure" precision,
# which Odoo looks up in its registry cache at each conversion (two a field a line, half the
# time of a 20,000-line compute); 3 decimals cover the finest usual unit precision, and the
# rules the advisor writes round to their own.
QTY_DIGITS = (16, 3)
LEAD_TIME_SOURCES = [
    ("purchase", "Purchase receipts"),
    ("production", "Manufacturing orders"),
    ("transfer", "Internal transfers"),
    ("odoo", "Odoo delays"),
    ("none", "No route"),
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
    recommended_lot_method = fields.Selection(LOT_METHODS)
    lot_method = fields.Selection(
        LOT_METHODS,
        compute="_compute_lot_method",
        store=True,
        readonly=False,
        help="How the lot size is computed: the recommended method unless the planner "
        "chooses another one (recompute to see its figures). Wagner-Whitin and Silver-Meal "
        "plan over the weekly demand of the history, taken as the forecast.",
    )
    fixed_lot_qty = fields.Float(
        "Fixed Lot",
        digits="Product Unit of Measure",
        help="The lot of the fixed-lot method, before rounding to the packaging and the "
        "vendor's minimum.",
    )
    rule_id = fields.Many2one("stock.warehouse.orderpoint", "Current Reorder Rule")
    to_order_route_ids = fields.Many2many(
        "stock.route",
        "logistics_replenishment_line_route_rel",
        "line_id",
        "route_id",
        "Routes Added to Order",
        help="The routes applying this proposal to order added to the product (the MTO "
        "route, and the buy or manufacture route it needed): switching the need back to a "
        "reorder rule or a loop removes them.",
    )
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
    daily_demand = fields.Float(digits=QTY_DIGITS)
    demand_std = fields.Float("Daily Std Dev", digits=QTY_DIGITS)
    lead_time_days = fields.Float("Lead Time (working days)", digits=(16, 2))
    lead_time_std_days = fields.Float("Lead Time Std Dev (working days)", digits=(16, 2))
    lead_time_source = fields.Selection(
        LEAD_TIME_SOURCES,
        help="Where the lead time comes from: measured on the replenishments done in the "
        "window (at least three), else the delays Odoo plans with.",
    )
    lead_time_samples = fields.Integer("Replenishments Measured")
    service_level = fields.Float("Target Service", digits=(16, 4))
    safety_stock = fields.Float(digits=QTY_DIGITS)
    eoq_qty = fields.Float("EOQ", digits=QTY_DIGITS)
    lot_qty = fields.Float("Lot Size", digits=QTY_DIGITS)
    min_qty = fields.Float("Proposed Min", digits=QTY_DIGITS)
    max_qty = fields.Float("Proposed Max", digits=QTY_DIGITS)
    qty_multiple = fields.Float("Multiple", digits=QTY_DIGITS)
    review_days = fields.Integer(
        "Review Period (days)", help="Periodic review: the EOQ in working days of demand."
    )
    order_up_to_qty = fields.Float(
        "Order-up-to Level",
        digits=QTY_DIGITS,
        help="Periodic review: order up to this level every review period.",
    )
    loop_recommended_cards = fields.Integer(
        related="loop_id.recommended_card_count", string="Loop: Sized Cards"
    )
    loop_recommended_qty = fields.Float(
        related="loop_id.recommended_container_qty", string="Loop: Sized Container Qty"
    )
    average_stock = fields.Float("Expected Average Stock", digits=QTY_DIGITS)
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

    @api.depends("recommended_lot_method")
    def _compute_lot_method(self):
        for line in self:
            line.lot_method = line.lot_method or line.recommended_lot_method

    def _planner_choices(self):
        """What the planner changed on this proposal, kept when the advisor recomputes."""
        choices = {}
        if self.technique and self.technique != self.recommended_technique:
            choices["technique"] = self.technique
        if self.lot_method and self.lot_method != self.recommended_lot_method:
            choices["lot_method"] = self.lot_method
        if self.fixed_lot_qty:
            choices["fixed_lot_qty"] = self.fixed_lot_qty
        return choices

    def action_fix_conflict(self):
        """Keep the technique each proposal chose, archive the other replenishment."""
        undecided = self.filtered(lambda line: line.technique not in APPLIED_TECHNIQUES)
        if undecided:
            raise UserError(
                self.env._(
                    "Choose a reorder rule or a loop for %(product)s at %(location)s before "
                    "fixing its conflict.",
                    product=undecided[0].product_id.display_name,
                    location=undecided[0].location_id.display_name,
                )
            )
        conflicts = self.filtered("has_conflict")
        keep_rule = conflicts.filtered(lambda line: line.technique in RULE_TECHNIQUES)
        keep_rule.loop_id.action_archive()
        (conflicts - keep_rule).rule_id.action_archive()
        return True

    def _prepare_orderpoint_vals(self, calendar_ratio=1.0, rules_cache=None):
        """Reorder point: min / max. Periodic review: order up to the level (min = max) on
        review days only, the period in calendar days (`calendar_ratio` calendar days a
        working day), the first review today."""
        rules = self.env["logistics.replenishment.lead.time"]._rules(
            self.product_id, self.location_id, {} if rules_cache is None else rules_cache
        )
        periodic = self.technique == "periodic_review"
        level = self.order_up_to_qty
        return {
            "product_id": self.product_id.id,
            "location_id": self.location_id.id,
            "warehouse_id": self.advisor_id.warehouse_id.id,
            "company_id": self.company_id.id,
            "trigger": "auto",
            "active": True,
            "product_min_qty": level if periodic else self.min_qty,
            "product_max_qty": level if periodic else self.max_qty,
            "qty_multiple": self.qty_multiple,
            "route_id": rules[:1].route_id.id,
            "logistics_review_days": (
                max(1, round(self.review_days * calendar_ratio)) if periodic else 0
            ),
            "logistics_next_review_date": fields.Date.context_today(self) if periodic else False,
        }
