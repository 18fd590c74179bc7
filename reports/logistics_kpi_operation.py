from odoo import fields, models, tools
from odoo.tools import SQL


class LogisticsKpiOperation(models.Model):
    """Done operations, on time or late: transfers by operation type, and manufacturing orders.

    A transfer is late when done after its scheduled date. Odoo overwrites a manufacturing
    order's planned end with the real one when it is done, so an order is late when done after
    its deadline or, without one, after its start plus the expected minutes of its work
    orders (60 minutes without work orders, as Odoo plans it).
    """

    _name = "logistics.kpi.operation"
    _description = "Logistics KPI Operation Punctuality"
    _auto = False
    _order = "date_done desc, id desc"
    _depends = {
        "stock.picking": ["date_done", "picking_type_id", "scheduled_date", "state"],
        "mrp.production": ["date_deadline", "date_finished", "date_start", "state"],
        "mrp.workorder": ["duration_expected", "production_id"],
    }

    kind = fields.Selection(
        [("picking", "Transfer"), ("production", "Manufacturing Order")], readonly=True
    )
    name = fields.Char(string="Reference", readonly=True)
    picking_id = fields.Many2one("stock.picking", readonly=True)
    production_id = fields.Many2one("mrp.production", readonly=True)
    picking_type_id = fields.Many2one("stock.picking.type", string="Operation Type", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(string="Day Done", readonly=True)
    date_done = fields.Datetime(readonly=True)
    date_planned = fields.Datetime(string="Due", readonly=True)
    delay_hours = fields.Float(string="Delay (hours)", readonly=True, aggregator="avg")
    is_late = fields.Boolean(string="Late", readonly=True)
    done_count = fields.Integer(string="Operations Done", readonly=True, aggregator="sum")
    late_count = fields.Integer(string="Late Operations", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                WITH operations AS (
                    SELECT 'picking' AS kind, p.id AS picking_id, NULL::int AS production_id,
                           p.name, p.picking_type_id, p.company_id,
                           p.date_done, p.scheduled_date AS date_planned
                      FROM stock_picking p
                     WHERE p.state = 'done' AND p.date_done IS NOT NULL
                     UNION ALL
                    SELECT 'production', NULL, mo.id, mo.name, mo.picking_type_id, mo.company_id,
                           mo.date_finished,
                           COALESCE(mo.date_deadline, mo.date_start + interval '1 minute'
                               * COALESCE((SELECT sum(wo.duration_expected) FROM mrp_workorder wo
                                            WHERE wo.production_id = mo.id), 60))
                      FROM mrp_production mo
                     WHERE mo.state = 'done' AND mo.date_finished IS NOT NULL
                )
                SELECT row_number() OVER (ORDER BY o.kind, o.picking_id, o.production_id) AS id,
                       o.kind, o.name, o.picking_id, o.production_id, o.picking_type_id,
                       t.warehouse_id, o.company_id, o.date_done::date AS date, o.date_done,
                       o.date_planned,
                       GREATEST(extract(epoch FROM o.date_done - o.date_planned) / 3600.0, 0)
                           AS delay_hours,
                       o.date_done > o.date_planned AS is_late,
                       1 AS done_count,
                       CASE WHEN o.date_done > o.date_planned THEN 1 ELSE 0 END AS late_count
                  FROM operations o
                  LEFT JOIN stock_picking_type t ON t.id = o.picking_type_id
            )
            """,
                SQL.identifier(self._table),
            )
        )
