import math
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

# (days before install, [(finished good xmlid, ordered, delivered)], days late); what is not
# delivered goes to a backorder
DELIVERIES = [
    (24, [("demo_finished_fg01", 4, 4), ("demo_finished_fg02", 2, 2)], 0),
    (17, [("demo_finished_fg03", 6, 6)], 0),
    (10, [("demo_finished_fg01", 3, 3)], 1),
    (3, [("demo_finished_fg02", 5, 4)], 0),
]
# (days before install, planned departure hour UTC, minutes late at departure and at each stop,
#  demo kanban loops whose replenishment the round carried, one container each); the train takes
# 6 containers: 5, 4 and 6 carried
ROUNDS = [
    (6, 7, 2, ["l1c_c003", "l1b_c002", "l2a_c004", "l2a_c018", "l3c_c005"]),
    (5, 9, 3, ["l1c_c003", "l2a_c018", "l3c_c005", "l1b_c002"]),
    (4, 13, 20, ["l1c_c003", "l1b_c002", "l2a_c004", "l2a_c018", "l3c_c005", "l3c_c005"]),
]
# A replenishment is needed at the line within the hour after the round's planned departure.
NEED_AFTER_DEPARTURE = timedelta(hours=1)
COUNT_DAYS_AGO = 7


class LogisticsKpiDemo(models.AbstractModel):
    """Last month's service, milk-run and count activity of the demo plant.

    Without it the dashboard's line fill rate, OTIF, milk-run punctuality and record accuracy
    read "n/a" on first start. Records go through the models' flows where these exist, then
    are back-dated in SQL so that they always fall within the 30 days before the install.
    """

    _name = "logistics.kpi.demo"
    _description = "Industrial Logistics KPI Demo"

    @api.model
    def _generate_activity(self):
        today = fields.Date.context_today(self)
        self._generate_deliveries(today)
        self._generate_rounds(today)
        self._generate_count(today)

    def _generate_deliveries(self, today):
        """Customer deliveries of the finished goods: one late, one short and closed."""
        ref = self.env.ref
        warehouse = ref("stock.warehouse0")
        customers = ref("stock.stock_location_customers")
        finished = {
            xmlid: ref(f"industrial_logistics.{xmlid}")
            for _days, lines, _late in DELIVERIES
            for xmlid, _ordered, _delivered in lines
        }
        first_day = today - timedelta(days=DELIVERIES[0][0] + 1)
        self.env["logistics.demo.plant"]._create_done_moves(
            [
                (
                    (product, product.property_stock_production, warehouse.lot_stock_id, 8),
                    datetime.combine(first_day, time(6, 0)),
                )
                for product in finished.values()
            ]
        )
        pickings = self.env["stock.picking"].create(
            [
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": ref("base.res_partner_2").id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": customers.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": finished[xmlid].display_name,
                                "product_id": finished[xmlid].id,
                                "product_uom": finished[xmlid].uom_id.id,
                                "product_uom_qty": ordered,
                                "location_id": warehouse.lot_stock_id.id,
                                "location_dest_id": customers.id,
                            }
                        )
                        for xmlid, ordered, _delivered in lines
                    ],
                }
                for _days, lines, _late in DELIVERIES
            ]
        )
        pickings.action_confirm()
        pickings.action_assign()
        dates = []
        for picking, (days, lines, late) in zip(pickings, DELIVERIES, strict=True):
            for move, (_xmlid, _ordered, delivered) in zip(
                picking.move_ids.sorted("id"), lines, strict=True
            ):
                move.write({"quantity": delivered, "picked": True})
            scheduled = datetime.combine(today - timedelta(days=days), time(9, 0))
            dates.append((picking.id, scheduled, scheduled + timedelta(days=late, hours=-1)))
        # no delivery SMS to the demo customer (stock_sms would call IAP at install)
        pickings = pickings.with_context(skip_sms=True)
        pickings._action_done()
        # the short delivery leaves a backorder, shipped two days later
        for backorder in pickings.search([("backorder_id", "in", pickings.ids)]):
            for move in backorder.move_ids:
                move.write({"quantity": move.product_uom_qty, "picked": True})
            backorder._action_done()
            scheduled = next(row[1] for row in dates if row[0] == backorder.backorder_id.id)
            scheduled += timedelta(days=2)
            dates.append((backorder.id, scheduled, scheduled - timedelta(hours=1)))
        self._backdate_pickings(dates)

    def _generate_rounds(self, today):
        """Done rounds of the demo circuit, the last one late at departure and at every stop,
        each with the kanban replenishments it dropped at the lines (its load and train fill).

        A past round cannot be driven through the driver screen (times are 'now'), so the
        rounds are written as the driver screen leaves them."""
        milk_run = self.env.ref("industrial_logistics.demo_milk_run_lines")
        stops = milk_run.stop_ids.sorted("sequence")
        driver = self.env.ref("base.user_admin")
        vals_list = []
        for days, hour, late, _loops in ROUNDS:
            departure = datetime.combine(today - timedelta(days=days), time(hour, 0))
            left = departure + timedelta(minutes=late)
            vals_list.append(
                {
                    "milk_run_id": milk_run.id,
                    "planned_departure": departure,
                    "planned_return": departure + timedelta(minutes=45),
                    "built_datetime": departure - timedelta(minutes=milk_run.cutoff_minutes),
                    "capacity_containers": milk_run.capacity_containers,
                    "state": "done",
                    "user_id": driver.id,
                    "actual_departure": left,
                    "actual_return": left + timedelta(minutes=45),
                    "round_stop_ids": [
                        Command.create(
                            {
                                "stop_id": stop.id,
                                "sequence": index,
                                "planned_arrival": departure + timedelta(minutes=10 * index),
                                "actual_arrival": left + timedelta(minutes=10 * index),
                                "dropped_datetime": left + timedelta(minutes=10 * index + 3),
                                "state": "done",
                            }
                        )
                        for index, stop in enumerate(stops, start=1)
                    ],
                }
            )
        rounds = self.env["logistics.milk.run.round"].create(vals_list)
        self._generate_round_loads(milk_run, rounds)

    def _generate_round_loads(self, milk_run, rounds):
        """The done transfers of the rounds: one container of a demo kanban loop each, from the
        supermarket to the loop's line-side location, dropped when its stop was delivered."""
        ref = self.env.ref
        loops = [
            [ref(f"industrial_logistics.demo_kanban_loop_{code}") for code in codes]
            for _days, _hour, _late, codes in ROUNDS
        ]
        picking_type = milk_run.picking_type_id
        source = milk_run.source_location_id
        pickings = self.env["stock.picking"].create(
            [
                {
                    "picking_type_id": picking_type.id,
                    "location_id": source.id,
                    "location_dest_id": loop.location_id.id,
                    "origin": loop.code,
                    "move_ids": [
                        Command.create(
                            {
                                "name": loop.product_id.display_name,
                                "product_id": loop.product_id.id,
                                "product_uom": loop.product_id.uom_id.id,
                                "product_uom_qty": loop.container_qty,
                                "location_id": source.id,
                                "location_dest_id": loop.location_id.id,
                            }
                        )
                    ],
                }
                for round_loops in loops
                for loop in round_loops
            ]
        )
        pickings.action_confirm()
        pickings.action_assign()
        for move in pickings.move_ids:
            move.write({"quantity": move.product_uom_qty, "picked": True})
        pickings._action_done()
        stop_by_picking = self.env["logistics.milk.run.round"]._stop_by_picking(milk_run, pickings)
        dates, position = [], 0
        for round_, round_loops in zip(rounds, loops, strict=True):
            carried = pickings[position : position + len(round_loops)]
            position += len(round_loops)
            for round_stop in round_.round_stop_ids:
                dropped = carried.filtered(
                    lambda picking, stop=round_stop.stop_id: stop_by_picking[picking.id] == stop
                )
                dropped.write(
                    {
                        "milk_run_round_id": round_.id,
                        "milk_run_round_stop_id": round_stop.id,
                        "milk_run_containers": 1,
                    }
                )
                scheduled = round_.planned_departure + NEED_AFTER_DEPARTURE
                dates += [(pick.id, scheduled, round_stop.dropped_datetime) for pick in dropped]
        self._backdate_pickings(dates)

    def _backdate_pickings(self, dates):
        """[(picking id, scheduled, done)]: the transfers, their moves, move lines and valuation
        layers dated as if done then."""
        values = SQL(", ").join(SQL("(%s, %s::timestamp, %s::timestamp)", *row) for row in dates)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH dated(picking_id, scheduled, done) AS (VALUES %s)
            , pickings AS (
                UPDATE stock_picking p
                   SET scheduled_date = d.scheduled, date_deadline = NULL, date = d.scheduled,
                       date_done = d.done
                  FROM dated d WHERE p.id = d.picking_id
            ), moves AS (
                UPDATE stock_move m SET date = d.done, date_deadline = NULL
                  FROM dated d WHERE m.picking_id = d.picking_id
            ), lines AS (
                UPDATE stock_move_line l SET date = d.done
                  FROM dated d WHERE l.picking_id = d.picking_id
            )
            UPDATE stock_valuation_layer v SET create_date = d.done
              FROM dated d, stock_move m
             WHERE m.picking_id = d.picking_id AND v.stock_move_id = m.id
            """,
                values,
            )
        )
        self.env.invalidate_all()

    def _generate_count(self, today):
        """A count of a line-side location a week ago: one product found short, the rest exact.

        The storekeeper counts on the handheld flow; the manager posts the shortage without a
        recount, so no recount task is left open for today."""
        ref = self.env.ref
        location = ref("industrial_logistics.demo_location_line3_b")
        storekeeper = ref("industrial_logistics.demo_user_storekeeper")
        last_move = self.env["stock.move"].search([], order="id desc", limit=1)
        task = self.env["logistics.count.task"].create(
            {
                "warehouse_id": ref("stock.warehouse0").id,
                "location_id": location.id,
                "date_planned": today - timedelta(days=COUNT_DAYS_AGO),
                "user_id": storekeeper.id,
            }
        )
        counting = task.with_user(storekeeper)
        counting.action_scan(location.barcode)
        short = task.line_ids.sorted("id")[:1]
        for line in task.line_ids:
            counted = line.theoretical_qty
            if line == short:
                counted = math.floor(line.theoretical_qty / 2)
            counting.action_set_counted_qty(line.id, counted)
        counting.action_submit()
        task.decision_reason = "Shortage confirmed by the line leader: scrapped parts."
        task.with_user(ref("base.user_admin")).action_post_without_recount()
        when = datetime.combine(today - timedelta(days=COUNT_DAYS_AGO), time(10, 0))
        tasks = task | task.recount_task_ids
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH tasks AS (
                UPDATE logistics_count_task
                   SET date_planned = %(day)s, date_started = %(when)s, date_counted = %(when)s,
                       date_done = %(when)s
                 WHERE id IN %(tasks)s
            ), lines AS (
                UPDATE logistics_count_line SET date_counted = %(when)s
                 WHERE task_id IN %(tasks)s AND date_counted IS NOT NULL
            ), moves AS (
                UPDATE stock_move SET date = %(when)s WHERE id > %(last)s AND is_inventory
            ), move_lines AS (
                UPDATE stock_move_line l SET date = %(when)s
                  FROM stock_move m WHERE l.move_id = m.id AND m.id > %(last)s AND m.is_inventory
            )
            UPDATE stock_valuation_layer v SET create_date = %(when)s
              FROM stock_move m
             WHERE v.stock_move_id = m.id AND m.id > %(last)s AND m.is_inventory
            """,
                day=when.date(),
                when=when,
                tasks=tuple(tasks.ids),
                last=last_move.id,
            )
        )
        self.env.invalidate_all()
