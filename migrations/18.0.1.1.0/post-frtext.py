"""18.0.1.1.0, frtext: a round's stop order is stored as a code and its figures
(routing_status, routing_details) and written as a sentence when it is read, in the reader's
language. The release stored that sentence, in English (it had no French), in routing_message:
each one is read back into its code and figures. A sentence not recognised keeps its text in
routing_message_legacy under the neutral status "legacy". The old column then goes (the field
is computed now).

The release's "Routing impossible (<error>); ..." named the routing's own English error; the
sentence now says the circuit's figures are inconsistent, so that error is not kept."""

import json
import re

from odoo.tools import SQL
from odoo.tools.sql import column_exists

FALLBACK = (
    r"; stops kept in the given order, not optimised"
    r"(?: \((?P<trips>\d+) trips needed for (?P<vehicles>\d+) vehicle\(s\)\))?"
)
# (status, the release's English sentence): release routing.py and milk_run_round.py
PATTERNS = [
    ("optimisation_off", re.compile(r"Stops in the circuit's order \(optimisation off\)\.")),
    (
        "input_refused",
        re.compile(r"Routing impossible \(.*\); stops kept in the circuit's order\."),
    ),
    (
        "solved",
        re.compile(
            r"sequenced by PyVRP in (?P<runtime_s>\d+(?:\.\d+)?) s "
            r"\((?P<iterations>\d+) iterations\)"
        ),
    ),
    ("no_stop", re.compile(r"no stop to visit")),
    ("single_stop", re.compile(r"single stop: nothing to sequence")),
    (
        "infeasible",
        re.compile(
            r"no feasible sequence found \(time windows, capacity or number of vehicles\)"
            + FALLBACK
        ),
    ),
    ("solver_error", re.compile(r"solver error: (?P<error>.*)" + FALLBACK, re.DOTALL)),
]
NUMBERS = {"runtime_s": float, "iterations": int, "trips": int, "vehicles": int}
BATCH = 1000


def read_status(text):
    """(status, details) of a sentence the release stored; ("legacy", {}) if not recognised."""
    text = text.strip()
    for status, pattern in PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            details = {
                name: NUMBERS.get(name, str)(value)
                for name, value in match.groupdict().items()
                if value is not None
            }
            return status, details
    return "legacy", {}


def migrate(cr, version):
    if not version or not column_exists(cr, "logistics_milk_run_round", "routing_message"):
        return
    cr.execute(
        "SELECT id, routing_message FROM logistics_milk_run_round "
        "WHERE COALESCE(routing_message, '') != '' ORDER BY id"
    )
    rows = cr.fetchall()
    for start in range(0, len(rows), BATCH):
        values = []
        for round_id, text in rows[start : start + BATCH]:
            status, details = read_status(text)
            legacy = text if status == "legacy" else None
            values.append(
                SQL(
                    "(%s, %s, %s::jsonb, %s)",
                    round_id,
                    status,
                    json.dumps(details) if details else None,
                    legacy,
                )
            )
        cr.execute(
            SQL(
                "UPDATE logistics_milk_run_round AS target SET routing_status = found.status, "
                "routing_details = found.details, routing_message_legacy = found.legacy "
                "FROM (VALUES %s) AS found(id, status, details, legacy) "
                "WHERE target.id = found.id",
                SQL(", ").join(values),
            )
        )
    cr.execute("ALTER TABLE logistics_milk_run_round DROP COLUMN routing_message")
