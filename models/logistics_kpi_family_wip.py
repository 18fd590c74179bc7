from datetime import datetime, time, timedelta

from odoo import api, models
from odoo.tools import SQL, float_round


class LogisticsKpiFamilyWip(models.AbstractModel):
    """Queues per work centre against its daily capacity, and Little's law (WIP = TH x FT)."""

    _name = "logistics.kpi.family.wip"
    _inherit = "logistics.kpi.family"
    _description = "Logistics KPIs: WIP and queues"
    _kpi_family = "wip"
    _kpi_sequence = 50

    @api.model
    def _kpi_family_info(self):
        return {
            "title": self.env._(
                "WIP and queues per work centre (Little's law: WIP = throughput x flow time)"
            ),
            "sheet": self.env._("WIP"),
        }

    @api.model
    def _kpi_definitions(self):
        _ = self.env._
        return [
            {
                "code": "littles_gap",
                "key": "plant.littles_gap",
                "label": _("Little's law gap"),
                "unit": "%",
                "direction": "lower",
                "definition": _(
                    "Average WIP (time-average of orders between their start and finish within "
                    "the period), throughput (orders finished per day) and flow time (mean "
                    "start-to-finish days of the orders finished in the period). WIP = "
                    "throughput x flow time (Little, 1961); the gap (WIP - throughput x flow "
                    "time) / (throughput x flow time) says the period was not in steady state "
                    "or that dates are not recorded. Per work centre from work orders (with "
                    "their queue: work orders waiting or in progress, their remaining expected "
                    "minutes against the centre's daily calendar minutes, which Odoo's expected "
                    "minutes already measure at the centre's capacity and efficiency: the load "
                    "in days), for the plant from manufacturing orders."
                ),
                "drill": "queue",
                "filters": ("period",),
                "measures": [
                    ("plant.average_wip", _("Average WIP (plant)"), "number"),
                    ("plant.throughput_per_day", _("Throughput (plant)"), "per_day"),
                    ("plant.flow_days", _("Flow time (plant)"), "days"),
                    ("plant.littles_wip", _("Throughput x flow time (plant)"), "number"),
                ],
            },
        ]

    @api.model
    def _kpi_drill_downs(self):
        return {"queue": ("logistics.kpi.workorder", None, [("wip_count", "=", 1)])}

    @api.model
    def _kpi_breakdowns(self):
        _ = self.env._
        return [
            {
                "code": "workcenters",
                "title": _("Queues per work centre"),
                "rows": "workcenters",
                "columns": [
                    ("name", _("Work centre"), "text"),
                    ("queued", _("Queued"), "count"),
                    ("wip", _("In WIP"), "count"),
                    ("remaining_minutes", _("Remaining min"), "minutes"),
                    ("capacity_minutes_per_day", _("Capacity min/day"), "minutes"),
                    ("load_days", _("Load (days)"), "days"),
                    ("average_wip", _("Average WIP"), "number"),
                    ("throughput_per_day", _("Throughput/day"), "per_day"),
                    ("flow_days", _("Flow time (days)"), "days"),
                    ("littles_wip", _("Little WIP"), "number"),
                    ("littles_gap", _("Little gap"), "%"),
                ],
                "drill": "queue",
                "drill_fields": [("workcenter_id", "workcenter_id", "=")],
                "row_class": "workcenter_id",
                "total": (_("Plant (manufacturing orders)"), "plant"),
                "chart": ["load_days"],
            }
        ]

    @api.model
    def _kpi_compute(self, period, filters):
        if not period["details"]:
            return {}
        date_from, date_to, days = period["date_from"], period["date_to"], period["days"]
        queue = {
            workcenter: (queued, wip, minutes)
            for workcenter, queued, wip, minutes in self.env["logistics.kpi.workorder"]._read_group(
                [("company_id", "in", self.env.companies.ids), ("wip_count", "=", 1)],
                ["workcenter_id"],
                ["queued_count:sum", "wip_count:sum", "remaining_minutes:sum"],
            )
        }
        flows = self._littles_law(date_from, date_to, days, by_workcenter=True)
        workcenters = self.env["mrp.workcenter"].union(
            *queue, *self.env["mrp.workcenter"].browse(flows)
        )
        rows = []
        for workcenter in workcenters.sorted("name"):
            queued, wip, minutes = queue.get(workcenter, (0, 0, 0.0))
            # calendar minutes only: Odoo's expected minutes already hold the centre's
            # capacity and efficiency (see logistics.workcenter.load)
            capacity = (workcenter.resource_calendar_id.hours_per_day or 0.0) * 60
            row = {
                "workcenter_id": workcenter.id,
                "name": workcenter.display_name,
                "queued": queued,
                "wip": wip,
                "remaining_minutes": float_round(minutes, precision_digits=2),
                "capacity_minutes_per_day": float_round(capacity, precision_digits=2),
                "load_days": self._ratio(minutes, capacity),
            }
            row.update(flows.get(workcenter.id, self._littles_law_row(0.0, 0, 0.0, days)))
            rows.append(row)
        plant = self._littles_law(date_from, date_to, days).get(
            None, self._littles_law_row(0.0, 0, 0.0, days)
        )
        return {"workcenters": rows, "plant": plant}

    @api.model
    def _littles_law(self, date_from, date_to, days, by_workcenter=False):
        """Average WIP, throughput and flow time over the period, by PostgreSQL.

        WIP is the time-average of orders in process (each order counts for the share of the
        period it spent between start and finish); throughput the orders finished per day;
        flow time their mean start-to-finish days. Little (1961): WIP = throughput x flow time;
        a gap says the period is not in steady state or dates are not recorded.
        """
        start = datetime.combine(date_from, time.min)
        stop = datetime.combine(date_to + timedelta(days=1), time.min)
        if by_workcenter:
            orders = SQL(
                """SELECT wo.workcenter_id AS key, wo.date_start, wo.date_finished, wo.state
                     FROM mrp_workorder wo JOIN mrp_production mo ON mo.id = wo.production_id
                    WHERE mo.company_id = ANY(%s) AND wo.state IN ('progress', 'done')""",
                self.env.companies.ids,
            )
        else:
            orders = SQL(
                """SELECT NULL::int AS key, mo.date_start, mo.date_finished, mo.state
                     FROM mrp_production mo
                    WHERE mo.company_id = ANY(%s)
                      AND mo.state IN ('progress', 'to_close', 'done')""",
                self.env.companies.ids,
            )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH orders AS (%(orders)s), clipped AS (
                SELECT key, state, date_start, date_finished,
                       GREATEST(date_start, %(start)s) AS since,
                       LEAST(CASE WHEN state = 'done' THEN date_finished
                                  ELSE %(stop)s END, %(stop)s) AS until
                  FROM orders WHERE date_start IS NOT NULL
            )
            SELECT key,
                   sum(GREATEST(extract(epoch FROM until - since), 0)) / 86400.0 AS order_days,
                   count(*) FILTER (WHERE state = 'done' AND date_finished >= %(start)s
                                      AND date_finished < %(stop)s) AS done,
                   avg(extract(epoch FROM date_finished - date_start) / 86400.0)
                       FILTER (WHERE state = 'done' AND date_finished >= %(start)s
                                 AND date_finished < %(stop)s) AS flow_days
              FROM clipped
             GROUP BY key
            """,
                orders=orders,
                start=start,
                stop=stop,
            )
        )
        return {
            key: self._littles_law_row(order_days, done, flow_days or 0.0, days)
            for key, order_days, done, flow_days in self.env.cr.fetchall()
        }

    @api.model
    def _littles_law_row(self, order_days, done, flow_days, days):
        average_wip = order_days / days
        throughput = done / days
        expected = throughput * flow_days
        return {
            "average_wip": float_round(average_wip, precision_digits=2),
            "throughput_per_day": float_round(throughput, precision_digits=2),
            "flow_days": float_round(flow_days, precision_digits=2) if done else None,
            "littles_wip": float_round(expected, precision_digits=2) if done else None,
            "littles_gap": self._ratio(average_wip - expected, expected, 100) if done else None,
        }
