"""Cycle-count scenarios for bench/run.py: ABC reclassification, a quarter's plan, task creation.

Each runs inside the runner's rolled-back transaction on the generated plant (warehouse WH).
The ABC scenario generates its moves first (the plant is built without them), so its row
includes that generation: `generate_stock_moves` alone is its own row, and the
reclassification's own time is printed on stderr.
"""

import sys
import time
from datetime import timedelta

from generate import generate_moves

from odoo import fields
from odoo.tools import SQL


def _policy(env, daily_capacity=100_000):
    warehouse = env.ref("stock.warehouse0")
    policy = env["logistics.count.policy"].search([("warehouse_id", "=", warehouse.id)])
    values = {"daily_capacity": daily_capacity, "capacity_basis": "warehouse"}
    if policy:
        policy.write(values)
        return policy
    return env["logistics.count.policy"].create(dict(values, warehouse_id=warehouse.id))


def abc_reclassification(env, plant, moves, days):
    generate_moves(env, plant["products"], plant["locations"], moves, days)
    policy = _policy(env)
    started = time.perf_counter()
    policy.action_reclassify()
    env.flush_all()
    counts = dict(
        env["product.product"]._read_group(
            [("id", "in", plant["products"])], ["abc_class"], ["__count"]
        )
    )
    print(
        f"abc_reclassification alone: {time.perf_counter() - started:.2f} s over {moves:,} moves,"
        f" {len(plant['products']):,} products -> {counts}",
        file=sys.stderr,
    )


def quarter_plan(env, plant):
    # classes without a reclassification: one product in 10 is A, 2 in 10 are B
    env.cr.execute(
        SQL(
            """
        UPDATE product_product SET abc_class = CASE WHEN mod(id, 10) = 0 THEN 'A'
                                                    WHEN mod(id, 10) IN (1, 2) THEN 'B' ELSE 'C' END
         WHERE id = ANY(%s)
            """,
            plant["products"],
        )
    )
    env.invalidate_all()
    policy = _policy(env)
    today = fields.Date.context_today(env.user)
    plan = env["logistics.count.plan"].create(
        {
            "warehouse_id": policy.warehouse_id.id,
            "date_from": today,
            "date_to": today + timedelta(days=91),
        }
    )
    plan.action_plan()
    env.flush_all()
    print(
        f"quarter_plan: {plan.task_count:,} tasks over {plan.working_day_count} working days, "
        f"average {plan.daily_average:.2f} a day, min {plan.daily_load_min}, "
        f"max {plan.daily_load_max}, unplaced {plan.unplaced_count}",
        file=sys.stderr,
    )


def create_1000_tasks(env, plant):
    policy = _policy(env)
    today = fields.Date.context_today(env.user)
    env["logistics.count.task"].create(
        [
            {
                "warehouse_id": policy.warehouse_id.id,
                "location_id": location_id,
                "date_planned": today + timedelta(days=index % 60),
                "abc_class": "C",
            }
            for index, location_id in enumerate((plant["locations"] * 1000)[:1000])
        ]
    )
