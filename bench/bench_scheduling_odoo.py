#!/usr/bin/env python3
"""Scheduling in Odoo (issue 15): the levelling wizard on 500 MOs, load and board on 10,000
open work orders. Runs in a database where the addon is installed, in one transaction that is
rolled back (nothing stays), as a supply-chain manager:

    source tools/setup.sh; prepare
    $VENV/bin/python bench/bench_scheduling_odoo.py -c $ODOO_CONF -d $IL_TEST_DB

Levelling: 6 work centres open 06:00-22:00 on weekdays (Europe/Paris), 20 products whose BoMs
have 4 operations of 15-75 min on 4 different centres, 500 confirmed MOs of one unit released
over the first 17 days (their start), due 2 to 6 days later, one in five urgent (about 78 % of
the 4 weeks' capacity). Timed: `action_propose` with a 30 s budget (CP-SAT), then with the
solver switched off (the EDD fallback), weighted tardiness of both from the proposal lines;
then `action_apply` of the solver's proposal.
Load: the work orders copied in SQL up to 10,000 open ones, planned over the 4 weeks; timed
with a cold cache: `logistics.workcenter.load._compute_load` over 28 days, the load screen's
`action_open_load`, and the planning board's `get_board_data` (3 weeks, all centres).
"""

import argparse
import os
import random
import time
from datetime import date, datetime, timedelta
from unittest.mock import patch

import odoo
from odoo import SUPERUSER_ID, Command, api

CENTRES = 6
PRODUCTS = 20
ORDERS = 500
OPEN_WORKORDERS = 10_000
CPU_SECONDS = []  # this process's CPU time of each timed call (the machine is shared)


def build_plant(env, monday):
    rng = random.Random(15)
    calendar = env["resource.calendar"].create(
        {
            "name": "Bench 06-22",
            "tz": "Europe/Paris",
            "attendance_ids": [
                Command.create(
                    {
                        "name": f"{day} {period}",
                        "dayofweek": str(day),
                        "hour_from": start,
                        "hour_to": end,
                        "day_period": period,
                    }
                )
                for day in range(5)
                for start, end, period in ((6, 14, "morning"), (14, 22, "afternoon"))
            ],
        }
    )
    centres = env["mrp.workcenter"].create(
        [
            {"name": f"Bench WC {n}", "resource_calendar_id": calendar.id, "time_start": 5}
            for n in range(CENTRES)
        ]
    )
    boms = env["mrp.bom"]
    for n in range(PRODUCTS):
        product = env["product.product"].create({"name": f"Bench FG {n}", "type": "consu"})
        route = rng.sample(list(centres), 4)
        boms |= env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_qty": 1,
                "operation_ids": [
                    Command.create(
                        {
                            "name": f"Op {k}",
                            "workcenter_id": centre.id,
                            "time_mode": "manual",
                            "time_cycle_manual": rng.randint(10, 70),
                            "sequence": 10 * k,
                        }
                    )
                    for k, centre in enumerate(route)
                ],
            }
        )
    vals = []
    for _n in range(ORDERS):
        bom = rng.choice(boms)
        release = monday + timedelta(days=rng.randint(0, 16), hours=rng.randint(6, 18))
        vals.append(
            {
                "product_id": bom.product_tmpl_id.product_variant_id.id,
                "bom_id": bom.id,
                "product_qty": 1,
                "date_start": release,
                "date_deadline": release + timedelta(days=rng.randint(2, 6)),
                "priority": "1" if rng.random() < 0.2 else "0",
            }
        )
    productions = env["mrp.production"].create(vals)
    productions.action_confirm()
    return centres, productions


def weighted_tardiness(wizard):
    total = 0
    for line in wizard.line_ids:
        if line.deadline and line.proposed_end > line.deadline:
            weight = 3 if line.production_id.priority == "1" else 1
            total += weight * (line.proposed_end - line.deadline).total_seconds() / 60
    return round(total)


def late(wizard):
    return len(wizard.line_ids.filtered(lambda line: line.proposed_end > line.deadline))


def timed(env, function):
    env.invalidate_all()
    env.cr.flush()
    queries = env.cr.sql_log_count
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    env.flush_all()
    CPU_SECONDS.append(time.process_time() - cpu)
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def level(manager_env, centres, monday, solver=True):
    from odoo.addons.industrial_logistics.wizards import logistics_shop_levelling as module

    wizard = manager_env["logistics.shop.levelling"].create(
        {
            "date_from": monday.date(),
            "date_to": monday.date() + timedelta(days=27),
            "workcenter_ids": [Command.set(centres.ids)],
            "time_limit": 30,
        }
    )
    if solver:
        _r, seconds, queries = timed(manager_env, wizard.action_propose)
    else:
        with patch.object(module, "shop_solver", None):
            _r, seconds, queries = timed(manager_env, wizard.action_propose)
    return wizard, seconds, queries


