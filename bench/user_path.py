"""User-path benchmark: each action as its user starts it, mail as in production, OCA beside.

    /opt/industrial_logistics/venv/bin/python bench/user_path.py [--peers] [--sizes 1,4,16]

A throwaway database (default `industrial_logistics_user_path`) is dropped and created with the
addon (and, with --peers, OCA's `stock_cycle_count` and `stock_request_kanban` 18.0 with their
dependencies, installed by pip into a folder of the bench, never into the addon's requirements).
The plant has its people: storekeepers on the count policies, a manager following the loops he
created, operators scanning. Every row is the method a button or a screen calls, run as the role
that has the button, in a plain context, timed to the end of what its commit would do (mail
tracking is written at commit). Each runs in a transaction that is rolled back. Rows print
time, SQL queries and the e-mails, followers and messages the action produced.
Benchmarks are never part of the tests.
"""

import argparse
import configparser
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
IL_HOME = Path("/opt/industrial_logistics")
PEER_PACKAGES = (
    "odoo-addon-stock_cycle_count==18.0.*",
    "odoo-addon-stock_inventory==18.0.*",
    "odoo-addon-stock_inventory_discrepancy==18.0.*",
    "odoo-addon-stock_request==18.0.*",
    "odoo-addon-stock_request_kanban==18.0.*",
)
PEER_MODULES = "stock_cycle_count,stock_request_kanban"
COUNT_BASE = 250  # locations at x1: x4 = 1,000 and x16 = 4,000, the sizes compared with OCA
PEER_FACTORS = (4, 16)
LOOP_BASE = 500
ROUND_BASE = (50, 10)  # transfers, stops at x1


