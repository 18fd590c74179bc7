"""Peak-shift load test: handhelds over HTTP JSON-RPC against Odoo started with workers.

    /opt/industrial_logistics/venv/bin/python bench/load_peak.py [--scenario hot ...]

A throwaway database (default `industrial_logistics_load`) gets the addon with its demo
plant, then the shop floor of bench/load_plant.py (16 operators, drivers, storekeepers,
loops, stock, rounds, count tasks). Odoo is started on a loopback port with `--workers`;
every handheld is a thread with its own HTTP session, logged in as its own user. The
scenarios, one after the other:

- `distinct`: 16 operators, each 25 cards of its own part plus 20 % re-scans of a
  neighbour's cards (issue 21);
- `hot`: the same on cards of one part (one supermarket quant);
- `issue11`: 2,000 distinct cards of 20 parts, 20 % re-scans, some of them by two
  operators at the same instant (issue 11);
- `mixed`: 10 operators scanning (distinct parts and the hot part) and declaring missing
  parts, 3 drivers starting their rounds and confirming drops (the hot part among them),
  3 storekeepers counting.

Each scenario prints actions/s, median/p95/max per action type and errors; after it, once
the reservation pass has drained, the database is checked: one replenishment per card
accepted, no duplicate, every scan logged, card states explained by their log, stock and
reservations equal to their moves. Server memory and CPU are sampled. Never part of the
tests.
"""

import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests
from load_peak_server import Server, database, prepare_database

BENCH_DIR = Path(__file__).resolve().parent
IL_HOME = Path(os.environ.get("IL_HOME", "/opt/industrial_logistics"))
SCENARIOS = ("distinct", "hot", "issue11", "mixed")


class Handheld:
    """One device: its own HTTP session, logged in as its own user."""

    def __init__(self, url, db, login, password):
        self.url, self.login = url, login
        self.http = requests.Session()
        session = self._rpc(
            "/web/session/authenticate", {"db": db, "login": login, "password": password}
        )
        # What the web client's orm service sends with every call: the user's context
        # (language, time zone) and the company it works in.
        self.context = dict(
            session["user_context"],
            allowed_company_ids=[session["user_companies"]["current_company"]],
        )

    def _rpc(self, path, params):
        response = self.http.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
            timeout=120,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(body["error"]["data"].get("message") or body["error"]["message"])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self._rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": {"context": self.context, **kwargs},
            },
        )


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples = defaultdict(list)
        self.errors = []
        self.statuses = defaultdict(int)

    def timed(self, kind, func, *args, **kwargs):
        started = time.perf_counter()
        try:
            result = func(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - every failure is counted and shown
            with self.lock:
                self.errors.append(f"{kind}: {error}")
            return None
        finally:
            with self.lock:
                self.samples[kind].append(time.perf_counter() - started)
        if isinstance(result, dict) and "status" in result:
            with self.lock:
                self.statuses[(kind, result["status"])] += 1
        return result


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered) + 0.4999) - 1)]


def scan_lists(own, neighbours, rng, rescans=0.2):
    """Per operator: its own cards plus a share of re-scans of its neighbour's, shuffled."""
    lists = []
    for number, cards in enumerate(own):
        extra = rng.sample(neighbours[(number + 1) % len(neighbours)], round(len(cards) * rescans))
        mixed = list(cards) + extra
        rng.shuffle(mixed)
        lists.append(mixed)
    return lists


def operator_work(plan, scenario, rng):
    """{login: [action]} with action = (kind, args) for the operators of a scan scenario."""
    operators = plan["operators"]
    if scenario == "distinct":
        own = [cards[:25] for cards in plan["distinct"]]
        lists = scan_lists(own, own, rng)
    elif scenario == "hot":
        cards = plan["hot"]
        own = [cards[number * 25 : (number + 1) * 25] for number in range(len(operators))]
        lists = scan_lists(own, own, rng)
    else:  # issue11: 2,000 cards dealt to 16 operators
        cards = [barcode for loop in plan["issue11"] for barcode in loop]
        rng.shuffle(cards)
        own = [cards[number :: len(operators)] for number in range(len(operators))]
        lists = scan_lists(own, own, rng)
    work = {}
    for login, barcodes in zip(operators, lists, strict=True):
        actions = [("scan", barcode) for barcode in barcodes]
        if scenario == "issue11":  # every 25th action: the same card by two operators at once
            actions = [("pair" if i % 25 == 24 else kind, b) for i, (kind, b) in enumerate(actions)]
        work[login] = actions
    return work


def mixed_work(plan, rng):
    work = {}
    hot = iter(plan["mixed_hot"])
    for number, login in enumerate(plan["operators"][: len(plan["mixed"])]):
        own = iter(plan["mixed"][number])
        actions = []
        for _step in range(40):
            draw = rng.random()
            if draw < 0.6:
                actions.append(("scan", next(own)))
            elif draw < 0.85:
                actions.append(("scan", next(hot)))
            else:
                actions.append(("declare", plan["mixed"][number][0]))
        work[login] = actions
    for login, rounds in plan["rounds"].items():
        work[login] = [("round", round_) for round_ in rounds]
    for login, tasks in plan["counts"].items():
        work[login] = [("count", task) for task in tasks]
    return work


