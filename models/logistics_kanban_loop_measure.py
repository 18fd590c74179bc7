from odoo import models
from odoo.tools import SQL

from .logistics_kanban_loop import MEASURE_WINDOW


class LogisticsKanbanLoopMeasure(models.Model):
    """The loop's measured cycle and lead time (its latest card cycles), and the lead time
    sizing uses."""

    _inherit = "logistics.kanban.loop"

    def _update_measures(self):
        """Measured cycle and lead time: medians over the latest card cycles, one query."""
        if not self:
            return
        self.env["logistics.kanban.scan"].flush_model()
        self.env.cr.execute(
            SQL(
                """
            SELECT loop.id,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY c.cycle_days)
                      FROM (SELECT s.cycle_days FROM logistics_kanban_scan s
                             WHERE s.loop_id = loop.id AND s.cycle_days IS NOT NULL
                             ORDER BY s.date DESC LIMIT %(window)s) c),
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY l.lead_time_days)
                      FROM (SELECT s.lead_time_days FROM logistics_kanban_scan s
                             WHERE s.loop_id = loop.id AND s.lead_time_days IS NOT NULL
                             ORDER BY s.date DESC LIMIT %(window)s) l)
              FROM logistics_kanban_loop loop
             WHERE loop.id = ANY(%(ids)s)
            """,
                window=MEASURE_WINDOW,
                ids=self.ids,
            )
        )
        # sudo: the measures follow from the card history (an operator's scan, a receipt
        # validated by a storekeeper), they are no edit of the loop by that user.
        for loop_id, cycle, lead_time in self.env.cr.fetchall():
            self.sudo().browse(loop_id).write(
                {"cycle_time_days": cycle or 0.0, "lead_time_measured_days": lead_time or 0.0}
            )

    def _sizing_lead_times(self):
        """{loop: (lead time in days, "measured" | "route")}: the median of the card
        history when there is one, else the delays of the rules Odoo procurement goes
        through for the loop's route (vendor lead time, manufacturing lead time, transfer
        delays). Odoo finds a rule by climbing from the location to the nearest ancestor
        a rule of the route delivers to, so the rules are looked up once per route and
        such ancestor, not once per loop."""
        result, rules_by_key = {}, {}
        destinations = {route: set(route.rule_ids.location_dest_id.ids) for route in self.route_id}
        for loop in self:
            if loop.lead_time_measured_days > 0:
                result[loop] = (loop.lead_time_measured_days, "measured")
                continue
            ancestors = [int(id_) for id_ in loop.location_id.parent_path.split("/")[:-1]]
            anchor = next(
                (id_ for id_ in reversed(ancestors) if id_ in destinations[loop.route_id]),
                loop.location_id.id,
            )
            key = (loop.route_id.id, anchor)
            if key not in rules_by_key:
                rules_by_key[key] = loop.product_id._get_rules_from_location(
                    loop.location_id, route_ids=loop.route_id
                )
            delays, _description = (
                rules_by_key[key]
                .with_context(bypass_delay_description=True)
                ._get_lead_days(loop.product_id)
            )
            result[loop] = (delays["total_delay"], "route")
        return result