def install_peers(target):
    """OCA's wheels with pip, into a folder of the bench (not the shared virtualenv: a bare
    `odoo/` folder in site-packages would shadow the editable Odoo of every other user)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--upgrade"]
        + ["--target", str(target), *PEER_PACKAGES],
        check=True,
    )
    return target / "odoo" / "addons"


def create_database(args, addons_path, modules):
    subprocess.run(["dropdb", "--if-exists", args.db], check=True)
    subprocess.run(
        [sys.executable, str(Path(args.odoo_src) / "odoo-bin"), "-c", args.config]
        + ["-d", args.db, "-i", modules, "--addons-path", addons_path]
        + ["--without-demo=all", "--stop-after-init", "--no-http", "--log-level=warn"],
        check=True,
    )


def timed(env, run):
    """Wall time and queries of `run(env)` up to its commit, and the mail it produced."""
    from plant_users import finish, mail_counts, mail_delta

    import odoo

    finish(env)
    env.invalidate_all()
    before = mail_counts(env)
    counter = odoo.sql_db.sql_counter
    started = time.perf_counter()
    result = run(env)
    finish(env)
    seconds = time.perf_counter() - started
    queries = odoo.sql_db.sql_counter - counter
    return seconds, queries, mail_delta(before, mail_counts(env)), result


def build_plant(env, args):
    import bench_count_plan as count_plan
    from bench_kanban_peer import prepare_oca_kanbans
    from generate import (
        generate_kanban,
        generate_kanban_operator,
        generate_locations,
        generate_products,
    )
    from plant_users import ensure_user, follow

    products = generate_products(env, 2_000)
    plant = {"products": products, "count": {}}
    for factor in args.growth:
        key = f"N{args.count_base * factor}"
        plant["count"][key] = count_plan.build_count_warehouse(
            env, key, args.count_base * factor, products, history=False
        )
    for factor in PEER_FACTORS:
        key = f"H{args.count_base * factor}"
        plant["count"][key] = count_plan.build_count_warehouse(
            env, key, args.count_base * factor, products, history=True
        )
    bins = generate_locations(env, 1_200)
    plant["locations"] = bins
    loops = generate_kanban(
        env, products, bins, max(args.loop_base * max(args.growth), args.scans), 3
    )
    plant["kanban_loops"] = loops
    plant["kanban_operator"] = generate_kanban_operator(env)
    manager = ensure_user(env, "bench_manager", "manager")
    follow(env, "logistics.kanban.loop", loops, manager)
    if args.peers:
        for factor in PEER_FACTORS:
            for key in (f"N{args.count_base * factor}", f"H{args.count_base * factor}"):
                if key in plant["count"]:
                    count_plan.prepare_oca(env, plant["count"][key])
        plant["oca_kanbans"] = prepare_oca_kanbans(env, plant, args.scans)
    env.flush_all()
    return plant


def resize(loop_ids):
    def run(env):
        from plant_users import as_user, ensure_user, finish

        manager = as_user(env, ensure_user(env, "bench_manager", "manager"))
        wizard = manager["logistics.kanban.sizing"].create(
            {"loop_ids": [(6, 0, loop_ids)], "backtest_weeks": 8}
        )
        wizard.action_compute()
        finish(env)  # two clicks, two requests: the compute commits before the apply
        wizard.action_apply()

    return run


def round_build(env, plant, factor):
    from bench_milk_run import prepare_round_building
    from plant_users import as_user, ensure_user

    transfers, stops = ROUND_BASE[0] * factor, ROUND_BASE[1] * factor
    round_ = prepare_round_building(
        env, plant, transfers=transfers, stop_count=stops, capacity=transfers * 3 // 4
    )
    manager = ensure_user(env, "bench_manager", "manager")
    return (
        lambda env: round_.with_env(as_user(env, manager)).action_build(),
        f"{transfers} transfers, {stops} stops",
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="industrial_logistics_user_path")
    parser.add_argument("--config", default=str(IL_HOME / "odoo.conf"))
    parser.add_argument("--odoo-src", default="/opt/odoo-18.0")
    parser.add_argument("--peers", action="store_true", help="install OCA's peers beside")
    parser.add_argument(
        "--peers-dir", default=str(Path(tempfile.gettempdir()) / "industrial_logistics_peers")
    )
    parser.add_argument("--growth", default="1,4,16", help="size factors of the growth rows")
    parser.add_argument("--scans", type=int, default=200)
    parser.add_argument("--count-base", type=int, default=COUNT_BASE, help="locations at x1")
    parser.add_argument("--loop-base", type=int, default=LOOP_BASE, help="loops at x1")
    parser.add_argument("--reuse-db", action="store_true")
    parser.add_argument("--only", action="append", help="row name prefixes to run")
    args = parser.parse_args()
    args.growth = [int(factor) for factor in args.growth.split(",")]

    sys.path.insert(0, str(BENCH_DIR))
    config = configparser.ConfigParser()
    config.read(args.config)
    addons_path = config["options"]["addons_path"]
    modules = "industrial_logistics"
    if args.peers:
        addons_path += "," + str(install_peers(Path(args.peers_dir)))
        modules += "," + PEER_MODULES
    if not args.reuse_db:
        create_database(args, addons_path, modules)

    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        ["-c", args.config, "--addons-path", addons_path, "--log-level=warn"]
    )
    registry = Registry(args.db)
    started = time.perf_counter()
    with registry.cursor() as cr:
        plant = build_plant(api.Environment(cr, SUPERUSER_ID, {}), args)
    print(f"plant built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    rows, peers = run_rows(registry, plant, args)
    print_tables(rows, peers, args)


def wanted(args, name):
    return not args.only or any(name.startswith(prefix) for prefix in args.only)


def run_rows(registry, plant, args):
    import bench_count_plan as count_plan

    from odoo import SUPERUSER_ID, api

    rows, peers = [], {}

    def transaction(call):
        with registry.cursor() as cr:
            try:
                return call(api.Environment(cr, SUPERUSER_ID, {}))
            finally:
                cr.rollback()

    def count_row(key, quiet=False):
        fixture = plant["count"][key]

        def call(env):
            seconds, queries, mail, plan = timed(
                env, lambda e: count_plan.plan_as_manager(e, fixture, quiet)
            )
            return seconds, queries, mail, count_plan.plan_summary(plan)

        return transaction(call)

    def oca_count_row(key):
        fixture = plant["count"][key]

        def call(env):
            seconds, queries, mail, _ = timed(
                env, lambda e: count_plan.oca_plan_as_manager(e, fixture)
            )
            return seconds, queries, mail, count_plan.oca_summary(env, fixture)

        return transaction(call)

    base = args.count_base
    for factor in args.growth:
        label = f"{base * factor:,} locations, never counted (x{factor})"
        if wanted(args, "count_plan"):
            rows.append(("count_plan_quarter", label, "manager", *count_row(f"N{base * factor}")))
    for factor in PEER_FACTORS:
        label = f"{base * factor:,} locations, with history"
        if wanted(args, "count_plan"):
            rows.append(("count_plan_quarter", label, "manager", *count_row(f"H{base * factor}")))
    for factor in PEER_FACTORS if args.peers and wanted(args, "count_plan") else ():
        for key, label in (
            (f"N{base * factor}", f"{base * factor:,} locations, never counted"),
            (f"H{base * factor}", f"{base * factor:,} locations, with history"),
        ):
            ours = next((row for row in rows if row[1].startswith(label)), None)
            if ours:
                peers[("count_plan_quarter", label)] = (ours[3:], oca_count_row(key))
    largest = f"N{base * max(args.growth)}"
    if wanted(args, "count_plan_quiet"):
        rows.append(
            (
                "count_plan_quarter (quiet)",
                f"{base * max(args.growth):,} locations, never counted",
                "manager, tracking_disable",
                *count_row(largest, quiet=True),
            )
        )
    if wanted(args, "kanban_scan"):
        kanban_scan_rows(transaction, plant, args, rows, peers)
    for factor in args.growth:
        if wanted(args, "kanban_resize"):
            loop_ids = plant["kanban_loops"][: args.loop_base * factor]
            result = transaction(lambda env, ids=loop_ids: timed(env, resize(ids)))
            rows.append(
                ("kanban_resize", f"{len(loop_ids):,} loops (x{factor})", "manager", *result)
            )
        if wanted(args, "round_build"):

            def call(env, factor=factor):
                run, label = round_build(env, plant, factor)
                return label, timed(env, run)

            label, result = transaction(call)
            rows.append(("milk_run_round_build", f"{label} (x{factor})", "manager", *result))
    return rows, peers


def kanban_scan_rows(transaction, plant, args, rows, peers):
    """The scan row; with the peers, its times taken in pairs with OCA's (see
    bench_kanban_peer), what the scans leave from each side's own run."""
    from bench_kanban_peer import oca_scans, our_scans, paired_scans

    samples, second = transaction(lambda env: our_scans(env, plant, args.scans))
    ours = (
        statistics.median(s for s, _q in samples),
        statistics.median(q for _s, q in samples),
    )
    if args.peers:
        ours, oca = transaction(lambda env: paired_scans(env, plant, plant["oca_kanbans"]))
    rows.append(
        (
            "kanban_scan",
            f"{args.scans} cards, one transfer each (mail: all scans)",
            "operator",
            *ours,
            second["mail"],
            f"{second['transfers']} transfers; second scan of a card: "
            f"{second['second_scan_status']}, "
            f"{second['second_scan_qty']:g} more ordered",
        )
    )
    if args.peers:
        _samples, oca_second = transaction(lambda env: oca_scans(env, plant["oca_kanbans"]))
        peers[("kanban_scan", f"{args.scans} cards")] = (
            rows[-1][3:],
            (
                *oca,
                oca_second["mail"],
                f"{oca_second['transfers']} transfers; second scan of a kanban: "
                f"{oca_second['second_scan_qty']:g} more ordered, "
                f"{oca_second['requests_of_first_kanban']} requests",
            ),
        )


