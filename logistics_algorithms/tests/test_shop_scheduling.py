"""The scheduler's fallback, the plan check and the CP-SAT solver on small hand-checked cases."""

import random
import time

import pytest
from ortools.sat.python import cp_model

from logistics_algorithms import shop_scheduling as shop
from logistics_algorithms import shop_solver

DAY = 1440
# 8:00-16:00 every day for 5 days
SHIFTS = [(day * DAY + 480, day * DAY + 960) for day in range(5)]

# Fisher & Thompson's 6 x 6 instance (ft06; Muth & Thompson, Industrial Scheduling, 1963), in the
# standard format: per job, (machine, duration) pairs in routing order. Optimal makespan 55.
FT06 = [
    [(2, 1), (0, 3), (1, 6), (3, 7), (5, 3), (4, 6)],
    [(1, 8), (2, 5), (4, 10), (5, 10), (0, 10), (3, 4)],
    [(2, 5), (3, 4), (5, 8), (0, 9), (1, 1), (4, 7)],
    [(1, 5), (0, 5), (2, 5), (3, 3), (4, 8), (5, 9)],
    [(2, 9), (1, 3), (4, 5), (5, 4), (0, 3), (3, 1)],
    [(1, 3), (3, 3), (5, 9), (0, 10), (4, 4), (2, 1)],
]


def _job(key, steps, **kwargs):
    """A job whose operations are keyed (job, rank); a step is (machine, minutes) or a tuple of
    such modes (alternatives)."""
    operations = []
    for rank, step in enumerate(steps):
        modes = step if isinstance(step[0], tuple) else (step,)
        operations.append(shop.Operation((key, rank), tuple(modes)))
    return shop.Job(key, tuple(operations), **kwargs)


def _single_machine_jobs():
    # one machine, p = 4, 2, 3, due 4, 3, 5, weights 1, 3, 2. The six sequences by hand:
    # ABC 17, ACB 22, BAC 10, BCA 5, CAB 21, CBA 11: optimum 5 (B C A, C on time at 5).
    # EDD gives B A C = 10 with C late at 9.
    return [
        _job("A", [("M", 4)], due=4, weight=1),
        _job("B", [("M", 2)], due=3, weight=3),
        _job("C", [("M", 3)], due=5, weight=2),
    ]


def _plan(schedule):
    return {item.operation: (item.machine, item.start, item.end) for item in schedule.operations}


def test_solver_finds_the_hand_computed_weighted_tardiness_optimum():
    jobs = _single_machine_jobs()
    result = shop_solver.solve(jobs, time_limit=10)
    assert result.status == "optimal"
    assert result.weighted_tardiness == 5
    assert _plan(result)[("B", 0)][1:] == (0, 2)
    assert _plan(result)[("C", 0)][1:] == (2, 5)


def test_levelling_turns_a_late_order_on_time_compared_with_the_fallback():
    jobs = _single_machine_jobs()
    fallback = shop.fallback(jobs)
    assert fallback.status == "fallback" and fallback.weighted_tardiness == 10
    assert _plan(fallback)[("C", 0)][2] == 9  # C late (due 5) under EDD
    solved = shop_solver.solve(jobs, time_limit=10)
    assert _plan(solved)[("C", 0)][2] <= 5  # on time once levelled


def test_solver_finds_the_optimal_makespan_of_a_tiny_job_shop():
    # J1: M1 3 then M2 2; J2: M2 2 then M1 4. M1 carries 7 minutes, so 7 is a lower bound, and
    # J1 M1 [0, 3), J2 M2 [0, 2), J1 M2 [3, 5), J2 M1 [3, 7) reaches it.
    jobs = [_job(1, [("M1", 3), ("M2", 2)]), _job(2, [("M2", 2), ("M1", 4)])]
    result = shop_solver.solve(jobs, objective="makespan", time_limit=10)
    assert (result.status, result.makespan) == ("optimal", 7)


def test_solver_reaches_the_ft06_optimum():
    jobs = [_job(j, steps) for j, steps in enumerate(FT06)]
    result = shop_solver.solve(jobs, objective="makespan", time_limit=30)
    assert result.makespan == 55
    assert shop.check_schedule(jobs, None, result.operations) == []


