from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError

from .common import LogisticsCase

SCREENS = ("logistics.kanban.sizing", "logistics.replenishment.advisor")


class TestHistoryWindow(LogisticsCase):
    """The kanban sizing and the replenishment advisor size from one history window
    (logistics.history.window): the same defaults, the same refusal."""

    def test_both_screens_default_to_the_last_13_weeks_up_to_yesterday(self):
        today = fields.Date.context_today(self.env.user)
        for model in SCREENS:
            with self.subTest(model=model):
                values = self.env[model].default_get(["date_from", "date_to"])
                # 13 weeks = 91 days before today, up to yesterday
                self.assertEqual(values["date_from"], today - timedelta(days=91))
                self.assertEqual(values["date_to"], today - timedelta(days=1))

    def test_a_window_ending_before_it_starts_is_refused_and_nothing_is_created(self):
        today = fields.Date.context_today(self.env.user)
        for model in SCREENS:
            with self.subTest(model=model):
                Screen = self.env[model]
                before = Screen.search_count([])
                # Odoo's assertRaises rolls the failed create back (a savepoint), as an RPC would
                with self.assertRaises(ValidationError) as caught:
                    Screen.create({"date_from": today, "date_to": today - timedelta(days=1)})
                self.assertIn("The history must start before it ends.", str(caught.exception))
                self.assertEqual(Screen.search_count([]), before)
