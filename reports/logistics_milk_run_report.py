from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.logistics_milk_run_round import ROUND_STATES


class LogisticsMilkRunReport(models.Model):
    """One row per built round with its punctuality and load facts, for the circuit KPIs."""

    _name = "logistics.milk.run.report"
    _description = "Milk-Run KPIs"
    _auto = False
    _order = "planned_departure desc"
    _depends = {
        "logistics.milk.run.round": [
            "milk_run_id",
            "company_id",
            "state",
            "planned_departure",
            "actual_departure",
            "departed_on_time",
            "departure_delay_minutes",
            "containers",
            "fill_ratio",
            "overflow_count",
            "built_datetime",
        ],
        "logistics.milk.run.round.stop": ["round_id", "actual_arrival", "within_window"],
    }

    round_id = fields.Many2one("logistics.milk.run.round", string="Round", readonly=True)
    milk_run_id = fields.Many2one("logistics.milk.run", string="Circuit", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(ROUND_STATES, readonly=True)
    planned_departure = fields.Datetime(readonly=True)
    departed = fields.Integer(string="Departures", readonly=True)
    departed_on_time = fields.Integer(string="Departures on time", readonly=True)
    departure_delay_minutes = fields.Float(
        string="Departure delay (min)", readonly=True, aggregator="avg"
    )
    stops_reached = fields.Integer(readonly=True)
    stops_in_window = fields.Integer(string="Stops within window", readonly=True)
    containers = fields.Float(readonly=True)
    fill_ratio = fields.Float(string="Train fill", readonly=True, aggregator="avg")
    overflow_count = fields.Integer(string="Overflow", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                SELECT r.id AS id,
                       r.id AS round_id,
                       r.milk_run_id,
                       r.company_id,
                       r.state,
                       r.planned_departure,
                       (r.actual_departure IS NOT NULL)::int AS departed,
                       COALESCE(r.departed_on_time, false)::int AS departed_on_time,
                       r.departure_delay_minutes,
                       COALESCE(s.reached, 0) AS stops_reached,
                       COALESCE(s.in_window, 0) AS stops_in_window,
                       COALESCE(r.containers, 0) AS containers,
                       COALESCE(r.fill_ratio, 0) AS fill_ratio,
                       COALESCE(r.overflow_count, 0) AS overflow_count
                  FROM logistics_milk_run_round r
             LEFT JOIN (
                        SELECT round_id,
                               count(*) FILTER (WHERE actual_arrival IS NOT NULL) AS reached,
                               count(*) FILTER (WHERE within_window) AS in_window
                          FROM logistics_milk_run_round_stop
                      GROUP BY round_id
                       ) s ON s.round_id = r.id
                 WHERE r.state != 'cancelled' AND r.built_datetime IS NOT NULL
            )
            """,
                SQL.identifier(self._table),
            )
        )
