"""Benchmark runner: a throwaway database, a scaled plant, one table row per scenario.

    /opt/industrial_logistics/venv/bin/python bench/run.py [--scenario NAME ...] [--scale 0.1]

The database (default `industrial_logistics_bench`) is dropped and created with the addon
installed without demo data, the plant is generated at the requested size (bench/generate.py),
then every scenario runs `--repeat` times, each time in a transaction that is rolled back, and
the runner prints scenario, size, median and p95 wall time, SQL queries per run, and the
e-mails, followers and messages the last run produced. Each scenario runs as the role that has its
button (operator, manager), in a plain context, timed up to what its commit would do (mail
tracking is written at commit); `bench/user_path.py` adds the growth rows and OCA's peers.
Benchmarks are never part of the tests.
"""

import argparse
import math
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
IL_HOME = Path("/opt/industrial_logistics")


@dataclass(frozen=True)
class Scenario:
    name: str
    size: str
    run: object  # callable(env, plant) -> None, or samples when per_call
    # per_call: run() returns one (seconds, queries) sample per call it timed itself, and
    # the row gives their median and p95 instead of those of whole runs.
    per_call: bool = False
    # callable(env, plant) -> object, untimed, run in the same transaction; its result is
    # passed to `run` as plant["prepared"]
    prepare: object = None
    setup: object = None  # callable(env, plant), run once and committed before the timed runs


KANBAN_SCANS = 1_000


def scan_kanban_cards(env, plant):
    """Scan card 1 of the first loops as an operator, each scan with a cold record cache
    as in its own request; returns the server time and SQL queries of each scan."""
    from plant_users import as_user

    import odoo

    operator_env = as_user(env, plant["kanban_operator"])
    Card = operator_env["logistics.kanban.card"]
    barcodes = [
        card.barcode
        for card in Card.search(
            [("loop_id", "in", plant["kanban_loops"][:KANBAN_SCANS]), ("sequence", "=", 1)]
        )
    ]
    samples = []
    for barcode in barcodes:
        env.flush_all()
        env.invalidate_all()
        counter = odoo.sql_db.sql_counter
        started = time.perf_counter()
        result = Card.scan(barcode)
        env.flush_all()
        samples.append((time.perf_counter() - started, odoo.sql_db.sql_counter - counter))
        if result["status"] != "ok":
            raise RuntimeError(f"bench scan refused: {result['message']}")
    return samples


def run_procurements_alone(env, plant):
    """Odoo's own procurement.group.run of the containers the scans ask for (same loops,
    route, quantity and a procurement group made beforehand), without a card: what the
    replenishment alone costs when Odoo searches the rule itself, so that the scan's
    figures can be read against it. It runs as the scan runs it: in the operator's
    context, as superuser (an operator has no Inventory right of his own)."""
    from plant_users import as_user

    import odoo

    operator_env = as_user(env, plant["kanban_operator"])(su=True)
    Group = operator_env["procurement.group"]
    loops = operator_env["logistics.kanban.loop"].browse(plant["kanban_loops"][:KANBAN_SCANS])
    groups = env["procurement.group"].create(
        [{"name": f"BENCH-{loop_id}", "move_type": "direct"} for loop_id in loops.ids]
    )
    samples = []
    for loop, group in zip(loops, groups, strict=True):
        env.flush_all()
        env.invalidate_all()
        counter = odoo.sql_db.sql_counter
        started = time.perf_counter()
        procurement = Group.Procurement(
            loop.product_id,
            loop.container_qty,
            loop.product_id.uom_id,
            loop.location_id,
            loop.code,
            loop.code,
            loop.company_id,
            {
                "group_id": group.with_env(operator_env),
                "route_ids": loop.route_id,
                "warehouse_id": loop.warehouse_id,
                "company_id": loop.company_id,
                "date_planned": odoo.fields.Datetime.now(),
            },
        )
        Group.with_context(tracking_disable=True).run([procurement])
        env.flush_all()
        samples.append((time.perf_counter() - started, odoo.sql_db.sql_counter - counter))
    return samples


def resize_kanban_loops(env, plant):
    """The sizing wizard over every loop as a supply-chain manager: compute the proposals,
    then apply them."""
    from plant_users import as_user, ensure_user, finish

    manager_env = as_user(env, ensure_user(env, "bench_manager", "manager"))
    wizard = manager_env["logistics.kanban.sizing"].create(
        {"loop_ids": [(6, 0, plant["kanban_loops"])], "backtest_weeks": 8}
    )
    wizard.action_compute()
    finish(env)  # two clicks, two requests: the compute commits before the apply
    wizard.action_apply()


