"""18.0.1.1.0, milkrun (migrations/18.0.1.1.0/pre-milkrun.py): the circuits' train settings and
the plant distances are guarded by CHECK constraints. The release's rows all satisfy them, so
the pre-step lets the upgrade through and Odoo adds every constraint (a constraint Odoo could
not add would only show as a warning in the log, and the guard would be missing)."""

VERSION = "18.0.1.1.0"
CONSTRAINTS = {
    "logistics_milk_run": [
        "logistics_milk_run_capacity_not_negative",
        "logistics_milk_run_horizon_positive",
        "logistics_milk_run_speed_positive",
        "logistics_milk_run_vehicle_count_positive",
    ],
    "logistics_milk_run_distance": [
        "logistics_milk_run_distance_distance_not_negative",
        "logistics_milk_run_distance_distance_within_plant",
    ],
}


def record(env):
    """The demo plant's distances are computed, not stored: store one at the upper bound
    (100 km, which the new constraint still allows) between two new locations of the demo circuit,
    so a row is
    there when the constraint is added."""
    Location = env["stock.location"]
    parent = env.ref("stock.stock_location_stock")
    start, end = Location.create(
        [
            {"name": f"Upgrade Test Milkrun {name}", "location_id": parent.id, "usage": "internal"}
            for name in "AB"
        ]
    )
    env["logistics.milk.run.distance"].create(
        {
            "milk_run_id": env["logistics.milk.run"].search([], order="id", limit=1).id,
            "from_location_id": start.id,
            "to_location_id": end.id,
            "distance_m": 100000,
        }
    )
    env.flush_all()
    env.cr.execute("SELECT count(*) FROM logistics_milk_run_distance")
    distances = env.cr.fetchone()[0]
    env.cr.execute("SELECT count(*) FROM logistics_milk_run")
    return {"circuits": env.cr.fetchone()[0], "distances": distances}


def check(before, env, checker):
    mine = before["steps"]["milkrun"]
    checker.true("milkrun/the release had circuits and distances", all(mine.values()))
    for table, names in CONSTRAINTS.items():
        env.cr.execute(
            """SELECT conname FROM pg_constraint
                WHERE conrelid = %s::regclass AND contype = 'c' ORDER BY conname""",
            [table],
        )
        checker.equal(
            f"milkrun/{table} holds its CHECK constraints",
            names,
            [name for (name,) in env.cr.fetchall() if name in names],
        )
