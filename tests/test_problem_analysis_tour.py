from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestProblemAnalysisTour(HttpCase):
    def test_manager_reads_the_fishbone_and_adds_a_cause(self):
        analysis = self.env.ref("industrial_logistics.demo_problem_analysis_late")
        self.start_tour("/odoo", "industrial_logistics_problem_analysis", login="admin")
        cause = analysis.cause_ids.filtered(lambda cause: cause.name == "Wrong pallet size")
        self.assertEqual(cause.category, "material")
        self.assertIn(">Wrong pallet size</text>", str(analysis.fishbone_svg))
