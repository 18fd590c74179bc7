import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class LogisticsKpiStockSnapshot(models.Model):
    """On-hand quantity and value of each product at the end of each day (UTC), per company.

    Odoo keeps the stock history as valuation layers, not as daily levels; average stock and
    stockout days need the level of every day, so a cron rebuilds them in one set-based query
    from the layers (running sums), and the KPIs read this table with read_group.
    """

    _name = "logistics.kpi.stock.snapshot"
    _description = "Logistics KPI Daily Stock Snapshot"
    _order = "date desc, product_id"
    _log_access = False

    date = fields.Date(required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    product_id = fields.Many2one("product.product", required=True, readonly=True, index=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    quantity = fields.Float(readonly=True, aggregator="sum")
    value = fields.Monetary(readonly=True, aggregator="sum", currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    consumed_qty = fields.Float(
        string="Quantity Consumed",
        readonly=True,
        aggregator="sum",
        help="Consumed that day: to customers, production and scrap.",
    )
    consumed_value = fields.Monetary(
        string="Value Consumed", readonly=True, aggregator="sum", currency_field="currency_id"
    )
    is_stockout = fields.Boolean(string="Out of Stock", readonly=True)
    in_stock_days = fields.Integer(
        readonly=True, aggregator="sum", help="1 on a day with stock on hand, else 0."
    )
    is_week_end = fields.Boolean(readonly=True, help="Last day of an ISO week (Sunday).")
    is_month_end = fields.Boolean(readonly=True)
    month_in_stock_days = fields.Integer(
        string="Days in Stock, Month to Date",
        readonly=True,
        aggregator=None,
        help="Days with stock on hand from the 1st of the month up to this day included.",
    )
    month_demand_days = fields.Integer(
        string="Days with Demand, Month to Date",
        readonly=True,
        aggregator=None,
        help="Days with a consumption from the 1st of the month up to this day included.",
    )

    _sql_constraints = [
        (
            "day_product_company_unique",
            "UNIQUE(date, product_id, company_id)",
            "One snapshot per product, company and day.",
        ),
    ]

    def init(self):
        # The stockout rate reads every product's month-to-date counts on a few days of the
        # period: with the columns it reads in the index, PostgreSQL answers from the index
        # alone (index-only scan).
        self.env.cr.execute(
            SQL(
                """CREATE INDEX IF NOT EXISTS %s ON %s (date, company_id)
                   INCLUDE (product_id, month_in_stock_days, month_demand_days)""",
                SQL.identifier(f"{self._table}_month_to_date_cover"),
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _cron_refresh(self):
        """Rebuild each company from its last day already stored (it was partial) up to today,
        each in its savepoint: a company that fails is logged and caught up the next night."""
        self.env.cr.execute(
            SQL(
                "SELECT company.id, max(snapshot.date) FROM res_company company"
                " LEFT JOIN %s snapshot ON snapshot.company_id = company.id GROUP BY company.id",
                SQL.identifier(self._table),
            )
        )
        for company_id, last_day in self.env.cr.fetchall():
            try:
                with self.env.cr.savepoint():
                    self._rebuild(date_from=last_day, company_ids=[company_id])
            except Exception:
                _logger.exception("Company %s: KPI stock snapshots not refreshed", company_id)

    @api.model
    def _rebuild(self, date_from=None, date_to=None, company_ids=None):
        """Replace the snapshots of [date_from, date_to] (default: first layer .. today).

        Call it after back-dating layers (imports, demo history); one INSERT ... SELECT.
        """
        self.env.flush_all()
        cr = self.env.cr
        date_to = date_to or fields.Date.context_today(self)
        company_ids = company_ids or self.env["res.company"].search([]).ids
        if not date_from:
            cr.execute(
                SQL(
                    "SELECT min(create_date)::date FROM stock_valuation_layer"
                    " WHERE company_id = ANY(%s)",
                    company_ids,
                )
            )
            date_from = cr.fetchone()[0] or date_to
        cr.execute(
            SQL(
                "DELETE FROM %s WHERE date BETWEEN %s AND %s AND company_id = ANY(%s)",
                SQL.identifier(self._table),
                date_from,
                date_to,
                company_ids,
            )
        )
        self._insert_snapshots(date_from, date_to, company_ids)
        self._rebuild_daily(date_from, date_to, company_ids)
        self.env.invalidate_all()

    @api.model
    def _insert_snapshots(self, date_from, date_to, company_ids):
        """Insert the snapshots of [date_from, date_to]: the valuation layers' running levels,
        the consumption, the stockout flags and the month-to-date counts; one statement."""
        self.env.cr.execute(
            SQL(
                """
            WITH opening AS (
                SELECT company_id, product_id, sum(quantity) AS quantity, sum(value) AS value
                  FROM stock_valuation_layer
                 WHERE create_date < %(start)s AND company_id = ANY(%(companies)s)
                 GROUP BY company_id, product_id
            ), changes AS (
                SELECT company_id, product_id, create_date::date AS day,
                       sum(quantity) AS quantity, sum(value) AS value
                  FROM stock_valuation_layer
                 WHERE create_date >= %(start)s AND create_date < %(stop)s
                   AND company_id = ANY(%(companies)s)
                 GROUP BY company_id, product_id, create_date::date
            ), consumed AS (
                -- the same moves as the consumption report, one row per product and day
                SELECT company_id, product_id, date AS day,
                       sum(quantity) AS quantity, sum(value) AS value
                  FROM logistics_kpi_consumption
                 WHERE date >= %(start)s AND date <= %(last)s
                   AND company_id = ANY(%(companies)s)
                 GROUP BY company_id, product_id, date
            ), first_day AS (
                SELECT company_id, product_id, %(start)s::date AS day FROM opening
                 UNION
                SELECT company_id, product_id, min(day) FROM changes GROUP BY 1, 2
            ), grid AS (
                SELECT f.company_id, f.product_id, d::date AS day
                  FROM (SELECT company_id, product_id, min(day) AS day
                          FROM first_day GROUP BY 1, 2) f,
                       generate_series(f.day, %(last)s::date, interval '1 day') d
            ), levels AS (
                SELECT g.company_id, g.product_id, g.day,
                       COALESCE(o.quantity, 0) + sum(COALESCE(c.quantity, 0)) OVER w AS quantity,
                       COALESCE(o.value, 0) + sum(COALESCE(c.value, 0)) OVER w AS value
                  FROM grid g
                  LEFT JOIN changes c ON c.company_id = g.company_id
                       AND c.product_id = g.product_id AND c.day = g.day
                  LEFT JOIN opening o ON o.company_id = g.company_id AND o.product_id = g.product_id
                WINDOW w AS (PARTITION BY g.company_id, g.product_id ORDER BY g.day)
            )
            INSERT INTO %(table)s (date, company_id, product_id, categ_id, quantity, value,
                                   consumed_qty, consumed_value, in_stock_days,
                                   is_stockout, is_week_end, is_month_end,
                                   month_in_stock_days, month_demand_days)
            SELECT l.day, l.company_id, l.product_id, pt.categ_id, l.quantity, l.value,
                   COALESCE(u.quantity, 0), COALESCE(u.value, 0),
                   CASE WHEN l.quantity > 0 THEN 1 ELSE 0 END,
                   l.quantity <= 0, extract(isodow FROM l.day) = 7,
                   l.day = (date_trunc('month', l.day) + interval '1 month - 1 day')::date,
                   -- month to date: the counts kept from the month's days before the start
                   -- (the nightly refresh starts mid-month), plus the running counts
                   COALESCE(p.month_in_stock_days, 0)
                       + sum(CASE WHEN l.quantity > 0 THEN 1 ELSE 0 END) OVER m,
                   COALESCE(p.month_demand_days, 0)
                       + count(*) FILTER (WHERE COALESCE(u.quantity, 0) != 0) OVER m
              FROM levels l
              LEFT JOIN consumed u ON u.company_id = l.company_id
                   AND u.product_id = l.product_id AND u.day = l.day
              LEFT JOIN %(table)s p ON p.company_id = l.company_id
                   AND p.product_id = l.product_id AND p.date = %(start)s::date - 1
                   AND date_trunc('month', p.date) = date_trunc('month', l.day)
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
            WINDOW m AS (PARTITION BY l.company_id, l.product_id, date_trunc('month', l.day)
                         ORDER BY l.day)
            """,
                table=SQL.identifier(self._table),
                start=date_from,
                stop=date_to + timedelta(days=1),
                last=date_to,
                companies=company_ids,
            )
        )

    @api.model
    def _rebuild_daily(self, date_from, date_to, company_ids):
        """Replace the per-category daily totals of [date_from, date_to] from the snapshots."""
        cr = self.env.cr
        Daily = self.env["logistics.kpi.stock.daily"]
        cr.execute(
            SQL(
                "DELETE FROM %s WHERE date BETWEEN %s AND %s AND company_id = ANY(%s)",
                SQL.identifier(Daily._table),
                date_from,
                date_to,
                company_ids,
            )
        )
        cr.execute(
            SQL(
                """
            INSERT INTO %(daily)s (date, company_id, categ_id, quantity, value, consumed_qty,
                                   consumed_value, is_week_end, is_month_end)
            SELECT date, company_id, categ_id, sum(quantity), sum(value), sum(consumed_qty),
                   sum(consumed_value), bool_and(is_week_end), bool_and(is_month_end)
              FROM %(table)s
             WHERE date BETWEEN %(start)s AND %(last)s AND company_id = ANY(%(companies)s)
             GROUP BY date, company_id, categ_id
            """,
                daily=SQL.identifier(Daily._table),
                table=SQL.identifier(self._table),
                start=date_from,
                last=date_to,
                companies=company_ids,
            )
        )
