"""18.0.1.1.0, milkrun: the database now guards the circuits' train settings and the plant
distances with CHECK constraints (a train, a positive speed and horizon, capacities not
negative, a distance inside a plant at most 100 km). The release's forms already refused such
circuits, but a distance over 100 km (a typo in metres) or a row written by an import could be
there. Odoo would then skip the constraint with a warning and the guard would silently be
missing, so the upgrade stops before changing anything and names the rows to correct."""

from odoo.exceptions import UserError
from odoo.tools import SQL

CHECKS = (
    (
        "logistics_milk_run",
        "vehicle_count < 1 OR speed_m_per_min <= 0 OR horizon_hours <= 0"
        " OR capacity_containers < 0 OR capacity_weight < 0 OR capacity_volume < 0",
        "milk-run circuits with no train, a speed or horizon not positive or a negative capacity",
    ),
    (
        "logistics_milk_run_distance",
        "distance_m > 100000",
        "plant distances over 100 km (100,000 m)",
    ),
)


def offending_rows(cr):
    """{description: [ids]} of the rows the new constraints would refuse."""
    found = {}
    for table, condition, description in CHECKS:
        cr.execute(
            SQL("SELECT id FROM %s WHERE %s ORDER BY id", SQL.identifier(table), SQL(condition))
        )
        ids = [row[0] for row in cr.fetchall()]
        if ids:
            found[description] = ids
    return found


def migrate(cr, version):
    if not version:
        return
    found = offending_rows(cr)
    if found:
        listing = "; ".join(f"{what}: ids {ids}" for what, ids in found.items())
        raise UserError(
            "industrial_logistics 18.0.1.1.0 cannot be installed over this database yet: "
            f"correct these rows in the current version, then upgrade again ({listing})."
        )