def copy_workorders(env, centres, monday):
    """Copy the open work orders in SQL up to OPEN_WORKORDERS, planned over the 4 weeks
    (as many days as a plan would, no leave: the load reads the work orders' dates)."""
    cr = env.cr
    env.flush_all()
    cr.execute("SELECT id FROM mrp_workorder WHERE workcenter_id = ANY(%s)", [centres.ids])
    originals = [row[0] for row in cr.fetchall()]
    needed = OPEN_WORKORDERS - len(originals)
    while needed > 0:
        cr.execute(
            """
            INSERT INTO mrp_workorder (name, workcenter_id, production_id, product_uom_id,
                   state, duration_expected, date_start, operation_id)
            SELECT name, workcenter_id, production_id, product_uom_id, 'ready',
                   duration_expected,
                   %(monday)s + (floor(random() * 27) || ' days')::interval
                              + interval '6 hours',
                   operation_id
              FROM mrp_workorder WHERE id = ANY(%(ids)s) LIMIT %(limit)s
            """,
            {"monday": monday, "ids": originals, "limit": min(needed, len(originals))},
        )
        needed -= cr.rowcount
    cr.execute(
        """UPDATE mrp_workorder SET date_finished = date_start
                  + (duration_expected || ' minutes')::interval
            WHERE workcenter_id = ANY(%s) AND date_finished IS NULL AND date_start IS NOT NULL""",
        [centres.ids],
    )
    cr.execute(
        "SELECT count(*) FROM mrp_workorder WHERE workcenter_id = ANY(%s) AND state NOT IN "
        "('done', 'cancel')",
        [centres.ids],
    )
    env.invalidate_all()
    return cr.fetchone()[0]


def run_levelling(manager_env, centres, monday):
    solver, solver_s, solver_q = level(manager_env, centres, monday)
    solver_cpu = CPU_SECONDS[-1]
    fallback, fallback_s, _q = level(manager_env, centres, monday, solver=False)
    print(
        f"levelling 500 MOs x 4 ops, 30 s budget: {solver_s:.1f} s (CPU {solver_cpu:.1f} s, "
        f"all threads), {solver_q} queries, "
        f"status {solver.status}, weighted tardiness {weighted_tardiness(solver)} min, "
        f"{late(solver)} late; fallback {fallback_s:.1f} s, weighted tardiness "
        f"{weighted_tardiness(fallback)} min, {late(fallback)} late"
    )
    _r, apply_s, apply_q = timed(manager_env, solver.action_apply)
    print(f"apply 500 MOs: {apply_s:.1f} s (CPU {CPU_SECONDS[-1]:.1f} s), {apply_q} queries")
    print(f"load average: {os.getloadavg()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--load-only", action="store_true", help="skip the levelling")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    today = date.today()
    monday = datetime.combine(today + timedelta(days=7 - today.weekday()), datetime.min.time())
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "Europe/Paris"})
        manager = env["res.users"].create(
            {
                "name": "Bench scheduler",
                "login": "bench_scheduler",
                "groups_id": [
                    Command.link(env.ref("industrial_logistics.group_logistics_manager").id)
                ],
            }
        )
        manager_env = env(user=manager)
        start = time.perf_counter()
        centres, productions = build_plant(env, monday)
        print(f"plant: {len(productions)} MOs in {time.perf_counter() - start:.1f} s")
        print(f"load average before: {os.getloadavg()}")
        if not args.load_only:
            run_levelling(manager_env, centres, monday)
        count = copy_workorders(env, centres, monday)
        Load = manager_env["logistics.workcenter.load"]
        for label, function in (
            (
                "_compute_load, 28 days",
                lambda: Load._compute_load(monday.date(), monday.date() + timedelta(days=27)),
            ),
            ("action_open_load, 28 days", lambda: Load.action_open_load(monday.date(), 28)),
            (
                "planning board, 21 days",
                lambda: manager_env["logistics.planning.board"].get_board_data(monday.date(), 21),
            ),
        ):
            samples = [timed(manager_env, function)[1:] for _n in range(3)]
            seconds = sorted(s for s, _q in samples)
            cpu = sorted(CPU_SECONDS[-3:])
            print(
                f"{label} over {count} open work orders: median {seconds[1]:.2f} s, "
                f"max {seconds[2]:.2f} s (Odoo process CPU median {cpu[1]:.2f} s), "
                f"{samples[-1][1]} queries"
            )
        print(f"load average after: {os.getloadavg()}")
        cr.rollback()


if __name__ == "__main__":
    main()