def perform(device, partner, recorder, kind, arg):
    if kind == "scan":
        recorder.timed("scan", device.call, "logistics.kanban.card", "scan", arg, source="load")
    elif kind == "pair":
        barrier = threading.Barrier(2)

        def twin(handheld):
            barrier.wait()
            recorder.timed(
                "scan (pair)", handheld.call, "logistics.kanban.card", "scan", arg, source="load"
            )

        other = threading.Thread(target=twin, args=(partner,))
        other.start()
        twin(device)
        other.join()
    elif kind == "declare":
        recorder.timed("declare", device.call, "logistics.stockout.event", "declare", barcode=arg)
    elif kind == "round":
        model = "logistics.milk.run.round"
        recorder.timed("round start", device.call, model, "action_start", [arg["id"]])
        for barcode in dict.fromkeys(arg["stops"]):
            stop = recorder.timed(
                "arrive", device.call, model, "action_scan_location", [arg["id"]], barcode
            )
            if stop:
                recorder.timed(
                    "drop",
                    device.call,
                    "logistics.milk.run.round.stop",
                    "action_confirm_drop",
                    [stop],
                )
    elif kind == "count":
        model, task = "logistics.count.task", [arg["id"]]
        recorder.timed("count scan", device.call, model, "action_scan", task, arg["location"])
        for barcode, quantity in arg["products"]:
            line = recorder.timed("count scan", device.call, model, "action_scan", task, barcode)
            if line:
                recorder.timed(
                    "count qty",
                    device.call,
                    model,
                    "action_set_counted_qty",
                    task,
                    line["line_id"],
                    quantity,
                )
        recorder.timed("count submit", device.call, model, "action_submit", task)


def run_scenario(url, db, plan, work):
    recorder = Recorder()
    password = plan["password"]
    logins = list(work)
    devices = {login: Handheld(url, db, login, password) for login in logins}
    partners = {
        login: Handheld(url, db, logins[(n + 1) % len(logins)], password)
        for n, login in enumerate(logins)
        if any(kind == "pair" for kind, _arg in work[login])
    }
    start = threading.Barrier(len(logins) + 1)

    def handheld(login):
        start.wait()
        for kind, arg in work[login]:
            perform(devices[login], partners.get(login), recorder, kind, arg)

    threads = [threading.Thread(target=handheld, args=(login,)) for login in logins]
    for thread in threads:
        thread.start()
    start.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return recorder, time.perf_counter() - started


def report(name, recorder, elapsed):
    count = sum(len(v) for v in recorder.samples.values())
    print(f"\n## {name}: {count} actions in {elapsed:.1f} s = {count / elapsed:.1f} actions/s")
    print("| action | count | per s | median s | p95 s | max s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind, values in sorted(recorder.samples.items()):
        print(
            f"| {kind} | {len(values)} | {len(values) / elapsed:.1f} | "
            f"{statistics.median(values):.3f} | {percentile(values, 0.95):.3f} | "
            f"{max(values):.3f} |"
        )
    statuses = ", ".join(f"{k[0]} {k[1]}: {v}" for k, v in sorted(recorder.statuses.items()))
    print(f"answers: {statuses}; errors: {len(recorder.errors)}")
    for error in recorder.errors[:5]:
        print(f"  error: {error}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="industrial_logistics_load")
    parser.add_argument("--config", default=str(IL_HOME / "odoo.conf"))
    parser.add_argument("--odoo-src", default="/opt/odoo-18.0")
    parser.add_argument("--port", type=int, default=8179)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--scenario", action="append", choices=SCENARIOS)
    parser.add_argument("--log", default="/tmp/load_peak_server.log")
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--fresh", action="store_true", help="rebuild the template database")
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH_DIR))
    import load_plant

    import odoo

    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])

    plan = prepare_database(args, load_plant)
    registry, env_in = database(args.db)
    Path(args.log).unlink(missing_ok=True)
    server = Server(args)
    rng = random.Random(args.seed)
    print(f"Odoo --workers {args.workers}, load average {os.getloadavg()[0]:.1f} at start")
    try:
        for name in args.scenario or SCENARIOS:
            with registry.cursor() as cr:
                cr.execute("SELECT now() AT TIME ZONE 'UTC'")
                since = cr.fetchone()[0]
                before = {"since": since, "quants": load_plant.quant_snapshot(env_in(cr))}
            work = mixed_work(plan, rng) if name == "mixed" else operator_work(plan, name, rng)
            cpu = server.cpu_seconds()
            recorder, elapsed = run_scenario(server.url, args.db, plan, work)
            cpu = server.cpu_seconds() - cpu
            report(name, recorder, elapsed)
            rss, uss = server.memory()
            print(
                f"server: {cpu:.1f} CPU s ({cpu / elapsed:.2f} cores), largest worker "
                f"{rss:.0f} MB RSS, server {uss:.0f} MB unique; load average "
                f"{os.getloadavg()[0]:.1f}"
            )
            drained = time.perf_counter()
            while True:
                with registry.cursor() as cr:
                    pending = load_plant.pending_reservations(env_in(cr))
                if not pending or time.perf_counter() - drained > 120:
                    break
                time.sleep(0.5)
            print(
                f"reservation pass drained in {time.perf_counter() - drained:.1f} s "
                f"({pending} left)"
            )
            scans = sum(len(v) for k, v in recorder.samples.items() if k.startswith("scan"))
            with registry.cursor() as cr:
                env = env_in(cr)
                checks = load_plant.check(env, since, scans)
                checks.update(load_plant.stock_mismatches(env, before))
            checks["server log errors"] = server.log_errors()
            print(json.dumps(checks, indent=1))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