def print_tables(rows, peers, args):
    from plant_users import mail_label

    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"\n{datetime.now():%Y-%m-%d %H:%M} UTC, load average {' '.join(load)}\n")
    print("| scenario | size | as | s | queries | mail produced | result |")
    print("| --- | --- | --- | ---: | ---: | --- | --- |")
    for name, size, role, seconds, queries, mail, note in rows:
        mail_text = mail_label(mail)
        print(
            f"| {name} | {size} | {role} | {seconds:.3f} | {queries:,.0f} | {mail_text} | {note} |"
        )
    if not peers:
        return
    print("\n| scenario | size | ours s | OCA s | OCA / ours | ours queries | OCA queries | "
          "ours mail | OCA mail | ours | OCA |")  # fmt: skip
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |")
    for (name, size), (ours, oca) in peers.items():
        ratio = oca[0] / ours[0] if ours[0] else float("inf")
        print(
            f"| {name} | {size} | {ours[0]:.3f} | {oca[0]:.3f} | {ratio:.2f}x | {ours[1]:,.0f} | "
            f"{oca[1]:,.0f} | {mail_label(ours[2]) if ours[2] else '-'} | "
            f"{mail_label(oca[2]) if oca[2] else '-'} | {ours[3]} | {oca[3]} |"
        )


if __name__ == "__main__":
    main()
