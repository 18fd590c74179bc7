from odoo import fields, models


class LogisticsKpiStockDaily(models.Model):
    """The daily snapshots summed per product category: what the dashboard reads by default.

    20,000 products make 1.8 million snapshot rows over 90 days; their sums per category and
    day are a few thousand rows, so the headline figures stay fast. Filled by the same
    rebuild as the snapshots (`logistics.kpi.stock.snapshot._rebuild`).
    """

    _name = "logistics.kpi.stock.daily"
    _description = "Logistics KPI Daily Stock by Category"
    _order = "date desc, categ_id"
    _log_access = False

    date = fields.Date(required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    quantity = fields.Float(readonly=True, aggregator="sum")
    value = fields.Monetary(readonly=True, aggregator="sum", currency_field="currency_id")
    consumed_qty = fields.Float(string="Quantity Consumed", readonly=True, aggregator="sum")
    consumed_value = fields.Monetary(
        string="Value Consumed", readonly=True, aggregator="sum", currency_field="currency_id"
    )
    is_week_end = fields.Boolean(readonly=True)
    is_month_end = fields.Boolean(readonly=True)