def test_fallback_places_into_the_first_free_capacity_of_the_calendar():
    # shifts 8:00-16:00. J1 (due first): 300 min on M -> 480-780. J2: 200 min on M: 780-980
    # would cross 16:00, so it goes to 8:00 the next day (1920-2120).
    jobs = [_job(1, [("M", 300)], due=800), _job(2, [("M", 200)], due=2000)]
    result = shop.fallback(jobs, {"M": SHIFTS})
    assert _plan(result) == {(1, 0): ("M", 480, 780), (2, 0): ("M", 1920, 2120)}
    assert result.weighted_tardiness == 120 and result.off_calendar == ()


def test_fallback_takes_the_alternative_machine_that_ends_first():
    # M1 busy 0-100 with J1; J2's operation: M1 50 min (ends 150) or M2 80 min (ends 80): M2
    jobs = [_job(1, [("M1", 100)], due=100), _job(2, [(("M1", 50), ("M2", 80))], due=200)]
    assert _plan(shop.fallback(jobs))[(2, 0)] == ("M2", 0, 80)


def test_fallback_fills_a_gap_left_before_a_fixed_operation():
    # a started operation holds M 100-200; a 60 min job fits before it, a 150 min one after
    started = shop.Job("S", (shop.Operation("s", (("M", 100),), fixed=("M", 100)),))
    jobs = [started, _job(1, [("M", 150)], due=10), _job(2, [("M", 60)], due=20)]
    plan = _plan(shop.fallback(jobs))
    assert plan["s"] == ("M", 100, 200)
    assert plan[(1, 0)] == ("M", 200, 350)
    assert plan[(2, 0)] == ("M", 0, 60)


def _random_shop(seed, jobs_count=12):
    rng = random.Random(seed)
    jobs = []
    for key in range(jobs_count):
        steps = []
        for _ in range(rng.randint(1, 4)):
            machine = rng.choice(["A", "B", "C"])
            duration = rng.randint(30, 300)
            if rng.random() < 0.3:
                other = rng.choice([m for m in "ABC" if m != machine])
                steps.append(((machine, duration), (other, duration + rng.randint(0, 60))))
            else:
                steps.append((machine, duration))
        release = rng.choice([0, 0, DAY, 2 * DAY + 600])
        due = release + rng.randint(1, 4) * DAY
        jobs.append(_job(key, steps, release=release, due=due, weight=rng.randint(1, 3)))
    calendars = {"A": SHIFTS, "B": SHIFTS[:2] + [(2 * DAY, 5 * DAY)]}  # C: no calendar
    return jobs, calendars


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_plans_respect_precedence_capacity_release_and_calendars(seed):
    jobs, calendars = _random_shop(seed)
    solved = shop_solver.solve(jobs, calendars, time_limit=2)
    fallback = shop.fallback(jobs, calendars)
    assert solved.status in ("optimal", "feasible")
    assert shop.check_schedule(jobs, calendars, solved.operations) == []
    assert shop.check_schedule(jobs, calendars, fallback.operations) == []
    # the solver starts from the fallback's plan: never worse
    assert solved.weighted_tardiness <= fallback.weighted_tardiness


def test_large_problems_are_first_planned_chunk_by_chunk(monkeypatch):
    # thresholds lowered so the 20-order shop counts as large: chunks of about 12 operations
    monkeypatch.setattr(shop_solver, "_ROLLING_FROM", 20)
    monkeypatch.setattr(shop_solver, "_CHUNK_OPERATIONS", 12)
    chunks, statuses = [], []
    real_chunk = shop_solver._solve_chunk

    def spy(jobs, *args):
        chunks.append(len(jobs))
        part = real_chunk(jobs, *args)
        statuses.append(part.status)
        return part

    monkeypatch.setattr(shop_solver, "_solve_chunk", spy)
    jobs, calendars = _random_shop(4, jobs_count=20)
    result = shop_solver.solve(jobs, calendars, time_limit=6)
    assert len(chunks) > 2 and chunks == sorted(chunks)  # each chunk sees the earlier, frozen
    # warm start: CP-SAT takes each chunk's fallback plan as its first solution, never times out
    assert set(statuses) == {"feasible"}
    assert result.status in ("optimal", "feasible")
    assert shop.check_schedule(jobs, calendars, result.operations) == []
    assert result.weighted_tardiness <= shop.fallback(jobs, calendars).weighted_tardiness


