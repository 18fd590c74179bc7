"""Milk-run benchmark scenarios: building one round from 200 ready transfers over 40 stops.

The transfers, the circuit and the round are prepared through the ORM before the clock starts;
only the build is timed: search of the ready transfers, filling by need date (150 of 200
containers fit, 50 overflow with their reason), the batch, and the stop order (fixed sequence,
or PyVRP within the circuit's time budget).
"""

from datetime import datetime, timedelta

from odoo import Command

TRANSFERS = 200
STOPS = 40
CAPACITY = 150


def prepare_round_building(
    env, plant, resequence=False, transfers=TRANSFERS, stop_count=STOPS, capacity=CAPACITY
):
    """A circuit over `stop_count` generated locations (40) and `transfers` (200) ready
    one-container transfers to them, `capacity` containers a round (150)."""
    location_ids = plant["locations"]
    Location = env["stock.location"]
    source = Location.browse(location_ids[0])
    step = max(1, min(7, (len(location_ids) - 1) // stop_count))
    stops = Location.browse(location_ids[1 : 1 + stop_count * step : step])
    products = env["product.product"].browse(plant["products"][:20])
    for product in products:
        env["stock.quant"]._update_available_quantity(product, source, 10_000)
    picking_type = env.ref("stock.warehouse0").int_type_id
    milk_run = env["logistics.milk.run"].create(
        {
            "name": "Bench loop",
            "source_location_id": source.id,
            "picking_type_id": picking_type.id,
            "capacity_containers": capacity,
            "resequence": resequence,
            "routing_time_budget_s": 2.0,
            "departure_ids": [Command.create({"departure_time": 8.0})],
            "stop_ids": [
                Command.create({"sequence": index, "location_id": stop.id})
                for index, stop in enumerate(stops)
            ],
        }
    )
    start = datetime(2030, 1, 7, 6, 0)
    pickings = env["stock.picking"].create(
        [
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": stops[index % stop_count].id,
                "scheduled_date": start + timedelta(minutes=index),
                "move_ids": [
                    Command.create(
                        {
                            "name": "bench",
                            "product_id": products[index % len(products)].id,
                            "product_uom_qty": 1,
                            "product_uom": products[index % len(products)].uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": stops[index % stop_count].id,
                        }
                    )
                ],
            }
            for index in range(transfers)
        ]
    )
    pickings.action_confirm()
    pickings.action_assign()
    round_ = env["logistics.milk.run.round"].create(
        {"milk_run_id": milk_run.id, "planned_departure": datetime(2030, 1, 7, 8, 0)}
    )
    env.flush_all()
    return round_


def build_round(env, plant):
    """Timed part: a manager's "Build now": the prepared round takes what fits and orders its
    stops."""
    from plant_users import ensure_user

    round_ = plant["prepared"].with_user(ensure_user(env, "bench_manager", "manager"))
    round_.action_build()
    assert len(round_.picking_ids) == CAPACITY, len(round_.picking_ids)
    assert round_.overflow_count == TRANSFERS - CAPACITY
