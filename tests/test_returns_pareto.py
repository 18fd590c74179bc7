import io
from datetime import timedelta

import openpyxl

from odoo import fields

from .common_returns import ReturnsFixtureCase


class TestReturnsPareto(ReturnsFixtureCase):
    """The Pareto of the return reasons on the fixture's company, all received today:

    | return            | reason           | cost                      |
    | fixture, 5 FG     | Transport damage | 30 transport              |
    | 1 C1              | Transport damage | 50 transport              |
    | 1 C1              | Transport damage | 0.5 h x 40.00 = 20        |
    | 1 C2              | Transport damage | 0                         |
    | 1 C2              | Quality defect   | 400 transport             |
    | 1 C1              | Quality defect   | 100 transport             |
    | 1 C2              | Wrong part       | 300 transport             |
    | 1 FG              | (none yet)       | 25: not in the Pareto     |

    By count (7 with a reason): damage 4 (57.14 %), quality 2 (28.57 %, cumulative 85.71 %),
    wrong part 1 (14.29 %, 100 %). Damage starts at 0 % and quality at 57.14 %, below 80 %:
    both vital; wrong part starts at 85.71 %: not.
    By cost (900): quality 500 (55.56 %), wrong part 300 (33.33 %, cumulative 88.89 %),
    damage 30 + 50 + 20 = 100 (11.11 %, 100 %): quality and wrong part vital, damage not.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Reason = cls.env["logistics.return.reason"]
        company = {"company_id": cls.company.id}
        cls.quality = Reason.create({"code": "RT-QUAL", "name": "Quality defect", **company})
        cls.wrong = Reason.create({"code": "RT-WRONG", "name": "Wrong part", **company})
        cls.inspection.write({"reason_id": cls.reason.id, "transport_cost": 30.0})
        for product, reason, vals in (
            (cls.c1, cls.reason, {"transport_cost": 50.0}),
            (cls.c1, cls.reason, {"handling_hours": 0.5}),
            (cls.c2, cls.reason, {}),
            (cls.c2, cls.quality, {"transport_cost": 400.0}),
            (cls.c1, cls.quality, {"transport_cost": 100.0}),
            (cls.c2, cls.wrong, {"transport_cost": 300.0}),
            (cls.fg, Reason, {"transport_cost": 25.0}),
        ):
            cls._return_with(product, reason, vals)

    @classmethod
    def _return_with(cls, product, reason, vals):
        picking = cls._transfer(product, 1, cls.customers, cls.returns, cls.warehouse.in_type_id)
        inspection = cls.env["logistics.return.inspection"].search(
            [("picking_id", "=", picking.id)]
        )
        inspection.write({"reason_id": reason.id, **vals})
        return inspection

    def figures(self):
        today = fields.Date.context_today(self.env.user)
        period = {"date_from": today, "date_to": today, "days": 1, "details": True}
        return self.env["logistics.kpi.family.returns"]._kpi_compute(period, {})

    @staticmethod
    def pareto(rows, key):
        return [
            (
                row["name"],
                row[key],
                row[f"{key}_share"],
                row[f"{key}_weight_cumulative_share"],
                row[f"{key}_weight_vital"],
            )
            for row in rows
        ]

    def test_reasons_by_number_of_returns(self):
        rows = self.figures()["reasons_by_count"]
        self.assertEqual(
            self.pareto(rows, "count"),
            [
                ("Transport damage", 4, 57.14, 57.14, True),
                ("Quality defect", 2, 28.57, 85.71, True),
                ("Wrong part", 1, 14.29, 100.0, False),
            ],
        )
        self.assertEqual(rows[0]["reason_id"], self.reason.id)
        self.assertEqual(rows[0]["count_weight_vital_label"], "Vital few")
        self.assertEqual(rows[2]["count_weight_vital_class"], "other")

    def test_reasons_by_cost(self):
        self.assertEqual(
            self.pareto(self.figures()["reasons_by_cost"], "cost"),
            [
                ("Quality defect", 500.0, 55.56, 55.56, True),
                ("Wrong part", 300.0, 33.33, 88.89, True),
                ("Transport damage", 100.0, 11.11, 100.0, False),
            ],
        )

    def test_a_reason_that_recovered_more_than_it_cost_weighs_nothing(self):
        surplus = self.env["logistics.return.reason"].create(
            {"code": "RT-SURP", "name": "Surplus", "company_id": self.company.id}
        )
        inspection = self._return_with(self.c1, surplus, {})
        self.env["logistics.return.disposition"].create(
            {"inspection_id": inspection.id, "disposition_type": "restock", "quantity": 1}
        ).action_confirm()
        # restocked: 20.00 recovered, nothing spent: -20.00, last, 0 % of the cost
        self.assertEqual(inspection.total_cost, -20.0)
        rows = self.pareto(self.figures()["reasons_by_cost"], "cost")
        self.assertEqual(rows[-1], ("Surplus", -20.0, 0.0, 100.0, False))
        self.assertEqual([row[0] for row in rows[:2]], ["Quality defect", "Wrong part"])

    def test_the_dashboard_and_the_workbook_show_both_paretos(self):
        today = fields.Date.context_today(self.env.user)
        date_from = today - timedelta(days=30)
        filters = {"warehouse_id": self.warehouse.id}
        data = self.env["logistics.kpi.dashboard"].get_dashboard_data(date_from, today, filters)
        returns = data["kpis"]["returns"]
        self.assertEqual(
            [row["name"] for row in returns["reasons_by_cost"]],
            ["Quality defect", "Wrong part", "Transport damage"],
        )
        family = next(family for family in data["catalogue"] if family["code"] == "returns")
        self.assertIn(
            "returns_reasons_by_count", [breakdown["code"] for breakdown in family["breakdowns"]]
        )
        content = self.env["logistics.kpi.workbook"]._build_workbook(date_from, today, filters)
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Returns"]
        rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == "Wrong part"]
        # name, returns / cost, share, cumulative share, Pareto flag: the count table first
        self.assertEqual(rows[0][:4], ("Wrong part", 1, 14.29, 100.0))
        self.assertFalse(rows[0][4])
        self.assertEqual(rows[1][:5], ("Wrong part", 300.0, 33.33, 88.89, "Vital few"))
