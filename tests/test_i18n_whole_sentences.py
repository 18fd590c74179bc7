"""A sentence shown or printed around figures is one translatable sentence. Odoo exports the
text of a view or QWeb template between two outputs (t-out, t-field, field) as separate terms,
so a piece such as "containers," translated alone cannot follow the word order of French: the
reports write such sentences in Python with named placeholders, the templates keep none."""

from datetime import date, timedelta

from odoo.tests import tagged

from .common_milk_run import MilkRunCase
from .test_i18n_fr import load_french

# The pieces the templates exported before, each a part of a sentence around a figure.
FRAGMENTS = {
    "industrial_logistics.report_milk_run_round_sheet": [
        "containers,",
        "stops",
        "no limit",
        "Planned when the round is built, at the cut-off",
    ],
    "industrial_logistics.report_problem_analysis": ["Rate before the fix:", "days either side of"],
    "industrial_logistics.report_logistics_kpi_monthly": ["days)", ": end of each week"],
    "industrial_logistics.portal_my_kanban": ["Ship date of card", "confirmed. Thank you."],
    "industrial_logistics.logistics_count_plan_view_form": ["counts do not fit in the capacity."],
    "industrial_logistics.logistics_kanban_card_view_form": ["One-off card for"],
}


@tagged("post_install", "-at_install")
class TestWholeSentences(MilkRunCase):
    def test_the_templates_export_no_piece_of_a_sentence(self):
        arch = self.env["ir.ui.view"]._fields["arch_db"]
        for xmlid, fragments in FRAGMENTS.items():
            terms = arch.get_trans_terms(self.env.ref(xmlid).arch_db)
            self.assertTrue(terms, xmlid)
            for fragment in fragments:
                self.assertNotIn(fragment, terms, xmlid)
        plan_form = self.env.ref("industrial_logistics.logistics_count_plan_view_form")
        self.assertIn(
            "Counts that do not fit in the capacity:", arch.get_trans_terms(plan_form.arch_db)
        )

    def test_the_round_sheet_says_each_trains_load_in_one_sentence(self):
        # One train of 4 containers (the fixture's circuit); line A gets a transfer of two
        # moves (2 containers), line C one of one move (1): 3 / 4 over two stops.
        self.make_picking(self.spot_a, [(self.product, 1), (self.product_2, 1)], self.monday_8)
        self.make_picking(self.spot_c, [(self.product, 2)], self.monday_8)
        round_ = self.make_round()
        round_.action_build()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("industrial_logistics.report_milk_run_round_sheet", round_.ids)[0]
            .decode()
        )
        self.assertIn("Train 1 of 1: 3 / 4 containers, 2 stop(s)", html)
        # a circuit without a container limit, a round not built yet: nothing on it, no limit
        self.milk_run.capacity_containers = 0
        later = self.make_round(self.monday_8 + timedelta(hours=1))
        self.assertEqual(
            later._train_summaries()[0]["load_text"],
            "Train 1 of 1: 0 containers (no limit), 0 stop(s)",
        )

    def test_the_kpi_reports_period_is_one_sentence_in_english_and_in_french(self):
        load_french(self.env)
        report = self.env["report.industrial_logistics.report_logistics_kpi_monthly"]
        period = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 30), "days": 30}
        self.assertEqual(
            report.with_context(lang="en_US")._period_text(period),
            "03/01/2026 - 03/30/2026 (30 days)",
        )
        self.assertEqual(
            report.with_context(lang="fr_FR")._period_text(period),
            "01/03/2026 - 30/03/2026 (30 jours)",
        )
