"""18.0.1.1.0, scheduling (no migration script; a KPI definition changes): a work centre's
capacity is its calendar's minutes, no longer multiplied by its efficiency, because Odoo's
expected durations already divide by the efficiency (counted once). The WIP family's capacity
per day of each work centre grows by 1 / efficiency and its load in days is recomputed from
it; nothing else of the KPIs moves."""

from odoo.tools import float_round

VERSION = "18.0.1.1.0"


def expect(before, env):
    rows = before["kpis"]["kpis"]["wip"]["workcenters"]
    for row in rows:
        efficiency = env["mrp.workcenter"].browse(row["workcenter_id"]).time_efficiency / 100
        if not row["capacity_minutes_per_day"] or efficiency in (0, 1):
            continue
        capacity = float_round(row["capacity_minutes_per_day"] / efficiency, 2)
        row["capacity_minutes_per_day"] = capacity
        row["load_days"] = float_round(row["remaining_minutes"] / capacity, 2)


def check(before, env, checker):
    rows = before["kpis"]["kpis"]["wip"]["workcenters"]
    checker.true(
        "scheduling/the release had a work centre whose efficiency is not 100 %",
        any(
            env["mrp.workcenter"].browse(row["workcenter_id"]).time_efficiency != 100
            for row in rows
        ),
    )