def test_chunks_respect_an_order_started_with_a_late_due_date(monkeypatch):
    # the started order is due last, so by EDD it would come in the last chunk; its running
    # operation (A, 480-600) must still block A for the first chunks
    monkeypatch.setattr(shop_solver, "_CHUNK_OPERATIONS", 2)
    started = shop.Job("S", (shop.Operation("s", (("A", 120),), fixed=("A", 480)),), due=10 * DAY)
    jobs = [_job(k, [("A", 60)], due=500 + k) for k in range(6)] + [started]
    rolled, _solved = shop_solver._rolling(jobs, {"A": SHIFTS}, 0, 2, "edd", time.monotonic() + 5)
    assert _plan(rolled)["s"] == ("A", 480, 600)
    assert shop.check_schedule(jobs, {"A": SHIFTS}, rolled.operations) == []


def test_frozen_keeps_the_planned_operations_where_they_are():
    job = _job(1, [("A", 10), ("B", 20)])
    planned = {(1, 0): shop.PlannedOperation(1, (1, 0), "A", 100, 110)}
    frozen = shop.frozen(job, planned)
    assert frozen.operations[0].fixed == ("A", 100)
    assert frozen.operations[1] == job.operations[1]


def test_check_finds_each_kind_of_violation():
    jobs = [_job(1, [("A", 100), ("B", 50)], release=500), _job(2, [("A", 100)])]
    bad = [
        shop.PlannedOperation(1, (1, 0), "A", 480, 580),  # before its release
        shop.PlannedOperation(1, (1, 1), "B", 560, 610),  # before (1, 0) ends
        shop.PlannedOperation(2, (2, 0), "A", 900, 1000),  # overlaps 16:00 (calendar), no clash
    ]
    problems = shop.check_schedule(jobs, {"A": SHIFTS}, bad)
    assert set(problems) == {("release", (1, 0)), ("precedence", (1, 1)), ("calendar", (2, 0))}
    clash = [bad[0], shop.PlannedOperation(2, (2, 0), "A", 500, 600)]
    assert ("overlap", (2, 0)) in shop.check_schedule(jobs, None, clash)
    assert ("missing", (1, 1)) in shop.check_schedule(jobs, None, clash)


def test_a_started_operation_is_never_moved():
    # the started operation sits on A at 16:40, past the shift, while other jobs are late: it
    # stays, and its successor starts after it
    started = shop.Job(
        "S",
        (
            shop.Operation("s1", (("A", 120),), fixed=("A", 1000)),  # even outside the shift
            shop.Operation("s2", (("B", 60),)),
        ),
        due=1100,
        weight=5,
    )
    others = [_job(k, [("A", 200), ("B", 100)], due=700, weight=3) for k in range(3)]
    calendars = {"A": SHIFTS, "B": SHIFTS}
    for result in (
        shop_solver.solve([started, *others], calendars, time_limit=5),
        shop.fallback([started, *others], calendars),
    ):
        plan = _plan(result)
        assert plan["s1"] == ("A", 1000, 1120)
        assert plan["s2"][1] >= 1120
        assert shop.check_schedule([started, *others], calendars, result.operations) == []


def test_started_operations_at_the_same_time_on_two_machines():
    # two fixed operations with equal start and end (CP-SAT shares such constants)
    jobs = [
        shop.Job(
            k, (shop.Operation(k, ((m, 60),), fixed=(m, 0)), shop.Operation((k, 1), ((m, 30),)))
        )
        for k, m in (("a", "A"), ("b", "B"))
    ]
    result = shop_solver.solve(jobs, time_limit=5)
    assert result.status == "optimal"
    assert _plan(result)["a"] == ("A", 0, 60) and _plan(result)["b"] == ("B", 0, 60)


def test_two_operations_started_at_once_on_one_centre_are_kept():
    # the floor ran two work orders together on A (0-60 and 30-90): both stay, and the free
    # operation waits for both
    jobs = [
        shop.Job("x", (shop.Operation("x", (("A", 60),), fixed=("A", 0)),)),
        shop.Job("y", (shop.Operation("y", (("A", 60),), fixed=("A", 30)),)),
        _job(1, [("A", 10)], due=0),
    ]
    for result in (shop_solver.solve(jobs, time_limit=5), shop.fallback(jobs)):
        assert _plan(result)[(1, 0)] == ("A", 90, 100)
        assert shop.check_schedule(jobs, None, result.operations) == []
    clash = [*shop.fallback(jobs).operations[:2], shop.PlannedOperation(1, (1, 0), "A", 50, 60)]
    assert shop.check_schedule(jobs, None, clash) == [("overlap", (1, 0))]


