"""The 18.0.1.1.0 pre-step of the milk-run constraints stops an upgrade over rows the new
CHECK constraints would refuse, names them, and changes nothing (the upgrade test covers the
case where every row is valid)."""

import importlib.util
from pathlib import Path

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_milk_run import MilkRunCase

SCRIPT = Path(__file__).resolve().parents[1] / "migrations" / "18.0.1.1.0" / "pre-milkrun.py"


def load_step():
    spec = importlib.util.spec_from_file_location("pre_milkrun", SCRIPT)
    step = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(step)
    return step


@tagged("post_install", "-at_install")
class TestMigrationMilkRun(MilkRunCase):
    def setUp(self):
        super().setUp()
        self.step = load_step()

    def distance(self, metres):
        return self.env["logistics.milk.run.distance"].create(
            {
                "milk_run_id": self.milk_run.id,
                "from_location_id": self.line_c.id,
                "to_location_id": self.elsewhere.id,
                "distance_m": metres,
            }
        )

    def test_valid_rows_let_the_upgrade_through(self):
        self.distance(100000)
        self.env.flush_all()
        self.step.migrate(self.env.cr, "18.0.1.0.0")
        self.assertEqual(self.step.offending_rows(self.env.cr), {})

    def test_a_distance_over_100_km_stops_the_upgrade_and_names_it(self):
        distance = self.distance(80)
        self.env.flush_all()
        cr = self.env.cr
        # A release database knew no such constraint: drop it in this transaction (rolled
        # back with the test) and write the typo as the release could.
        cr.execute(
            "ALTER TABLE logistics_milk_run_distance "
            "DROP CONSTRAINT logistics_milk_run_distance_distance_within_plant"
        )
        cr.execute(
            "UPDATE logistics_milk_run_distance SET distance_m = 250000 WHERE id = %s",
            [distance.id],
        )
        with self.assertRaisesRegex(UserError, rf"over 100 km .*ids \[{distance.id}\]"):
            self.step.migrate(cr, "18.0.1.0.0")
        cr.execute(
            "SELECT distance_m FROM logistics_milk_run_distance WHERE id = %s", [distance.id]
        )
        self.assertEqual(cr.fetchone()[0], 250000, "the step corrects nothing by guess")
