"""Returns benchmark: the returns KPI family and the Pareto of the reasons over 100,000 returns
among 1,000,000 moves, and the handheld's scan that finds a return, as their users call them.

    /opt/industrial_logistics/venv/bin/python bench/bench_returns.py --db ilb_returns \
        --config $IL_HOME/odoo.conf [--reuse-db] [--repeat 5]

The database is dropped and created with the addon and no demo data (never a database of the
tests). The rows are written with set-based SQL like bench/generate.py: 2,000 products, 900,000
moves of bench/generate.py (10 % of them deliveries to customers), then 100,000 return moves
from the customers into a returns location, one inspection each (a reason among 12, a
customer among 500, costs), 80 % of them disposed of (one confirmed disposition each).
Timed, each call with a cold record cache as in its own request:

- the returns family (`logistics.kpi.dashboard.get_kpis(families=["returns"])`, what the
  dashboard and the workbook compute for it, Pareto included) as a supply-chain manager, over
  the last 30 and 365 days; and the Pareto alone (`models/returns_pareto.py`) over 365 days;
- `logistics.return.inspection.scan_return(reference)` as a storekeeper, 200 products with
  returns waiting.

Each row gives the median and p95 wall time, the median CPU time of this process (Python; the
database's own CPU is not in it) and the SQL queries, with the load average of the machine.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PRODUCTS = 2_000
MOVES = 900_000
RETURNS = 100_000
CUSTOMERS = 500
REASONS = 12
SCANS = 200


def generate_returns(env, products):
    """The returns location, reasons, customers, 100,000 return moves and their inspections."""
    from odoo.tools import SQL

    cr = env.cr
    cr.execute(SQL("SELECT setseed(0.42)"))
    warehouse = env.ref("stock.warehouse0")
    returns = env["stock.location"].create(
        {
            "name": "Returns",
            "usage": "internal",
            "location_id": warehouse.view_location_id.id,
            "logistics_returns": True,
        }
    )
    categories = ["transport_damage", "quality_defect", "wrong_part", "surplus", "end_of_life"]
    reasons = env["logistics.return.reason"].create(
        [
            {"code": f"BR{n}", "name": f"Bench reason {n}", "category": categories[n % 5]}
            for n in range(REASONS)
        ]
    )
    partners = env["res.partner"].create(
        [{"name": f"Bench customer {n}"} for n in range(CUSTOMERS)]
    )
    env.flush_all()
    customer = env.ref("stock.stock_location_customers").id
    cr.execute(
        SQL(
            """
        CREATE TEMP TABLE bench_returns ON COMMIT DROP AS
        SELECT n,
               (%(products)s::int[])[1 + floor(random() * %(nproducts)s)::int] AS product_id,
               (%(partners)s::int[])[1 + floor(power(random(), 2) * %(npartners)s)::int]
                   AS partner_id,
               -- a few reasons make most returns: the Pareto has something to find
               (%(reasons)s::int[])[1 + floor(power(random(), 3) * %(nreasons)s)::int]
                   AS reason_id,
               1 + floor(random() * 5) AS qty,
               now() - make_interval(days => floor(random() * 365)::int,
                                     hours => floor(random() * 24)::int) AS received,
               random() < 0.8 AS disposed,
               round((random() * 80)::numeric, 2) AS transport,
               round((random() * 2)::numeric, 2) AS hours
          FROM generate_series(1, %(count)s) n
        """,
            products=products,
            nproducts=len(products),
            partners=partners.ids,
            npartners=len(partners),
            reasons=reasons.ids,
            nreasons=len(reasons),
            count=RETURNS,
        )
    )
    cr.execute(
        SQL(
            """
        CREATE TEMP TABLE bench_return_moves ON COMMIT DROP AS
        WITH moves AS (
            INSERT INTO stock_move (name, product_id, product_uom, product_uom_qty, product_qty,
                                    quantity, location_id, location_dest_id, company_id, state,
                                    procure_method, date, picked, partner_id, reference,
                                    create_date, write_date)
            SELECT 'Bench return ' || b.n, b.product_id, %(uom)s, b.qty, b.qty, b.qty,
                   %(customer)s, %(returns)s, %(company)s, 'done', 'make_to_stock', b.received,
                   true, b.partner_id, 'BENCH-RET/' || b.n, b.received, b.received
              FROM bench_returns b ORDER BY b.n
            RETURNING id, reference
        )
        SELECT b.*, m.id AS move_id FROM moves m JOIN bench_returns b
            ON m.reference = 'BENCH-RET/' || b.n
        """,
            uom=env.ref("uom.product_uom_unit").id,
            customer=customer,
            returns=returns.id,
            company=env.company.id,
        )
    )
    cr.execute(
        SQL(
            """
        WITH inspections AS (
            INSERT INTO logistics_return_inspection (
                name, company_id, state, move_id, product_id, quantity, location_id,
                warehouse_id, returned_by, partner_id, reason_id, reason_category,
                inspector_id, date_received, date_inspected, date_disposed, qty_disposed,
                transport_cost, handling_hours, handling_cost, repair_cost, scrapped_value,
                recovered_value, credit_amount, total_cost, create_date, write_date)
            SELECT 'BENCH-RET/' || b.n, %(company)s,
                   CASE WHEN b.disposed THEN 'done' ELSE 'to_inspect' END, b.move_id,
                   b.product_id, b.qty, %(returns)s, %(warehouse)s, 'customer', b.partner_id,
                   b.reason_id, r.category, NULL, b.received,
                   CASE WHEN b.disposed THEN b.received + interval '1 day' END,
                   CASE WHEN b.disposed THEN b.received + interval '2 days' END,
                   CASE WHEN b.disposed THEN b.qty ELSE 0 END, b.transport, b.hours,
                   b.hours * 40, 0, 0, 0, 0, b.transport + b.hours * 40, b.received, b.received
              FROM bench_return_moves b JOIN logistics_return_reason r ON r.id = b.reason_id
            RETURNING id, quantity, date_disposed, state
        )
        INSERT INTO logistics_return_disposition (inspection_id, company_id, disposition_type,
                                                  quantity, location_dest_id, state, user_id,
                                                  date_done, repair_cost, scrapped_value,
                                                  recovered_value, create_date, write_date)
        SELECT i.id, %(company)s,
               (ARRAY['restock', 'repair', 'disassemble', 'recycle', 'scrap', 'vendor'])
                   [1 + mod(i.id, 6)],
               i.quantity, %(stock)s, 'done', 1, i.date_disposed, 0, 0, 0,
               i.date_disposed, i.date_disposed
          FROM inspections i WHERE i.state = 'done'
        """,
            company=env.company.id,
            returns=returns.id,
            warehouse=warehouse.id,
            stock=warehouse.lot_stock_id.id,
        )
    )
    # as autovacuum would on a live database: the generated locations too (without their
    # statistics the planner reads the year's deliveries once per source location)
    cr.execute(
        "ANALYZE stock_move, stock_location, stock_picking, logistics_return_inspection, "
        "logistics_return_disposition"
    )
    env.invalidate_all()


def timed(env, function, repeat):
    """(wall s, CPU s, queries) of each call, with a cold record cache as in a request."""
    import odoo

    samples = []
    for _run in range(repeat):
        env.flush_all()
        env.invalidate_all()
        counter = odoo.sql_db.sql_counter
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        samples.append(
            (
                time.perf_counter() - wall,
                time.process_time() - cpu,
                odoo.sql_db.sql_counter - counter,
            )
        )
    return samples


def scenarios(env, repeat):
    """(name, size, samples) of each timed call."""
    from plant_users import ensure_user

    from odoo.addons.industrial_logistics.models.returns_pareto import reason_pareto_rows

    manager = env(user=ensure_user(env, "bench_manager", "manager"))
    storekeeper = env(user=ensure_user(env, "bench_sk1", "storekeeper"))
    today = date.today()
    Dashboard = manager["logistics.kpi.dashboard"]
    rows = []
    for days in (30, 365):
        rows.append(
            (
                f"returns_kpi_family_{days}_days",
                f"{RETURNS:,} returns, {MOVES + RETURNS:,} moves",
                timed(
                    env,
                    lambda days=days: Dashboard.get_kpis(
                        today - timedelta(days=days - 1), today, families=["returns"]
                    ),
                    repeat,
                ),
            )
        )
    Family = manager["logistics.kpi.family.returns"]
    start = today - timedelta(days=364)
    domain = [
        ("date_received", ">=", str(start)),
        ("date_received", "<", str(today + timedelta(1))),
    ]
    rows.append(
        (
            "returns_pareto_365_days",
            f"{RETURNS:,} returns, {REASONS} reasons",
            timed(env, lambda: reason_pareto_rows(Family, domain), repeat),
        )
    )
    env.cr.execute(
        "SELECT DISTINCT p.default_code FROM logistics_return_inspection i"
        " JOIN product_product p ON p.id = i.product_id WHERE i.state != 'done'"
        " ORDER BY 1 LIMIT %s",
        [SCANS],
    )
    references = [row[0] for row in env.cr.fetchall()]
    Inspection = storekeeper["logistics.return.inspection"]
    Inspection.scan_return(references[0])  # the user's groups and rules, once per worker
    samples = []
    for reference in references:
        samples += timed(env, lambda reference=reference: Inspection.scan_return(reference), 1)
    rows.append(("return_scan", f"{SCANS} products scanned, {RETURNS:,} returns", samples))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="industrial_logistics_bench_returns")
    parser.add_argument("--config", default=str(Path("/opt/industrial_logistics") / "odoo.conf"))
    parser.add_argument("--odoo-src", default="/opt/odoo-18.0")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--reuse-db", action="store_true", help="keep the bench database (generated once)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH_DIR))
    from generate import generate_locations, generate_moves, generate_products
    from run import create_database, percentile

    if not args.reuse_db:
        create_database(sys.executable, str(Path(args.odoo_src) / "odoo-bin"), args.config, args.db)
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    registry = Registry(args.db)
    with registry.cursor() as cr:
        cr.execute("SELECT count(*) FROM logistics_return_inspection")
        generated = cr.fetchone()[0] >= RETURNS
    if not generated:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            started = time.perf_counter()
            products = generate_products(env, PRODUCTS)
            locations = generate_locations(env, 200)
            generate_moves(env, products, locations, MOVES)
            generate_returns(env, products)
            print(f"generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        load = os.getloadavg()
        rows = scenarios(env, args.repeat)
        cr.rollback()
    print(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
          f"after: {' '.join(f'{value:.1f}' for value in os.getloadavg())}")  # fmt: skip
    print("| scenario | size | median s | p95 s | median CPU s | queries |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, size, samples in rows:
        walls = [wall for wall, _cpu, _count in samples]
        cpus = [cpu for _wall, cpu, _count in samples]
        counts = [count for _wall, _cpu, count in samples]
        print(
            f"| {name} | {size} | {statistics.median(walls):.3f} | "
            f"{percentile(walls, 0.95):.3f} | {statistics.median(cpus):.3f} | "
            f"{statistics.median(counts):.0f} |"
        )


if __name__ == "__main__":
    main()
