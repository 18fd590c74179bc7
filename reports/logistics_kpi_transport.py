from odoo import fields, models, tools
from odoo.tools import SQL


class LogisticsKpiTransport(models.Model):
    """One shipment done: an outgoing or incoming transfer with a carrier or a transport cost.

    Its cost is what the carrier charged when known (typed or from its bill), else the
    carrier's estimate; the value shipped is the stock valuation of its moves (what the goods
    carried are worth at cost).
    """

    _name = "logistics.kpi.transport"
    _description = "Logistics KPI Shipment Transport"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "stock.picking": [
            "carrier_id",
            "company_id",
            "date_deadline",
            "date_done",
            "partner_id",
            "picking_type_id",
            "scheduled_date",
            "state",
            "transport_bill_line_id",
            "transport_cost_actual",
            "transport_cost_estimated",
            "transport_mode",
            "transport_weight",
        ],
        "stock.move": ["picking_id"],
        "stock.valuation.layer": ["stock_move_id", "value"],
        "stock.picking.type": ["code", "warehouse_id"],
    }

    picking_id = fields.Many2one("stock.picking", string="Shipment", readonly=True)
    date = fields.Date(string="Date Done", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", readonly=True)
    transport_mode = fields.Selection(
        [("road", "Road"), ("rail", "Rail"), ("sea", "Sea"), ("air", "Air"), ("river", "River")],
        readonly=True,
    )
    direction = fields.Selection(
        [("outgoing", "Outgoing"), ("incoming", "Incoming")], readonly=True
    )
    weight = fields.Float(string="Weight (kg)", readonly=True, aggregator="sum")
    value = fields.Float(string="Value Shipped", readonly=True, aggregator="sum")
    cost = fields.Float(string="Transport Cost", readonly=True, aggregator="sum")
    cost_estimated = fields.Float(string="Estimated Cost", readonly=True, aggregator="sum")
    cost_actual = fields.Float(string="Actual Cost", readonly=True, aggregator="sum")
    has_actual = fields.Boolean(string="Actual Cost Known", readonly=True)
    compared_estimate = fields.Float(
        string="Estimate of Shipments Billed",
        readonly=True,
        aggregator="sum",
        help="The estimate of the shipments whose actual cost is known and estimated.",
    )
    compared_actual = fields.Float(
        string="Actual of Shipments Estimated", readonly=True, aggregator="sum"
    )
    shipment_count = fields.Integer(string="Shipments", readonly=True, aggregator="sum")
    deadline_count = fields.Integer(string="Outgoing Shipments", readonly=True, aggregator="sum")
    on_time_count = fields.Integer(string="Delivered on Time", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                WITH valued AS (
                    SELECT m.picking_id, abs(sum(svl.value)) AS value
                      FROM stock_valuation_layer svl
                      JOIN stock_move m ON m.id = svl.stock_move_id
                     WHERE m.picking_id IS NOT NULL
                     GROUP BY m.picking_id
                ), shipments AS (
                    SELECT p.*, t.code AS direction, t.warehouse_id,
                           p.transport_bill_line_id IS NOT NULL
                               OR COALESCE(p.transport_cost_actual, 0) > 0 AS has_actual
                      FROM stock_picking p
                      JOIN stock_picking_type t ON t.id = p.picking_type_id
                     WHERE p.state = 'done' AND t.code IN ('outgoing', 'incoming')
                       AND (p.carrier_id IS NOT NULL
                            OR COALESCE(p.transport_cost_actual, 0) > 0
                            OR p.transport_bill_line_id IS NOT NULL)
                )
                SELECT s.id, s.id AS picking_id, s.date_done::date AS date, s.company_id,
                       s.warehouse_id, s.partner_id, s.carrier_id, s.transport_mode,
                       s.direction, COALESCE(s.transport_weight, 0) AS weight,
                       COALESCE(v.value, 0) AS value,
                       CASE WHEN s.has_actual THEN COALESCE(s.transport_cost_actual, 0)
                            ELSE COALESCE(s.transport_cost_estimated, 0) END AS cost,
                       COALESCE(s.transport_cost_estimated, 0) AS cost_estimated,
                       CASE WHEN s.has_actual THEN COALESCE(s.transport_cost_actual, 0)
                            ELSE 0 END AS cost_actual,
                       s.has_actual,
                       CASE WHEN s.has_actual AND s.transport_cost_estimated > 0
                            THEN s.transport_cost_estimated ELSE 0 END AS compared_estimate,
                       CASE WHEN s.has_actual AND s.transport_cost_estimated > 0
                            THEN COALESCE(s.transport_cost_actual, 0) ELSE 0 END
                           AS compared_actual,
                       1 AS shipment_count,
                       CASE WHEN s.direction = 'outgoing' THEN 1 ELSE 0 END AS deadline_count,
                       CASE WHEN s.direction = 'outgoing'
                                 AND s.date_done <= COALESCE(s.date_deadline, s.scheduled_date)
                            THEN 1 ELSE 0 END AS on_time_count
                  FROM shipments s
                  LEFT JOIN valued v ON v.picking_id = s.id
            )
            """,
                SQL.identifier(self._table),
            )
        )
