"""The replenishment advisor over a whole warehouse, and the dynamic lot sizes at scale.

    /opt/industrial_logistics/venv/bin/python bench/bench_replenishment.py \
        -c $IL_HOME/odoo.conf -d DATABASE [--products 20000] [--moves 1000000] [--profile F]

On a database where the addon is installed (the demo plant may be there: it is another
company's), in one transaction rolled back at the end: a company of its own with one warehouse,
`--products` bought products (one vendor per 50, Buy route, a vendor delay of 2 to 9 days,
classes A 10 %, B 20 %, C 70 %), 9 in 10 consumed from the warehouse stock and 1 in 10 from one
of 20 line-side locations under it, `--moves` done consumption moves spread over the 13 weeks
of the window, and three purchase receipts a product in the window (confirmed 2 to 9 days
before), so the measured lead time is what the advisor uses. Generated rows are what the
advisor reads (moves, purchase lines and orders), not all Odoo would write (no move lines
nor valuation layers: the advisor reads neither).

Then, as a supply-chain manager: the advisor's Compute over the whole warehouse, its lead-time
measure alone, and Wagner-Whitin and Silver-Meal over 52 weekly periods for 20,000 items (pure
Python): wall time, CPU time of this process and of its PostgreSQL backend, SQL queries. The
load average is printed with the figures: on the shared machine the wall times are several
times a quiet machine's, the CPU times are not. `--profile FILE` runs the compute under
cProfile (slower) and prints where its time goes.
"""

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

WINDOW_WEEKS = 13
LINE_SIDE_LOCATIONS = 20
PRODUCTS_PER_VENDOR = 50


