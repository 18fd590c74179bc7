from odoo import fields, models, tools
from odoo.tools import SQL


class LogisticsKpiWorkorder(models.Model):
    """Work orders per work centre: the queue waiting in front of it and what it got done."""

    _name = "logistics.kpi.workorder"
    _description = "Logistics KPI Work Centre Queue"
    _auto = False
    _order = "workcenter_id, date_start"
    _depends = {
        "mrp.workorder": [
            "date_finished",
            "date_start",
            "duration",
            "duration_expected",
            "production_id",
            "state",
            "workcenter_id",
        ],
        "mrp.production": ["company_id", "product_id"],
    }

    workorder_id = fields.Many2one("mrp.workorder", readonly=True)
    production_id = fields.Many2one("mrp.production", readonly=True)
    workcenter_id = fields.Many2one("mrp.workcenter", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(
        [
            ("pending", "Waiting for another WO"),
            ("waiting", "Waiting for components"),
            ("ready", "Ready"),
            ("progress", "In Progress"),
            ("done", "Finished"),
        ],
        readonly=True,
    )
    date_start = fields.Datetime(readonly=True)
    date_finished = fields.Datetime(readonly=True)
    date = fields.Date(string="Day Finished", readonly=True)
    queued_count = fields.Integer(string="Work Orders Queued", readonly=True, aggregator="sum")
    wip_count = fields.Integer(string="Work Orders in WIP", readonly=True, aggregator="sum")
    remaining_minutes = fields.Float(
        string="Expected Minutes Remaining", readonly=True, aggregator="sum"
    )
    done_count = fields.Integer(string="Work Orders Done", readonly=True, aggregator="sum")
    flow_hours = fields.Float(string="Flow Time (hours)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT wo.id, wo.id AS workorder_id, wo.production_id, wo.workcenter_id,
                       mo.product_id, mo.company_id, wo.state, wo.date_start, wo.date_finished,
                       CASE WHEN wo.state = 'done' THEN wo.date_finished::date END AS date,
                       CASE WHEN wo.state IN ('pending', 'waiting', 'ready') THEN 1 ELSE 0 END
                           AS queued_count,
                       CASE WHEN wo.state <> 'done' THEN 1 ELSE 0 END AS wip_count,
                       CASE WHEN wo.state <> 'done'
                            THEN GREATEST(wo.duration_expected - COALESCE(wo.duration, 0), 0)
                            ELSE 0 END AS remaining_minutes,
                       CASE WHEN wo.state = 'done' THEN 1 ELSE 0 END AS done_count,
                       CASE WHEN wo.state = 'done'
                            THEN extract(epoch FROM wo.date_finished - wo.date_start) / 3600.0
                       END AS flow_hours
                  FROM mrp_workorder wo
                  JOIN mrp_production mo ON mo.id = wo.production_id
                 WHERE wo.state <> 'cancel'
            )
            """,
                SQL.identifier(self._table),
            )
        )
