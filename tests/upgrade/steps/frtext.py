"""18.0.1.1.0, frtext (migrations/18.0.1.1.0/post-frtext.py): a round's stop order was a
sentence stored in English (routing_message); it is now a code and its figures
(routing_status, routing_details) written as a sentence on display. Each English sentence the
release wrote becomes its code and figures, an unknown text is kept in routing_message_legacy
(status "legacy"), and the old column is dropped.

The release writes only some of its sentences in the demo (the solver's, the optimisation
off): `record` also puts one of each kind, as the release's code words them, on rounds that
have none, with what each must become written out by hand."""

import re

VERSION = "18.0.1.1.0"
ROUND = "logistics.milk.run.round"
FALLBACK = "; stops kept in the given order, not optimised"
INFEASIBLE = "no feasible sequence found (time windows, capacity or number of vehicles)"
# the release's sentence: (routing_status, routing_details, routing_message_legacy)
SAMPLES = {
    "Stops in the circuit's order (optimisation off).": ("optimisation_off", False, False),
    "Routing impossible (stop keys must be unique, the depot's included); stops kept in the "
    "circuit's order.": ("input_refused", False, False),
    "sequenced by PyVRP in 0.5 s (1234 iterations)": (
        "solved",
        {"runtime_s": 0.5, "iterations": 1234},
        False,
    ),
    "no stop to visit": ("no_stop", False, False),
    "single stop: nothing to sequence": ("single_stop", False, False),
    INFEASIBLE + FALLBACK: ("infeasible", False, False),
    INFEASIBLE + FALLBACK + " (3 trips needed for 2 vehicle(s))": (
        "infeasible",
        {"trips": 3, "vehicles": 2},
        False,
    ),
    "solver error: out of memory" + FALLBACK: ("solver_error", {"error": "out of memory"}, False),
    "Ordre des arrêts saisi à la main": ("legacy", False, "Ordre des arrêts saisi à la main"),
}
# Sentences the reading no longer words as the release did: the routing's own error is not
# named any more, and the solver's seconds drop a trailing ".0".
REWORDED = {"input_refused"}


def record(env):
    """One sample sentence on each of the first rounds without one; {round id: sentence} of
    every round with a sentence."""
    env.cr.execute(
        "SELECT id FROM logistics_milk_run_round WHERE COALESCE(routing_message, '') = '' "
        "ORDER BY id LIMIT %s",
        [len(SAMPLES)],
    )
    for (round_id,), text in zip(env.cr.fetchall(), SAMPLES, strict=False):
        env.cr.execute(
            "UPDATE logistics_milk_run_round SET routing_message = %s WHERE id = %s",
            [text, round_id],
        )
    env[ROUND].invalidate_model(["routing_message"])
    env.cr.execute(
        "SELECT id, routing_message FROM logistics_milk_run_round "
        "WHERE COALESCE(routing_message, '') != '' ORDER BY id"
    )
    return {"messages": {str(round_id): text for round_id, text in env.cr.fetchall()}}


def expect(before, env):
    """routing_message is no longer stored; the samples' code, figures and legacy text are
    compared like every other stored field."""
    messages = before["steps"]["frtext"]["messages"]
    for round_id, row in before["records"][ROUND].items():
        row.pop("routing_message", None)
        text = messages.get(round_id)
        if text in SAMPLES:
            status, details, legacy = SAMPLES[text]
            row.update(
                routing_status=status, routing_details=details, routing_message_legacy=legacy
            )


def check(before, env, checker):
    messages = before["steps"]["frtext"]["messages"]
    found = set(messages.values())
    checker.true(
        "frtext/the release had a sample of each sentence on its rounds",
        set(SAMPLES) <= found,
        f"missing: {sorted(set(SAMPLES) - found)}",
    )
    env.cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'logistics_milk_run_round' AND column_name = 'routing_message'"
    )
    checker.true("frtext/the stored routing_message column is gone", not env.cr.fetchall())
    rounds = env[ROUND].with_context(lang="en_US").browse([int(key) for key in messages])
    for round_ in rounds:
        text = messages[str(round_.id)]
        label = f"frtext/round {round_.id} ({text!r})"
        checker.true(f"{label} has a status", bool(round_.routing_status))
        if round_.routing_status in REWORDED:
            continue
        # The English reading gives back the release's sentence (the solver's "0.0 s" reads
        # "0 s" now: Odoo's number formatting drops trailing zeros).
        checker.equal(
            f"{label} reads as before in English",
            re.sub(r"(\d+)\.0 s ", r"\1 s ", text),
            round_.routing_message,
        )