def test_nothing_starts_before_now():
    jobs = [_job(1, [("A", 30)], due=0), _job(2, [("A", 30)], due=0)]
    result = shop_solver.solve(jobs, time_limit=5, now=100)
    assert min(item.start for item in result.operations) >= 100
    assert result.weighted_tardiness == 130 + 160


def test_an_operation_longer_than_every_shift_gives_the_fallback_plan():
    # 600 min on A, whose shifts last 480: no plan fits; the fallback still places everything,
    # the long one after the calendar's end, and says so
    jobs = [_job(1, [("A", 600)], due=DAY), _job(2, [("A", 60), ("B", 30)], due=DAY)]
    result = shop_solver.solve(jobs, {"A": SHIFTS}, time_limit=5)
    assert result.status == "fallback_infeasible"
    assert result.off_calendar == ((1, 0),)
    assert _plan(result)[(1, 0)][1] >= 4 * DAY + 960
    assert _plan(result)[(2, 0)] == ("A", 480, 540)
    assert _plan(result)[(2, 1)] == ("B", 540, 570)  # B has no calendar: always available


def test_no_time_to_solve_gives_the_fallback_plan():
    jobs, calendars = _random_shop(4, jobs_count=40)
    result = shop_solver.solve(jobs, calendars, time_limit=0)
    assert result.status == "fallback_timeout"
    assert _plan(result) == _plan(shop.fallback(jobs, calendars))


def test_a_model_the_solver_refuses_still_gives_the_fallback_plan(monkeypatch):
    jobs = _single_machine_jobs()
    monkeypatch.setattr(shop_solver.ShopModel, "run", lambda *_args: (cp_model.MODEL_INVALID, None))
    result = shop_solver.solve(jobs, time_limit=5)
    assert result.status == "fallback_solver_error"
    assert _plan(result) == _plan(shop.fallback(jobs))


@pytest.mark.parametrize(
    "jobs",
    [
        [_job(1, [("A", 5)]), shop.Job(2, (shop.Operation((1, 0), (("A", 5),)),))],
        [_job(1, [("A", -5)])],
        [_job(1, [("A", 5)], weight=-1)],
        [shop.Job(1, (shop.Operation("x", ()),))],
        [shop.Job(1, (shop.Operation("x", (("A", 5),), fixed=("B", 0)),))],
    ],
)
def test_inconsistent_input_is_refused(jobs):
    with pytest.raises(ValueError):
        shop.fallback(jobs)
    with pytest.raises(ValueError):
        shop_solver.solve(jobs)


def test_unknown_objective_is_refused():
    with pytest.raises(ValueError, match="objective"):
        shop_solver.solve([], objective="cost")


def test_no_jobs_gives_an_empty_plan():
    assert shop_solver.solve([]).operations == ()


def test_levelling_spreads_the_load_when_no_order_is_late():
    # one machine, two 8-hour shifts, two 240 min orders due on day 2: the fallback (and an
    # as-early-as-possible plan) puts both on day 0 (100 % then 0 %); levelled, one per day (50 %)
    jobs = [_job(1, [("M", 240)], due=3 * DAY), _job(2, [("M", 240)], due=3 * DAY)]
    calendars = {"M": SHIFTS[:2]}
    fallback_days = sorted(item.start // DAY for item in shop.fallback(jobs, calendars).operations)
    assert fallback_days == [0, 0]
    levelled = shop_solver.solve(jobs, calendars, time_limit=10)
    assert levelled.status == "optimal" and levelled.weighted_tardiness == 0
    assert sorted(item.start // DAY for item in levelled.operations) == [0, 1]
    # each as early as possible under the 50 % ceiling: 8:00 on its day
    assert sorted(item.start for item in levelled.operations) == [480, DAY + 480]
    compact = shop_solver.solve(jobs, calendars, time_limit=10, level_load=False)
    assert sorted(item.start // DAY for item in compact.operations) == [0, 0]


def test_levelling_never_makes_an_order_late():
    # the same two orders, one due at the end of day 0: both must stay on day 0
    jobs = [_job(1, [("M", 240)], due=960), _job(2, [("M", 240)], due=960)]
    levelled = shop_solver.solve(jobs, {"M": SHIFTS[:2]}, time_limit=10)
    assert levelled.weighted_tardiness == 0
    assert [item.start // DAY for item in levelled.operations] == [0, 0]