def generate(env, products, moves):
    """The company, warehouse, products, vendors, consumption and receipts; returns the
    warehouse, the window and the manager."""
    from generate import generate_products
    from plant_users import ensure_user

    from odoo import fields
    from odoo.tools import SQL

    company = env["res.company"].create(
        {"name": "Bench replenishment", "logistics_holding_cost_rate": 20.0}
    )
    env = env(context=dict(env.context, allowed_company_ids=[company.id]))
    # Odoo makes a new company's warehouse in test mode only
    warehouse = env["stock.warehouse"].create(
        {"name": "Bench replenishment", "code": "BRP", "company_id": company.id}
    )
    stock = warehouse.lot_stock_id
    lines = env["stock.location"].create(
        [
            {"name": f"Line {n}", "location_id": stock.id, "usage": "internal"}
            for n in range(LINE_SIDE_LOCATIONS)
        ]
    )
    vendors = env["res.partner"].create(
        [{"name": f"Bench vendor {n}"} for n in range(-(-products // PRODUCTS_PER_VENDOR))]
    )
    product_ids = generate_products(env, products)
    date_to = fields.Date.today() - timedelta(days=1)
    date_from = date_to - timedelta(weeks=WINDOW_WEEKS) + timedelta(days=1)
    env.cr.execute(SQL("SELECT setseed(0.42)"))
    _insert_items(env, warehouse, product_ids, vendors)
    _insert_consumption(env, warehouse, lines, products, moves, date_from, date_to)
    _insert_receipts(env, warehouse, date_from)
    # as autovacuum would have done on a live database: plans from fresh statistics
    env.cr.execute(
        SQL(
            "ANALYZE stock_move, purchase_order, purchase_order_line, product_product,"
            " product_template, product_supplierinfo, logistics_abc_history"
        )
    )
    env.invalidate_all()
    manager = ensure_user(env, "bench_policy_manager", "manager")
    manager.write({"company_ids": [(4, company.id)], "company_id": company.id})
    return warehouse, date_from, date_to, manager


def _insert_items(env, warehouse, product_ids, vendors):
    """The products' company, Buy route, vendor (one per 50) and ABC class."""
    from odoo.tools import SQL

    company = warehouse.company_id
    env.cr.execute(
        SQL(
            """
        CREATE TEMP TABLE bench_items ON COMMIT DROP AS
        SELECT p.id AS product_id, p.product_tmpl_id AS template_id, row_number() OVER () AS n
          FROM product_product p WHERE p.id = ANY(%(ids)s);
        UPDATE product_template t SET company_id = %(company)s
          FROM bench_items i WHERE i.template_id = t.id;
        INSERT INTO stock_route_product (product_id, route_id)
        SELECT template_id, %(buy)s FROM bench_items;
        INSERT INTO product_supplierinfo (partner_id, product_tmpl_id, company_id, currency_id,
                                          delay, min_qty, price, sequence, create_date,
                                          write_date)
        SELECT (%(vendors)s::int[])[1 + (i.n - 1) / %(per_vendor)s], i.template_id,
               %(company)s, %(currency)s, 2 + mod(i.n, 8), 0, 1, 1, now(), now()
          FROM bench_items i;
        INSERT INTO logistics_abc_history (product_id, warehouse_id, company_id, abc_class,
                                           date, is_current, create_date, write_date)
        SELECT i.product_id, %(warehouse)s, %(company)s,
               CASE WHEN mod(i.n, 10) = 0 THEN 'A' WHEN mod(i.n, 10) < 3 THEN 'B' ELSE 'C' END,
               now(), true, now(), now()
          FROM bench_items i;
        """,
            ids=product_ids,
            company=company.id,
            buy=env.ref("purchase_stock.route_warehouse0_buy").id,
            vendors=vendors.ids,
            per_vendor=PRODUCTS_PER_VENDOR,
            currency=company.currency_id.id,
            warehouse=warehouse.id,
        )
    )


def _insert_consumption(env, warehouse, lines, products, moves, date_from, date_to):
    """Done moves to production: the product's location (1 in 10 at a line-side one), a
    quantity 1-20, a day of the window."""
    from odoo.tools import SQL

    company = warehouse.company_id
    production = env["stock.location"].search(
        [("usage", "=", "production"), ("company_id", "in", [company.id, False])], limit=1
    )
    env.cr.execute(
        SQL(
            """
        INSERT INTO stock_move (name, product_id, product_uom, product_uom_qty, product_qty,
                                quantity, location_id, location_dest_id, company_id, state,
                                procure_method, date, picked, create_date, write_date,
                                reference)
        SELECT 'Bench consumption', i.product_id, %(uom)s, q, q, q,
               CASE WHEN mod(i.n, 10) = 1
                    THEN (%(lines)s::int[])[1 + mod(i.n / 10, %(nlines)s)]
                    ELSE %(stock)s END,
               %(production)s, %(company)s, 'done', 'make_to_stock',
               %(start)s::timestamp + make_interval(days => d, hours => 8), true, now(), now(),
               'BENCH/C'
          FROM (SELECT 1 + floor(random() * %(nproducts)s)::int AS n,
                       1 + floor(random() * 20) AS q,
                       floor(random() * %(days)s)::int AS d
                  FROM generate_series(1, %(moves)s)) g
          JOIN bench_items i ON i.n = g.n
        """,
            uom=env.ref("uom.product_uom_unit").id,
            lines=lines.ids,
            nlines=len(lines),
            stock=warehouse.lot_stock_id.id,
            production=production.id,
            company=company.id,
            start=date_from,
            nproducts=products,
            days=(date_to - date_from).days + 1,
            moves=moves,
        )
    )


def _insert_receipts(env, warehouse, date_from):
    """Three receipts a product, each its purchase order confirmed 2-9 days before it is
    done."""
    from odoo.tools import SQL

    company = warehouse.company_id
    env.cr.execute(
        SQL(
            """
        CREATE TEMP TABLE bench_receipts ON COMMIT DROP AS
        SELECT row_number() OVER () AS k, i.product_id, s.partner_id,
               %(start)s::timestamp + make_interval(days => 10 + 25 * r, hours => 9)
                   AS confirmed,
               2 + floor(random() * 8)::int AS delay
          FROM bench_items i
          JOIN product_supplierinfo s ON s.product_tmpl_id = i.template_id,
               generate_series(0, 2) r;
        CREATE TEMP TABLE bench_orders ON COMMIT DROP AS
        WITH inserted AS (
            INSERT INTO purchase_order (name, partner_id, company_id, currency_id, state,
                                        date_order, date_approve, picking_type_id,
                                        invoice_status, receipt_status, create_date,
                                        write_date)
            SELECT 'BENCH/PO/' || b.k, b.partner_id, %(company)s, %(currency)s, 'purchase',
                   b.confirmed, b.confirmed, %(in_type)s, 'no', 'full', now(), now()
              FROM bench_receipts b
            RETURNING id, name
        ) SELECT * FROM inserted;
        WITH order_lines AS (
            INSERT INTO purchase_order_line (name, order_id, product_id, product_qty,
                                             product_uom_qty, product_uom, price_unit,
                                             date_planned, company_id, currency_id, state,
                                             qty_received, create_date, write_date)
            SELECT 'Bench', o.id, b.product_id, 10, 10, %(uom)s, 1,
                   b.confirmed + make_interval(days => b.delay), %(company)s, %(currency)s,
                   'purchase', 10, now(), now()
              FROM bench_receipts b
              JOIN bench_orders o ON o.name = 'BENCH/PO/' || b.k
            RETURNING id, product_id, date_planned
        )
        INSERT INTO stock_move (name, product_id, product_uom, product_uom_qty, product_qty,
                                quantity, location_id, location_dest_id, company_id, state,
                                procure_method, date, picked, create_date, write_date,
                                reference, purchase_line_id, picking_type_id)
        SELECT 'Bench receipt', l.product_id, %(uom)s, 10, 10, 10, %(supplier)s, %(stock)s,
               %(company)s, 'done', 'make_to_stock', l.date_planned, true, now(), now(),
               'BENCH/R', l.id, %(in_type)s
          FROM order_lines l;
        """,
            company=company.id,
            currency=company.currency_id.id,
            start=date_from,
            in_type=warehouse.in_type_id.id,
            uom=env.ref("uom.product_uom_unit").id,
            supplier=env.ref("stock.stock_location_suppliers").id,
            stock=warehouse.lot_stock_id.id,
        )
    )


def backend_cpu(cr):
    """A function returning the CPU seconds (user + system) PostgreSQL's backend of `cr` has
    used, read from /proc (the server runs on this machine), or None where it cannot."""
    cr.execute("SELECT pg_backend_pid()")
    stat = Path(f"/proc/{cr.fetchone()[0]}/stat")
    tick = os.sysconf("SC_CLK_TCK")

    def read():
        try:
            after_name = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(after_name[11]) + int(after_name[12])) / tick

    return read


def measure(env, label, size, function, profile=None):
    """(label, size, wall s, Odoo CPU s, PostgreSQL CPU s, queries) of `function()`: the CPU
    times are what a loaded machine does not blur (the wall time waits for a core)."""
    pg_cpu = backend_cpu(env.cr)
    queries, pg_start = env.cr.sql_log_count, pg_cpu()
    cpu, start = time.process_time(), time.perf_counter()
    if profile:
        profile.runcall(function)
    else:
        function()
    env.flush_all()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    pg_end = pg_cpu()
    pg = pg_end - pg_start if pg_start is not None and pg_end is not None else float("nan")
    return (label, size, wall, cpu, pg, env.cr.sql_log_count - queries)


def time_advisor(env, warehouse, date_from, date_to, manager, profile=None):
    """The Compute button of an advisor over the whole warehouse, as the manager."""
    user_env = env(
        user=manager,
        context=dict(env.context, allowed_company_ids=[warehouse.company_id.id]),
    )
    advisor = user_env["logistics.replenishment.advisor"].create(
        {
            "warehouse_id": warehouse.id,
            "company_id": warehouse.company_id.id,
            "date_from": date_from,
            "date_to": date_to,
        }
    )
    env.flush_all()
    env.invalidate_all()
    row = measure(env, "advisor_compute_warehouse", "", advisor.action_compute, profile)
    rows = [(row[0], f"{len(advisor.line_ids):,} needs", *row[2:])]
    sources = dict(
        user_env["logistics.replenishment.advisor.line"]._read_group(
            [("advisor_id", "=", advisor.id)], ["lead_time_source"], ["__count"]
        )
    )
    products = advisor.line_ids.product_id
    locations = advisor.line_ids.location_id
    LeadTime = user_env["logistics.replenishment.lead.time"]
    env.invalidate_all()
    rows.append(
        measure(
            env,
            "lead_time_measure",
            f"{len(products):,} products, 3 sources",
            lambda: LeadTime._measured_lead_times(
                warehouse, products, locations, date_from, date_to
            ),
        )
    )
    return rows, sources


def time_lot_sizing(items, periods=52):
    """Wagner-Whitin and Silver-Meal over `periods` weekly demands for `items` items."""
    from odoo.addons.industrial_logistics.logistics_algorithms import lot_sizing

    rng = random.Random(42)
    series = [
        [0.0 if rng.random() < 0.3 else float(rng.randint(1, 200)) for _ in range(periods)]
        for _ in range(items)
    ]
    rows = []
    for name, method in (
        ("wagner_whitin", lot_sizing.wagner_whitin),
        ("silver_meal", lot_sizing.silver_meal),
    ):
        cpu, start = time.process_time(), time.perf_counter()
        for demand in series:
            method(demand, 100.0, 0.2)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        rows.append((name, f"{items:,} items x {periods} periods", wall, cpu, 0.0, 0))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--moves", type=int, default=1_000_000)
    parser.add_argument(
        "--profile", metavar="FILE", help="cProfile the compute; its statistics go to FILE"
    )
    args = parser.parse_args()

    import odoo
    from odoo import SUPERUSER_ID, api

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    profile = cProfile.Profile() if args.profile else None
    load_start = os.getloadavg()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": False})
        start = time.perf_counter()
        warehouse, date_from, date_to, manager = generate(env, args.products, args.moves)
        generated = time.perf_counter() - start
        rows, sources = time_advisor(env, warehouse, date_from, date_to, manager, profile)
        cr.rollback()
    if profile:
        profile.dump_stats(args.profile)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    rows += time_lot_sizing(args.products)
    load_end = os.getloadavg()
    print(
        f"generated {args.products:,} products and {args.moves:,} moves in {generated:.1f} s; "
        f"load average {load_start[0]:.1f} / {load_start[1]:.1f} / {load_start[2]:.1f} at the "
        f"start, {load_end[0]:.1f} / {load_end[1]:.1f} / {load_end[2]:.1f} at the end "
        f"({os.cpu_count()} cores)"
    )
    print(f"lead time sources: {sources}")
    print("| scenario | size | wall s | Odoo CPU s | PostgreSQL CPU s | queries |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, size, wall, cpu, pg, queries in rows:
        print(f"| {name} | {size} | {wall:.2f} | {cpu:.2f} | {pg:.2f} | {queries:,} |")


if __name__ == "__main__":
    main()
