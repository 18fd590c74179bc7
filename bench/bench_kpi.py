"""KPI benchmark scenarios: the dashboard's queries and the monthly workbook.

The moves are generated once and committed (`prepare`), then the daily stock snapshots are
rebuilt as the nightly cron would; the timed scenarios only read. Peak Python memory is
measured with tracemalloc in one extra, untimed run during the set-up (tracemalloc slows
Python down several times), and printed after the runner's table.
"""

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
        env.cr.execute("SELECT max(date) FROM logistics_kpi_stock_snapshot")
        if env.cr.fetchone()[0] == date.today():
            return
        started = time.perf_counter()
        env["logistics.kpi.stock.snapshot"]._rebuild()
        # rows written in bulk: give the planner their statistics, as autovacuum would later
        env.cr.execute(
            "ANALYZE stock_move, stock_valuation_layer, logistics_kpi_stock_snapshot,"
            " logistics_kpi_stock_daily"
        )
        env.cr.execute("SELECT count(*) FROM logistics_kpi_stock_snapshot")
        print(
            f"kpi: {env.cr.fetchone()[0]:,} daily snapshots rebuilt in "
            f"{time.perf_counter() - started:.1f} s (the nightly cron, full history)",
            file=sys.stderr,
        )

    return setup


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
