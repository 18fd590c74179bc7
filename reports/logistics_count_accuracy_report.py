from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.logistics_count_policy import ABC_CLASSES


class LogisticsCountAccuracyReport(models.Model):
    """Inventory record accuracy: one row per product counted at a first count (recounts are
    corrections, not records of accuracy)."""

    _name = "logistics.count.accuracy.report"
    _description = "Inventory Record Accuracy"
    _auto = False
    _order = "date desc"
    _depends = {
        "logistics.count.line": [
            "task_id", "company_id", "location_id", "abc_class", "product_id", "theoretical_qty",
            "counted_qty", "is_counted", "difference_qty", "difference_value", "within_tolerance",
            "counter_id", "date_counted",
        ],
        "logistics.count.task": ["plan_id", "warehouse_id", "is_recount", "state"],
    }  # fmt: skip

    date = fields.Datetime("Counted on", readonly=True)
    task_id = fields.Many2one("logistics.count.task", readonly=True)
    plan_id = fields.Many2one("logistics.count.plan", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    location_id = fields.Many2one("stock.location", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    abc_class = fields.Selection(ABC_CLASSES, "Class", readonly=True)
    counter_id = fields.Many2one("res.users", "Storekeeper", readonly=True)
    theoretical_qty = fields.Float("Theoretical quantity", readonly=True)
    counted_qty = fields.Float("Counted quantity", readonly=True)
    difference_qty = fields.Float("Difference", readonly=True)
    absolute_theoretical_qty = fields.Float("|Theoretical|", readonly=True)
    absolute_difference_qty = fields.Float("|Difference|", readonly=True)
    difference_value = fields.Float("Value of differences", readonly=True)
    absolute_difference_value = fields.Float("Absolute value of differences", readonly=True)
    within_tolerance = fields.Boolean(readonly=True)
    hit_rate = fields.Float(
        "Hit rate (%)", readonly=True, aggregator="avg",
        help="APICS inventory record accuracy: share of lines within their class tolerance.",
    )  # fmt: skip
    quantity_accuracy = fields.Float(
        "Quantity-weighted accuracy (%)", readonly=True, aggregator="sum",
        help="100 x (sum |theoretical| - sum |difference|) / sum |theoretical| over the group.",
    )  # fmt: skip

    def _read_group_select(self, aggregate_spec, query):
        """A ratio of sums, not a sum of ratios, whatever the grouping."""
        if aggregate_spec.startswith("quantity_accuracy:"):
            theoretical = self._read_group_select("absolute_theoretical_qty:sum", query)
            difference = self._read_group_select("absolute_difference_qty:sum", query)
            return SQL(
                "COALESCE(100.0 * (%s - %s) / NULLIF(%s, 0), 100.0)",
                theoretical,
                difference,
                theoretical,
            )
        return super()._read_group_select(aggregate_spec, query)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT l.id,
                       l.date_counted AS date,
                       l.task_id,
                       t.plan_id,
                       t.warehouse_id,
                       l.company_id,
                       l.location_id,
                       l.product_id,
                       l.abc_class,
                       l.counter_id,
                       l.theoretical_qty,
                       l.counted_qty,
                       l.difference_qty,
                       ABS(l.theoretical_qty) AS absolute_theoretical_qty,
                       ABS(l.difference_qty) AS absolute_difference_qty,
                       l.difference_value,
                       ABS(l.difference_value) AS absolute_difference_value,
                       l.within_tolerance,
                       CASE WHEN l.within_tolerance THEN 100.0 ELSE 0.0 END AS hit_rate,
                       CASE WHEN l.theoretical_qty = 0
                            THEN CASE WHEN l.difference_qty = 0 THEN 100.0 ELSE 0.0 END
                            ELSE 100.0 * (ABS(l.theoretical_qty) - ABS(l.difference_qty))
                                 / ABS(l.theoretical_qty)
                       END AS quantity_accuracy
                  FROM logistics_count_line l
                  JOIN logistics_count_task t ON t.id = l.task_id
                 WHERE l.is_counted
                   AND t.is_recount IS NOT TRUE
                   AND t.state IN ('counted', 'recount', 'done')
            )
            """,
                SQL.identifier(self._table),
            )
        )
