"""The 18.0.1.1.0 post-step of the stop order: each English sentence the release stored in
routing_message becomes its code and figures, an unknown text stays readable as it was (status
"legacy"), and the stored column goes (the upgrade test runs it on a release database)."""

import importlib.util
from datetime import timedelta
from pathlib import Path

from odoo.tests import tagged

from .common_milk_run import MilkRunCase

SCRIPT = Path(__file__).resolve().parents[1] / "migrations" / "18.0.1.1.0" / "post-frtext.py"
FALLBACK = "; stops kept in the given order, not optimised"


def load_step():
    spec = importlib.util.spec_from_file_location("post_frtext", SCRIPT)
    step = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(step)
    return step


# the release's sentences (its routing.py and milk_run_round.py), one a round, and
# what each becomes: (status, figures, legacy text, the English reading now)
RELEASE_SENTENCES = [
    (
        "sequenced by PyVRP in 1.0 s (250 iterations)",
        ("solved", {"runtime_s": 1.0, "iterations": 250}, False),
        "sequenced by PyVRP in 1 s (250 iterations)",  # no trailing ".0" now
    ),
    (
        "solver error: bad model" + FALLBACK + " (3 trips needed for 2 vehicle(s))",
        ("solver_error", {"error": "bad model", "trips": 3, "vehicles": 2}, False),
        None,  # read back word for word
    ),
    (
        "Routing impossible (speed must be positive); stops kept in the circuit's order.",
        ("input_refused", False, False),
        "Routing impossible (the circuit's figures are inconsistent); stops kept in the "
        "circuit's order.",
    ),
    (
        "single stop: nothing to sequence",
        ("single_stop", False, False),
        None,
    ),
    (
        "Stops sorted by hand",
        ("legacy", False, "Stops sorted by hand"),
        None,
    ),
]


@tagged("post_install", "-at_install")
class TestMigrationFrtext(MilkRunCase):
    def test_the_releases_sentences_become_codes_and_figures(self):
        cases = RELEASE_SENTENCES
        rounds = self.env["logistics.milk.run.round"].concat(
            *(
                self.make_round(self.monday_8 + timedelta(hours=hour))
                for hour in range(len(cases) + 1)
            )
        )
        self.env.flush_all()
        cr = self.env.cr
        # The release's column (rolled back with the test); the last round has no sentence.
        cr.execute(
            "ALTER TABLE logistics_milk_run_round ADD COLUMN IF NOT EXISTS routing_message varchar"
        )
        for round_, (text, _expected, _reading) in zip(rounds, cases, strict=False):
            cr.execute(
                "UPDATE logistics_milk_run_round SET routing_message = %s WHERE id = %s",
                [text, round_.id],
            )
        load_step().migrate(cr, "18.0.1.0.0")
        rounds.invalidate_recordset()
        for round_, (text, expected, reading) in zip(rounds, cases, strict=False):
            self.assertEqual(
                (round_.routing_status, round_.routing_details, round_.routing_message_legacy),
                expected,
                text,
            )
            self.assertEqual(round_.with_context(lang="en_US").routing_message, reading or text)
        self.assertEqual((rounds[-1].routing_status, rounds[-1].routing_message), (False, False))
        cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = "
            "'logistics_milk_run_round' AND column_name = 'routing_message'"
        )
        self.assertFalse(cr.fetchall(), "the stored sentence's column is dropped")