def scenarios(size):
    import bench_cycle_count as cycle_count
    import bench_kpi
    from bench_milk_run import TRANSFERS, build_round, prepare_round_building
    from generate import generate_moves

    kpi_size = f"{size.moves:,} moves, {size.products:,} products"
    return [
        Scenario(
            "generate_stock_moves",
            f"{size.moves:,} moves",
            lambda env, plant: generate_moves(
                env, plant["products"], plant["locations"], size.moves, size.days
            ),
        ),
        Scenario(
            "kanban_scan",
            f"{KANBAN_SCANS:,} scans, {size.kanban_loops:,} loops / "
            f"{size.kanban_loops * size.cards_per_loop:,} cards",
            scan_kanban_cards,
            per_call=True,
        ),
        Scenario(
            "procurement_run_alone",
            f"{KANBAN_SCANS:,} containers, the loops of kanban_scan",
            run_procurements_alone,
            per_call=True,
        ),
        Scenario(
            "kanban_resize_all_loops",
            f"{size.kanban_loops:,} loops",
            resize_kanban_loops,
        ),
        Scenario(
            "milk_run_build_round_fixed_order",
            f"{TRANSFERS} transfers, 40 stops",
            build_round,
            prepare=prepare_round_building,
        ),
        Scenario(
            "milk_run_build_round_pyvrp_2s",
            f"{TRANSFERS} transfers, 40 stops",
            build_round,
            prepare=lambda env, plant: prepare_round_building(env, plant, resequence=True),
        ),
        Scenario(
            "abc_reclassification",
            f"{size.products:,} products, {size.moves:,} moves (generated in the run)",
            lambda env, plant: cycle_count.abc_reclassification(env, plant, size.moves, size.days),
        ),
        Scenario(
            "abc_reclassification_only",
            f"{size.products:,} products, {size.moves:,} moves (generated before the clock)",
            cycle_count.reclassify,
            prepare=cycle_count.prepare_abc_history(size.moves, size.days),
        ),
        Scenario(
            "count_plan_quarter",
            f"{size.locations:,} locations, {size.quants:,} quants",
            cycle_count.quarter_plan,
        ),
        Scenario(
            "kpi_dashboard_cold_30_days",
            kpi_size,
            bench_kpi.dashboard(30),
            setup=bench_kpi.prepare(size, "kpi_dashboard_30_days", bench_kpi.dashboard(30)),
        ),
        Scenario(
            "kpi_dashboard_90_days",
            kpi_size,
            bench_kpi.dashboard(90),
            setup=bench_kpi.prepare(size, "kpi_dashboard_90_days", bench_kpi.dashboard(90)),
        ),
        Scenario(
            "kpi_dashboard_365_days",
            kpi_size,
            bench_kpi.dashboard(365),
            setup=bench_kpi.prepare(size, "kpi_dashboard_365_days", bench_kpi.dashboard(365)),
        ),
        Scenario(
            "kpi_monthly_workbook",
            kpi_size,
            bench_kpi.workbook(),
            setup=bench_kpi.prepare(size, "kpi_monthly_workbook", bench_kpi.workbook()),
        ),
    ]


def percentile(values, share):
    """Nearest-rank percentile: with few runs, an observed value, never an interpolation."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def create_database(python, odoo_bin, config, db):
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    subprocess.run(
        [
            python,
            odoo_bin,
            "-c",
            config,
            "-d",
            db,
            "-i",
            "industrial_logistics",
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ],
        check=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="industrial_logistics_bench")
    parser.add_argument("--config", default=str(IL_HOME / "odoo.conf"))
    parser.add_argument("--odoo-src", default="/opt/odoo-18.0")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every volume")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scenario", action="append", help="run only these (repeatable)")
    parser.add_argument("--reuse-db", action="store_true", help="keep an existing bench database")
    args = parser.parse_args()

    sys.path.insert(0, str(BENCH_DIR))
    import bench_kpi
    from generate import PlantSize, generate_plant, load_plant
    from plant_users import finish, mail_counts, mail_delta, mail_label

    size = PlantSize(
        **{
            field: max(1, round(value * args.scale))
            for field, value in vars(PlantSize()).items()
            if field not in ("days", "cards_per_loop")
        }
    )
    if not args.reuse_db:
        create_database(sys.executable, str(Path(args.odoo_src) / "odoo-bin"), args.config, args.db)

    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.perf_counter()
        base = size.__class__(
            products=size.products,
            locations=size.locations,
            quants=size.quants,
            moves=0,
            kanban_loops=size.kanban_loops,
            cards_per_loop=size.cards_per_loop,
        )
        plant = load_plant(env) if args.reuse_db else generate_plant(env, base)
        print(
            f"plant generated in {time.perf_counter() - started:.1f} s: "
            f"{len(plant['products']):,} products, {len(plant['locations']):,} locations, "
            f"{plant['quants']:,} quants",
            file=sys.stderr,
        )

    selected = [s for s in scenarios(size) if not args.scenario or s.name in args.scenario]
    rows = []
    for scenario in selected:
        if scenario.setup:
            with registry.cursor() as cr:
                scenario.setup(api.Environment(cr, SUPERUSER_ID, {}), plant)
        times, queries = [], []
        for _run in range(args.repeat):
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                if scenario.prepare:
                    plant = {**plant, "prepared": scenario.prepare(env, plant)}
                finish(env)
                before = mail_counts(env)
                counter = odoo.sql_db.sql_counter
                started = time.perf_counter()
                samples = scenario.run(env, plant)
                finish(env)
                if scenario.per_call:
                    times += [seconds for seconds, _count in samples]
                    queries += [count for _seconds, count in samples]
                else:
                    times.append(time.perf_counter() - started)
                    queries.append(odoo.sql_db.sql_counter - counter)
                mail = mail_delta(before, mail_counts(env))
                cr.rollback()
        rows.append(
            (
                scenario.name,
                scenario.size,
                statistics.median(times),
                percentile(times, 0.95),
                statistics.median(queries),
                mail,
            )
        )

    print("| scenario | size | median s | p95 s | queries | mail produced (whole run) |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for name, label, median, p95, count, mail in rows:
        print(f"| {name} | {label} | {median:.3f} | {p95:.3f} | {count:.0f} | {mail_label(mail)} |")
    bench_kpi.print_peak_memory()


if __name__ == "__main__":
    main()
