import random
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

# Per assembly line: (finished good, lot size, manufacturing orders over the horizon, reorder
# rule's multiple or None). The lots are about one day of the line's calendar (8 h): FG01 8 x
# 49 min / 95 %, FG02 6 x 58 min / 90 %, FG03 6 x 67 min, plus the setup.
LINES = {
    1: ("fg01", 8, 11, None),
    2: ("fg02", 6, 10, 6),
    3: ("fg03", 6, 9, 6),
}
HORIZON_WORKING_DAYS = 15
# setup and clean-up minutes of each operation of the lines (a changeover between two lots)
SETUP_MINUTES = (10, 5)


class LogisticsSchedulingDemo(models.AbstractModel):
    """Three weeks of confirmed manufacturing orders on the demo plant's three assembly lines.

    Planned as MRP dates them, at infinite capacity: each order starts at 08:00 on the day its
    need falls, its work orders one after the other in the line's calendar, whatever else the
    line holds that day. Some days get two or three lots, others none: the load chart and the
    planning board show overloaded days and the levelling has something to level. A fixed seed
    gives the same orders at every install, dated from the install day. Lines 2 and 3 are
    replenished by reorder rules (multiple of 6): their orders carry the rule, so the board shows
    their lot size and setup share.
    """

    _name = "logistics.scheduling.demo"
    _description = "Industrial Logistics Scheduling Demo"

    @api.model
    def _generate_orders(self):
        rng = random.Random(17)  # two lots on 2 to 4 days of each line, never three
        ref = self.env.ref
        today = fields.Date.context_today(self)
        days = []
        day = today
        while len(days) < HORIZON_WORKING_DAYS:
            day += timedelta(days=1)
            if day.weekday() < 5:
                days.append(day)
        for line, (code, lot, count, multiple) in LINES.items():
            centre = ref(f"industrial_logistics.demo_workcenter_line{line}")
            centre.write({"time_start": SETUP_MINUTES[0], "time_stop": SETUP_MINUTES[1]})
            product = ref(f"industrial_logistics.demo_finished_{code}")
            orderpoint = multiple and self._demo_orderpoint(product, multiple)
            need_days = sorted(rng.choice(days[:-2]) for _index in range(count))
            for index, need_day in enumerate(need_days):
                self._create_planned_order(
                    product,
                    ref(f"industrial_logistics.demo_bom_{code}"),
                    lot,
                    need_day,
                    days[min(days.index(need_day) + rng.randint(1, 3), len(days) - 1)],
                    orderpoint,
                    urgent=index % 5 == 2,
                )

    def _demo_orderpoint(self, product, multiple):
        warehouse = self.env.ref("stock.warehouse0")
        return self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": product.id,
                "warehouse_id": warehouse.id,
                "location_id": warehouse.lot_stock_id.id,
                "route_id": self.env.ref("mrp.route_warehouse0_manufacture").id,
                "product_min_qty": 0,
                "product_max_qty": 0,
                "qty_multiple": multiple,
                "trigger": "manual",
            }
        )

    def _create_planned_order(self, product, bom, quantity, day, deadline_day, orderpoint, urgent):
        """A confirmed order of `quantity`, its work orders chained from 08:00 of `day` in the
        line's calendar, due at 17:00 of `deadline_day` (plant time)."""
        production = self.env["mrp.production"].create(
            {
                "product_id": product.id,
                "bom_id": bom.id,
                "product_qty": quantity,
                "orderpoint_id": orderpoint and orderpoint.id,
                "origin": orderpoint and orderpoint.name,
                "priority": "1" if urgent else "0",
                "date_start": self._utc(bom, day, 8),
                "date_deadline": self._utc(bom, deadline_day, 17),
            }
        )
        production.action_confirm()
        start = self._utc(bom, day, 8)
        for workorder in production.workorder_ids.sorted(
            lambda wo: (wo.operation_id.sequence, wo.id)
        ):
            # Odoo's own date inverse: the end from the calendar, a leave booked on the centre
            workorder.date_start = start
            start = workorder.date_finished
        return production

    @staticmethod
    def _utc(bom, day, hour):
        calendar = bom.operation_ids[:1].workcenter_id.resource_calendar_id
        local = pytz.timezone(calendar.tz or "UTC").localize(datetime.combine(day, time(hour)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)
