from odoo.tests import tagged

from .test_printing import PrintedDocumentCase, words


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestPrintedProblemAnalysis(PrintedDocumentCase):
    def test_the_analysis_prints_its_fishbone_whys_root_cause_and_effect(self):
        analysis = self.env.ref("industrial_logistics.demo_problem_analysis_late")
        manager = self.env.ref("base.user_admin")
        pdf = self.print_pdf(
            "industrial_logistics.action_report_problem_analysis", analysis, manager
        )
        text = words(" ".join(self.pdf_pages(pdf)))
        for expected in (
            "Problem analysis: Late customer deliveries",
            "One delivery order in three left a day late last month",
            # the fishbone's bones and causes, drawn as SVG text
            "Method",
            "Environment",
            "Measurement",
            "No fixed pick-up slot",
            "Peak traffic at 16:00",
            # the 5 whys, the root cause, the actions and the effect
            "Why was the delivery late? The truck left the dock the next morning.",
            "The afternoon pick-up of the carrier is booked the same morning",
            "Agree a daily 14:00 pick-up slot with the carrier",
            "Follow OTIF weekly on the logistics dashboard",
            "Rate before the fix: 33.33 % (1 / 3)",
        ):
            self.assertIn(expected, text)
