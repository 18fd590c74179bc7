"""KPI benchmark scenarios: the dashboard's queries and the monthly workbook.

The moves are generated once and committed (`prepare`), then the daily stock snapshots are
rebuilt as the nightly cron would; the timed scenarios only read. Peak Python memory is
measured with tracemalloc in one extra, untimed run during the set-up (tracemalloc slows
Python down several times), and printed after the runner's table.
"""

import subprocess
import sys
import time
import tracemalloc
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

PEAK_MEMORY = {}


def prepare(size, name=None, function=None):
    """A committed plant with `size.moves` moves and its snapshots (once per database),
    then the peak memory of one run of `function`."""

    def setup(env, plant):
        _prepare_plant(env, plant)
        env.cr.commit()
        if function:
            tracemalloc.start()
            try:
                function(env, plant)
            finally:
                PEAK_MEMORY[name] = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                env.cr.rollback()

    def _prepare_plant(env, plant):
        from generate import generate_moves

        env.cr.execute("SELECT count(*) FROM stock_move WHERE reference LIKE 'BENCH/%%'")
        if env.cr.fetchone()[0] < size.moves:
            started = time.perf_counter()
            generate_moves(env, plant["products"], plant["locations"], size.moves, size.days)
            print(
                f"kpi: {size.moves:,} moves generated in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
        env.cr.execute("SELECT count(*) FROM logistics_kanban_scan WHERE source = 'bench'")
        if not env.cr.fetchone()[0]:
            started = time.perf_counter()
            counts = generate_family_history(env, plant, size)
            print(
                "kpi: {:,} scans, {:,} line stockouts, {:,} rounds, {:,} count lines generated "
                "in {:.1f} s".format(*counts, time.perf_counter() - started),
                file=sys.stderr,
            )
        env.cr.execute("SELECT max(date) FROM logistics_kpi_stock_snapshot")
        if env.cr.fetchone()[0] == date.today():
            return
        started = time.perf_counter()
        env["logistics.kpi.stock.snapshot"]._rebuild()
        # rows written in bulk: give the planner their statistics and the snapshots their
        # visibility map (index-only scans), as autovacuum would later; VACUUM needs its
        # own connection, outside this transaction
        env.cr.commit()
        subprocess.run(
            ["vacuumdb", "--analyze", "--quiet", "-t", "stock_move", "-t", "stock_valuation_layer",
             "-t", "logistics_kpi_stock_snapshot", "-t", "logistics_kpi_stock_daily",
             env.cr.dbname],
            check=True,
        )  # fmt: skip
        env.cr.execute("SELECT count(*) FROM logistics_kpi_stock_snapshot")
        print(
            f"kpi: {env.cr.fetchone()[0]:,} daily snapshots rebuilt in "
            f"{time.perf_counter() - started:.1f} s (the nightly cron, full history)",
            file=sys.stderr,
        )

    return setup


def generate_family_history(env, plant, size):
    """A year of what the kanban, milk-run and cycle-count features record, for the KPI
    families that read it: one received scan per 10 moves, a line stockout per two loops,
    16 rounds a day on one circuit of four stops, a count line per product per quarter."""
    from odoo.tools import SQL

    cr = env.cr
    company = env.company.id
    days = size.days
    cr.execute(SQL("SELECT setseed(0.42)"))
    cards = max(1, len(plant["kanban_loops"]) * size.cards_per_loop)
    cr.execute(
        SQL(
            """
        INSERT INTO logistics_kanban_scan (date, user_id, company_id, source, barcode, card_id,
                                           loop_id, status, state_before, state_after,
                                           date_received, lead_time_days, create_date,
                                           write_date)
        SELECT d, 1, %(company)s, 'bench', c.barcode, c.id, c.loop_id, 'ok', 'full',
               'replenishing', d + make_interval(secs => lt * 86400), lt, d, d
          FROM logistics_kanban_card c,
               LATERAL (SELECT now() - make_interval(days => floor(random() * %(days)s)::int,
                                                     hours => floor(random() * 24)::int) AS d,
                               round((0.1 + random() * 3)::numeric, 3)::float AS lt
                          FROM generate_series(1, %(per_card)s)) s
         WHERE c.company_id = %(company)s
        """,
            company=company,
            days=days,
            per_card=max(1, round(size.moves / 10 / cards)),
        )
    )
    scans = cr.rowcount
    cr.execute(
        SQL(
            """
        INSERT INTO logistics_stockout_event (loop_id, product_id, location_id, company_id,
                                              categ_id, user_id, date, date_end, duration_hours,
                                              create_date, write_date)
        SELECT l.id, l.product_id, l.location_id, l.company_id, t.categ_id, 1, d,
               d + make_interval(mins => m), m / 60.0, d, d
          FROM logistics_kanban_loop l
          JOIN product_product p ON p.id = l.product_id
          JOIN product_template t ON t.id = p.product_tmpl_id,
               LATERAL (SELECT now() - make_interval(days => floor(random() * %(days)s)::int)
                                   - make_interval(hours => mod(l.id, 24)) AS d,
                               10 + floor(random() * 240)::int AS m) e
         WHERE l.company_id = %(company)s AND mod(l.id, 2) = 0
        """,
            company=company,
            days=days,
        )
    )
    events = cr.rowcount
    warehouse = env.ref("stock.warehouse0")
    source, *stops = plant["locations"][:5]
    circuit = env["logistics.milk.run"].create(
        {
            "name": "Bench circuit",
            "source_location_id": source,
            "picking_type_id": warehouse.int_type_id.id,
            "capacity_containers": 12,
            "stop_ids": [
                (0, 0, {"sequence": n, "location_id": stop}) for n, stop in enumerate(stops)
            ],
        }
    )
    env.flush_all()
    cr.execute(
        SQL(
            """
        WITH rounds AS (
            INSERT INTO logistics_milk_run_round (name, milk_run_id, company_id, state,
                                                  planned_departure, actual_departure,
                                                  departure_delay_minutes, departed_on_time,
                                                  built_datetime, containers, fill_ratio,
                                                  overflow_count, capacity_containers,
                                                  create_date, write_date)
            SELECT 'Bench ' || n, %(circuit)s, %(company)s, 'done', p,
                   p + make_interval(mins => dl), dl, abs(dl) <= 5,
                   p - interval '15 minutes', c, c / 12.0,
                   CASE WHEN c = 12 THEN 1 ELSE 0 END, 12, p, p
              FROM generate_series(1, %(rounds)s) n,
                   LATERAL (SELECT date_trunc('hour', now()) - make_interval(hours => n) AS p,
                                   floor(random() * 12)::int - 2 AS dl,
                                   1 + floor(random() * 12)::int AS c) r
            RETURNING id, planned_departure
        )
        INSERT INTO logistics_milk_run_round_stop (round_id, company_id, stop_id, location_id,
                                                   sequence, trip, planned_arrival,
                                                   actual_arrival, within_window, state)
        SELECT r.id, %(company)s, s.id, s.location_id, s.sequence, 1,
               r.planned_departure + make_interval(mins => 10 * s.sequence),
               r.planned_departure + make_interval(mins => 10 * s.sequence + a), abs(a) <= 5,
               'done'
          FROM rounds r
          JOIN logistics_milk_run_stop s ON s.milk_run_id = %(circuit)s,
               LATERAL (SELECT floor(random() * 14)::int - 4 AS a) x
        """,
            circuit=circuit.id,
            company=company,
            # 16 departures a day (hourly, 06:00-22:00), as many days as the move history
            rounds=days * 16,
        )
    )
    rounds = days * 16
    cr.execute(
        SQL(
            """
        WITH tasks AS (
            INSERT INTO logistics_count_task (name, company_id, warehouse_id, location_id,
                                              date_planned, state, is_recount, date_counted,
                                              create_date, write_date)
            SELECT 'Bench count ' || n, %(company)s, %(warehouse)s,
                   (%(locations)s::int[])[1 + mod(n - 1, %(nlocations)s)],
                   (now() - make_interval(days => mod(n, %(days)s)))::date, 'done', false,
                   now() - make_interval(days => mod(n, %(days)s)), now(), now()
              FROM generate_series(1, %(tasks)s) n
            RETURNING id, location_id, date_counted
        )
        INSERT INTO logistics_count_line (task_id, company_id, location_id, abc_class,
                                          product_id, theoretical_qty, counted_qty, is_counted,
                                          difference_qty, unit_cost, difference_value,
                                          tolerance_percent, within_tolerance, counter_id,
                                          date_counted, create_date, write_date)
        SELECT t.id, %(company)s, t.location_id, (ARRAY['A', 'B', 'C'])[1 + mod(i, 3)],
               (%(products)s::int[])[1 + mod(t.id * 20 + i, %(nproducts)s)], q, q + d, true, d,
               5, 5 * d, 2, abs(d) <= 0.02 * q, 1, t.date_counted, now(), now()
          FROM tasks t, generate_series(1, 20) i,
               LATERAL (SELECT 10 + floor(random() * 90) AS q,
                               CASE WHEN random() < 0.9 THEN 0
                                    ELSE floor(random() * 7) - 3 END AS d) v
        """,
            company=company,
            warehouse=warehouse.id,
            locations=plant["locations"],
            nlocations=len(plant["locations"]),
            days=days,
            # every product counted four times a year, 20 lines a task
            tasks=max(1, size.products * 4 // 20),
            products=plant["products"],
            nproducts=len(plant["products"]),
        )
    )
    count_lines = cr.rowcount
    cr.execute(
        "ANALYZE logistics_kanban_scan, logistics_stockout_event, logistics_milk_run_round,"
        " logistics_milk_run_round_stop, logistics_count_task, logistics_count_line"
    )
    env.invalidate_all()
    return scans, events, rounds, count_lines


def dashboard(days):
    def load(env):
        today = date.today()
        env["logistics.kpi.dashboard"].get_dashboard_data(today - timedelta(days=days - 1), today)

    return lambda env, plant: load(env)


def workbook():
    def build(env):
        first = date.today().replace(day=1)
        env["logistics.kpi.workbook"]._build_workbook(
            first - relativedelta(months=1), first - timedelta(days=1)
        )

    return lambda env, plant: build(env)


def print_peak_memory():
    if not PEAK_MEMORY:
        return
    print()
    print("| scenario | peak Python memory MB |")
    print("| --- | ---: |")
    for name, peak in PEAK_MEMORY.items():
        print(f"| {name} | {peak / 2**20:.1f} |")
