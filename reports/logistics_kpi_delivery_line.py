from odoo import fields, models, tools
from odoo.tools import SQL


class LogisticsKpiDeliveryLine(models.Model):
    """One customer delivery line: a product of a delivery order, backorders included.

    Odoo splits a partly delivered move into a done move and a backorder (or cancelled)
    move; following the backorder chain back to the first delivery order gives the quantity
    ordered, and the quantity shipped by that first order says whether the line was
    delivered in full.
    """

    _name = "logistics.kpi.delivery.line"
    _description = "Logistics KPI Customer Delivery Line"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "stock.picking": [
            "backorder_id",
            "date_deadline",
            "date_done",
            "location_dest_id",
            "picking_type_id",
            "scheduled_date",
            "state",
        ],
        "stock.move": [
            "picking_id",
            "product_id",
            "product_qty",
            "product_uom_qty",
            "quantity",
            "state",
        ],
        "stock.picking.type": ["code", "warehouse_id"],
        "stock.location": ["usage"],
    }

    picking_id = fields.Many2one("stock.picking", string="Delivery Order", readonly=True)
    date = fields.Date(string="Date Done", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    state = fields.Selection([("done", "Delivered"), ("cancel", "Cancelled")], readonly=True)
    ordered_qty = fields.Float(readonly=True, aggregator="sum")
    delivered_qty = fields.Float(
        string="Delivered by the First Order", readonly=True, aggregator="sum"
    )
    in_full = fields.Boolean(string="Delivered in Full", readonly=True)
    on_time = fields.Boolean(readonly=True)
    line_count = fields.Integer(string="Lines", readonly=True, aggregator="sum")
    in_full_count = fields.Integer(string="Lines in Full", readonly=True, aggregator="sum")
    order_done_count = fields.Integer(
        string="Delivery Orders Done", readonly=True, aggregator="sum"
    )
    otif_count = fields.Integer(string="Orders on Time in Full", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                WITH RECURSIVE chain AS (
                    SELECT p.id, p.id AS root_id
                      FROM stock_picking p
                      JOIN stock_picking_type t ON t.id = p.picking_type_id
                      -- to a customer: a return to a vendor is shipped with the same type
                      JOIN stock_location dest ON dest.id = p.location_dest_id
                     WHERE p.backorder_id IS NULL AND t.code = 'outgoing'
                           AND dest.usage = 'customer'
                     UNION ALL
                    SELECT p.id, chain.root_id
                      FROM stock_picking p JOIN chain ON p.backorder_id = chain.id
                ), lines AS (
                    SELECT chain.root_id, m.product_id,
                           sum(m.product_qty) AS ordered_qty,
                           -- what was shipped, in the product's unit: a move validated
                           -- short without backorder keeps the ordered demand
                           sum(CASE WHEN m.picking_id = chain.root_id AND m.state = 'done'
                                    THEN COALESCE(m.quantity * m.product_qty
                                                  / NULLIF(m.product_uom_qty, 0), m.quantity)
                                    ELSE 0 END) AS delivered_qty
                      FROM chain
                      JOIN stock_move m ON m.picking_id = chain.id
                     GROUP BY chain.root_id, m.product_id
                ), ranked AS (
                    SELECT lines.*,
                           row_number() OVER (PARTITION BY root_id ORDER BY product_id) = 1
                               AS first_line,
                           bool_and(delivered_qty >= ordered_qty) OVER (PARTITION BY root_id)
                               AS order_in_full
                      FROM lines
                )
                SELECT row_number() OVER (ORDER BY p.id, l.product_id) AS id,
                       p.id AS picking_id, p.date_done::date AS date, p.company_id,
                       t.warehouse_id, p.partner_id, l.product_id, pt.categ_id, p.state,
                       l.ordered_qty, l.delivered_qty,
                       p.state = 'done' AND l.delivered_qty >= l.ordered_qty AS in_full,
                       p.state = 'done'
                           AND p.date_done <= COALESCE(p.date_deadline, p.scheduled_date)
                           AS on_time,
                       1 AS line_count,
                       CASE WHEN p.state = 'done' AND l.delivered_qty >= l.ordered_qty
                            THEN 1 ELSE 0 END AS in_full_count,
                       -- order-level counts carried by the order's first line only
                       CASE WHEN p.state = 'done' AND first_line THEN 1 ELSE 0 END
                           AS order_done_count,
                       CASE WHEN p.state = 'done' AND first_line
                                 AND p.date_done <= COALESCE(p.date_deadline, p.scheduled_date)
                                 AND order_in_full
                            THEN 1 ELSE 0 END AS otif_count
                  FROM ranked l
                  JOIN stock_picking p ON p.id = l.root_id
                  JOIN stock_picking_type t ON t.id = p.picking_type_id
                  JOIN product_product pp ON pp.id = l.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE p.state IN ('done', 'cancel')
            )
            """,
                SQL.identifier(self._table),
            )
        )
