from datetime import timedelta

from odoo import fields

from .common_returns import ReturnsFixtureCase


class TestReturnsCostsAndKpis(ReturnsFixtureCase):
    """The fixture's return of 5 FG (8 delivered to the customer today), received 3 days
    ago, inspected for 1.5 h at 40.00 an hour with 30.00 of transport, disposed of as:
    restock 2 (recovered 2 x 100.00), scrap 1 (100.00 scrapped), disassemble 1 (parts
    recovered 2 x 20.00 + 10.00 = 50.00), repair 1 (one C2 part, 10.00; the unit recovered
    at 100.00)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inspection.write(
            {
                "transport_cost": 30.0,
                "handling_hours": 1.5,
                "date_received": fields.Datetime.now() - timedelta(days=3),
            }
        )
        Disposition = cls.env["logistics.return.disposition"]
        cls.dispositions = Disposition
        for disposition_type, qty in (
            ("restock", 2),
            ("scrap", 1),
            ("disassemble", 1),
            ("repair", 1),
        ):
            disposition = Disposition.create(
                {
                    "inspection_id": cls.inspection.id,
                    "disposition_type": disposition_type,
                    "quantity": qty,
                }
            )
            disposition.action_confirm()
            cls.dispositions |= disposition
        repair = cls.dispositions.repair_id
        cls.env["stock.move"].create(
            {
                "repair_id": repair.id,
                "repair_line_type": "add",
                "product_id": cls.c2.id,
                "product_uom_qty": 1,
                "company_id": cls.company.id,
            }
        )
        repair.action_repair_start()
        repair.move_ids.quantity = 1
        repair.action_repair_end()

    def period(self, details=True):
        today = fields.Date.context_today(self.env.user)
        return {
            "date_from": today - timedelta(days=3),
            "date_to": today,
            "days": 4,
            "details": details,
        }

    def test_cost_of_the_return_per_disposition_and_per_inspection(self):
        by_type = {d.disposition_type: d for d in self.dispositions}
        self.assertAlmostEqual(by_type["restock"].recovered_value, 200.0)
        self.assertAlmostEqual(by_type["scrap"].scrapped_value, 100.0)
        self.assertAlmostEqual(by_type["disassemble"].recovered_value, 50.0)
        self.assertAlmostEqual(by_type["repair"].repair_cost, 10.0)
        self.assertAlmostEqual(by_type["repair"].recovered_value, 100.0)
        inspection = self.inspection
        self.assertAlmostEqual(inspection.handling_cost, 60.0, msg="1.5 h x 40.00")
        self.assertAlmostEqual(inspection.repair_cost, 10.0)
        self.assertAlmostEqual(inspection.scrapped_value, 100.0)
        self.assertAlmostEqual(inspection.recovered_value, 350.0, msg="200 + 50 + 100")
        # 30 transport + 60 handling + 10 repair + 100 scrapped - 350 recovered
        self.assertAlmostEqual(inspection.total_cost, -150.0)
        self.assertEqual(inspection.state, "done")

    def test_hourly_rate_change_revalues_the_handling(self):
        self.company.logistics_return_hourly_rate = 50.0
        self.assertAlmostEqual(self.inspection.handling_cost, 75.0, msg="1.5 h x 50.00")
        self.assertAlmostEqual(self.inspection.total_cost, -135.0)

    def test_returns_kpis_by_hand(self):
        figures = self.env["logistics.kpi.family.returns"]._kpi_compute(self.period(), {})
        self.assertEqual(figures["returns"], 1)
        self.assertEqual(figures["qty_returned"], 5.0)
        self.assertEqual(figures["qty_delivered"], 8.0)
        self.assertEqual(figures["return_rate"], 62.5, "5 / 8")
        self.assertEqual(figures["cost_total"], -150.0)
        self.assertEqual(figures["cost_transport"], 30.0)
        self.assertEqual(figures["cost_handling"], 60.0)
        self.assertEqual(figures["cost_recovered"], 350.0)
        self.assertEqual(figures["returns_disposed"], 1)
        # received 3 days ago, disposed of in the set-up: 3 days, less the seconds the
        # set-up took
        self.assertAlmostEqual(figures["disposition_days_average"], 3.0, delta=0.01)
        self.assertEqual(figures["share_restock"], 40.0, "2 of 5")
        for code in ("scrap", "disassemble", "repair"):
            self.assertEqual(figures[f"share_{code}"], 20.0, code)
        self.assertEqual(figures["share_recycle"], 0.0)
        self.assertEqual(figures["share_vendor"], 0.0)
        [product_row] = figures["by_product"]
        self.assertEqual(
            (product_row["product_id"], product_row["returned"], product_row["delivered"]),
            (self.fg.id, 5.0, 8.0),
        )
        self.assertEqual(product_row["rate"], 62.5)
        [customer_row] = figures["by_customer"]
        self.assertEqual(customer_row["partner_id"], self.customer.id)
        self.assertEqual(customer_row["rate"], 62.5)

    def test_returns_kpis_follow_the_product_filter_and_the_period(self):
        Family = self.env["logistics.kpi.family.returns"]
        figures = Family._kpi_compute(self.period(), {"product_id": self.c1.id})
        self.assertEqual(figures["returns"], 0)
        self.assertIsNone(figures["return_rate"], "nothing delivered")
        self.assertIsNone(figures["share_restock"])
        today = fields.Date.context_today(self.env.user)
        before = {
            "date_from": today - timedelta(days=30),
            "date_to": today - timedelta(days=10),
            "days": 21,
            "details": False,
        }
        figures = Family._kpi_compute(before, {})
        self.assertEqual(figures["returns"], 0)
        self.assertIsNone(figures["disposition_days_average"])

    def test_returns_family_is_on_the_dashboard(self):
        codes = [
            kpi["code"]
            for family in self.env["logistics.kpi.dashboard"]._kpi_catalogue()
            for kpi in family["kpis"]
        ]
        for code in (
            "returns_rate",
            "returns_cost",
            "returns_disposition_days",
            "returns_restocked_share",
        ):
            self.assertIn(code, codes)
