from datetime import timedelta

from odoo import fields

from .common_returns import ReturnsFixtureCase


class TestProblemAnalysisReturnRate(ReturnsFixtureCase):
    """An analysis of the fixture's reason RT-DMG, fixed 10 days ago, measured over 30 days.

    Before the fix: the fixture's delivery of 8 FG (dated 20 days ago) and its return of 5 FG
    for RT-DMG (15 days ago): 5 / 8 = 62.5 %. After: a delivery of 10 FG and a return of 1 FG
    for RT-DMG today, 1 / 10 = 10 %; a return of 2 C1 for another reason does not count.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        delivery = cls.env["stock.move"].search(
            [
                ("product_id", "=", cls.fg.id),
                ("location_dest_id", "=", cls.customers.id),
                ("state", "=", "done"),
            ]
        )
        delivery.date = now - timedelta(days=20)
        cls.inspection.write(
            {"reason_id": cls.reason.id, "date_received": now - timedelta(days=15)}
        )
        cls._transfer(cls.fg, 10, cls.stock, cls.customers, cls.warehouse.out_type_id)
        other = cls.env["logistics.return.reason"].create(
            {"code": "RT-OTHER", "name": "Other", "company_id": cls.company.id}
        )
        for product, qty, reason in ((cls.fg, 1, cls.reason), (cls.c1, 2, other)):
            picking = cls._transfer(
                product, qty, cls.customers, cls.returns, cls.warehouse.in_type_id
            )
            cls.env["logistics.return.inspection"].search(
                [("picking_id", "=", picking.id)]
            ).reason_id = reason
        cls.analysis = (
            cls.env["logistics.problem.analysis"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "Dented in transport",
                    "problem_statement": "Returns for transport damage",
                    "subject_ref": f"logistics.return.reason,{cls.reason.id}",
                    "effect_days": 30,
                }
            )
        )

    def test_the_reasons_return_rate_before_and_after_the_fix(self):
        analysis = self.analysis
        self.assertFalse(analysis.reason_rate_shown, "no date of the fix yet")
        analysis.date_fixed = fields.Date.today() - timedelta(days=10)
        self.assertTrue(analysis.reason_rate_shown)
        self.assertEqual(
            (
                analysis.reason_qty_returned_before,
                analysis.reason_qty_delivered_before,
                analysis.reason_return_rate_before,
            ),
            (5.0, 8.0, 62.5),
        )
        self.assertEqual(
            (
                analysis.reason_qty_returned_after,
                analysis.reason_qty_delivered_after,
                analysis.reason_return_rate_after,
            ),
            (1.0, 10.0, 10.0),
        )

    def test_a_storekeeper_reads_the_same_rates(self):
        self.analysis.date_fixed = fields.Date.today() - timedelta(days=10)
        analysis = self.analysis.with_user(self.inspector)
        self.assertEqual(
            (analysis.reason_return_rate_before, analysis.reason_return_rate_after), (62.5, 10.0)
        )

    def test_an_analysis_about_something_else_shows_no_reason_rate(self):
        self.analysis.write(
            {
                "subject_ref": f"product.product,{self.fg.id}",
                "date_fixed": fields.Date.today() - timedelta(days=10),
            }
        )
        self.assertFalse(self.analysis.reason_rate_shown)
        self.assertEqual(self.analysis.reason_return_rate_before, 0.0)
