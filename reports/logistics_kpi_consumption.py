from odoo import fields, models, tools
from odoo.tools import SQL


class LogisticsKpiConsumption(models.Model):
    """Done moves of storable products leaving stock to customers, production or scrap, at cost.

    The addon's one definition of consumption: the numerator of turnover, the demand of coverage
    and of the stockout rate, the value (or picks) of the ABC classes
    (logistics.count.policy._consumption_by_product) and the daily demand of the kanban sizing
    (logistics.kanban.sizing._consumption_by_loop, in quantities). One row per move, so a figure
    drills down to the moves behind it. Valuation: ``value`` is the move's cost as its stock
    valuation layers booked it (standard cost when the move was done, or the FIFO / average cost
    of what left), never today's standard price.
    """

    _name = "logistics.kpi.consumption"
    _description = "Logistics KPI Consumption"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "stock.move": [
            "company_id",
            "date",
            "location_dest_id",
            "location_id",
            "product_id",
            "product_qty",
            "state",
            "reference",
        ],
        "stock.location": ["usage", "scrap_location", "warehouse_id"],
        "stock.valuation.layer": ["stock_move_id", "value"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id", "is_storable"],
    }

    move_id = fields.Many2one("stock.move", readonly=True)
    reference = fields.Char(readonly=True)
    date = fields.Date(readonly=True)
    date_done = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    location_id = fields.Many2one("stock.location", string="From", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    destination = fields.Selection(
        [("customer", "Customer"), ("production", "Production"), ("scrap", "Scrap")],
        readonly=True,
    )
    quantity = fields.Float(readonly=True, aggregator="sum")
    value = fields.Float(string="Value at Cost", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT m.id, m.id AS move_id, m.reference, m.date::date AS date,
                       m.date AS date_done, m.company_id,
                       src.warehouse_id, m.location_id, m.product_id, pt.categ_id,
                       CASE WHEN dest.scrap_location THEN 'scrap' ELSE dest.usage END
                           AS destination,
                       m.product_qty AS quantity,
                       -(SELECT COALESCE(sum(l.value), 0) FROM stock_valuation_layer l
                          WHERE l.stock_move_id = m.id) AS value
                  FROM stock_move m
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dest ON dest.id = m.location_dest_id
                  JOIN product_product pp ON pp.id = m.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE m.state = 'done' AND pt.is_storable
                   AND src.usage = 'internal'
                   AND (dest.usage IN ('customer', 'production') OR dest.scrap_location)
            )
            """,
                SQL.identifier(self._table),
            )
        )
