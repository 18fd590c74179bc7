"""The count plan as a manager starts it, beside OCA's `stock_cycle_count` planner.

One warehouse per row, its bins each holding one bench product (classes: 1 product in 10 is A,
2 in 10 are B, the rest C), four storekeepers on its policy (30 counts a day each), the Plan
button's method called by a supply-chain manager in a plain context: mail and tracking as in
production. "with history": every bin was counted once in the last year, at a date spread over
it (a done count task for us, a done inventory adjustment for OCA).

OCA's planner is the "Compute cycle count rules" action of the warehouse, run by an inventory
manager, with one periodic rule of 4 counts a year and the same 91-day horizon.
"""

from datetime import timedelta

from bench_cycle_count import assign_fixed_classes
from plant_users import as_user, ensure_user, storekeepers

from odoo import fields
from odoo.tools import SQL

HORIZON_DAYS = 91
STOREKEEPERS = 4
CAPACITY_PER_STOREKEEPER = 30


def generate_bins(env, warehouse, count):
    """`count` bins under the warehouse's stock location, in zones of 100."""
    stock = warehouse.lot_stock_id
    env.flush_all()
    env.cr.execute(
        SQL(
            """
        WITH zones AS (
            INSERT INTO stock_location (name, complete_name, usage, location_id, company_id,
                                        warehouse_id, active, create_date, write_date)
            SELECT 'Zone ' || z, %(stock_name)s || '/Zone ' || z, 'internal', %(stock)s,
                   %(company)s, %(warehouse)s, true, now(), now()
              FROM generate_series(1, ceil(%(count)s / 100.0)::int) z
            RETURNING id, name, complete_name
        )
        INSERT INTO stock_location (name, complete_name, usage, location_id, company_id,
                                    warehouse_id, active, barcode, create_date, write_date)
        SELECT 'B' || n, z.complete_name || '/B' || n, 'internal', z.id, %(company)s,
               %(warehouse)s, true, %(code)s || '-B' || n, now(), now()
          FROM generate_series(1, %(count)s) n
          JOIN zones z ON z.name = 'Zone ' || ((n - 1) / 100 + 1)
        """,
            stock_name=stock.complete_name,
            stock=stock.id,
            company=warehouse.company_id.id,
            warehouse=warehouse.id,
            count=count,
            code=warehouse.code,
        )
    )
    for _level in range(2):
        env.cr.execute(
            SQL(
                """
            UPDATE stock_location l SET parent_path = p.parent_path || l.id || '/'
              FROM stock_location p
             WHERE l.location_id = p.id AND l.parent_path IS NULL AND p.parent_path IS NOT NULL
                """
            )
        )
    env.cr.execute(
        SQL(
            "SELECT id FROM stock_location WHERE barcode LIKE %s ORDER BY id",
            f"{warehouse.code}-B%",
        )
    )
    return [row[0] for row in env.cr.fetchall()]


def build_count_warehouse(env, code, locations, products, history):
    """A warehouse of `locations` stocked bins, its policy and team, classes, and history."""
    warehouse = env["stock.warehouse"].create({"name": f"Bench count {code}", "code": code})
    bins = generate_bins(env, warehouse, locations)
    env.cr.execute(
        SQL(
            """
        INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity,
                                 in_date, create_date, write_date)
        SELECT (%(products)s::int[])[1 + mod(n - 1, %(nproducts)s)], l, %(company)s, 10, 0,
               now(), now(), now()
          FROM unnest(%(bins)s::int[]) WITH ORDINALITY AS b(l, n)
            """,
            products=products,
            nproducts=len(products),
            bins=bins,
            company=warehouse.company_id.id,
        )
    )
    team = storekeepers(env, STOREKEEPERS, prefix=f"sk_{code.lower()}_")
    policy = env["logistics.count.policy"].create(
        {
            "warehouse_id": warehouse.id,
            "daily_capacity": CAPACITY_PER_STOREKEEPER,
            "capacity_basis": "storekeeper",
            "storekeeper_ids": [(6, 0, team.ids)],
        }
    )
    assign_fixed_classes(env, warehouse, products)
    if history:
        _add_history(env, warehouse, bins, team)
    env.invalidate_all()
    return {"warehouse": warehouse.id, "bins": bins, "policy": policy.id}


def _days_ago(index):
    return fields.Date.today() - timedelta(days=1 + (index * 37) % 365)


def _add_history(env, warehouse, bins, team):
    env.cr.execute(
        SQL(
            """
        INSERT INTO logistics_count_task (name, company_id, warehouse_id, location_id,
                                          date_planned, user_id, state, abc_class, is_recount,
                                          create_date, write_date)
        SELECT 'Bench count history', %(company)s, %(warehouse)s, l,
               current_date - (1 + mod((n - 1) * 37, 365))::int, %(user)s, 'done', 'C', false,
               now(), now()
          FROM unnest(%(bins)s::int[]) WITH ORDINALITY AS b(l, n)
            """,
            company=warehouse.company_id.id,
            warehouse=warehouse.id,
            user=team[0].id,
            bins=bins,
        )
    )
    if "stock.inventory" in env:
        inventories = (
            env["stock.inventory"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {"name": f"Bench history {location}", "location_ids": [(6, 0, [location])]}
                    for location in bins
                ]
            )
        )
        env.flush_all()
        env.cr.execute(
            SQL(
                """
            UPDATE stock_inventory i SET state = 'done',
                   date = now() - make_interval(days => 1 + mod((b.n - 1) * 37, 365)::int)
              FROM unnest(%(ids)s::int[]) WITH ORDINALITY AS b(id, n)
             WHERE i.id = b.id
                """,
                ids=inventories.ids,
            )
        )


def plan_as_manager(env, fixture, quiet=False):
    """The Plan button of a new quarter plan, as a supply-chain manager."""
    manager = ensure_user(env, "bench_manager", "manager")
    manager_env = as_user(env, manager, **({"tracking_disable": True} if quiet else {}))
    today = fields.Date.context_today(manager_env.user)
    plan = manager_env["logistics.count.plan"].create(
        {
            "warehouse_id": fixture["warehouse"],
            "date_from": today,
            "date_to": today + timedelta(days=HORIZON_DAYS),
        }
    )
    plan.action_plan()
    return plan


def plan_summary(plan):
    """Tasks, levelling (fewest and most a working day) and how many started on day one."""
    first_day = min(plan.task_ids.mapped("date_planned"), default=None)
    on_first = len(plan.task_ids.filtered(lambda task: task.date_planned == first_day))
    return (
        f"{len(plan.task_ids):,} counts, {plan.daily_load_min}-{plan.daily_load_max} a day "
        f"(avg {plan.daily_average:.1f}), {on_first} on day one"
    )


def prepare_oca(env, fixture):
    """OCA's setup as its user would make it: a periodic rule applied to the warehouse (picked
    in the rule's form), the warehouse's planning horizon."""
    warehouse = env["stock.warehouse"].browse(fixture["warehouse"])
    env["stock.cycle.count.rule"].create(
        {
            "name": f"Bench 4 a year {warehouse.code}",
            "rule_type": "periodic",
            "periodic_qty_per_period": 4,
            "periodic_count_period": 365,
            "apply_in": "warehouse",
            "warehouse_ids": [(6, 0, warehouse.ids)],
        }
    )
    warehouse.cycle_count_planning_horizon = HORIZON_DAYS


def oca_plan_as_manager(env, fixture):
    """OCA's "Compute cycle count rules" warehouse action, as an inventory manager."""
    manager = ensure_user(
        env, "bench_stock_manager", "manager", extra_groups=("stock.group_stock_manager",)
    )
    manager_env = as_user(env, manager)
    manager_env["stock.warehouse"].browse(fixture["warehouse"]).action_compute_cycle_count_rules()


def oca_summary(env, fixture):
    groups = env["stock.cycle.count"]._read_group(
        [("location_id.warehouse_id", "=", fixture["warehouse"]), ("state", "=", "draft")],
        ["date_deadline:day"],
        ["__count"],
    )
    loads = sorted(count for _day, count in groups)
    first = min(groups, default=(None, 0))[1]
    return (
        f"{sum(loads):,} counts, {loads[0] if loads else 0}-{loads[-1] if loads else 0} a "
        f"planned day, {first} on day one"
    )
