import io
from datetime import timedelta

import openpyxl

from odoo import fields
from odoo.tests import new_test_user

from .common_transport import TransportCase


class TestTransportKpis(TransportCase):
    def test_every_figure_by_hand(self):
        figures = self.kpis()
        # costs: S1 90 (actual), S2 80 (estimate), S3 200 (bill), S4 15 (estimate) = 385
        # weight 20 + 60 + 200 + 4 = 284 kg; value 500 + 1,500 + 5,000 + 100 = 7,100
        self.assertEqual(figures["shipments"], 4)
        self.assertEqual(figures["cost"], 385.0)
        self.assertEqual(figures["weight"], 284.0)
        self.assertEqual(figures["value"], 7100.0)
        self.assertEqual(figures["cost_per_shipment"], 96.25)  # 385 / 4
        self.assertEqual(figures["cost_per_kg"], 1.3556)  # 385 / 284
        self.assertEqual(figures["cost_share"], 5.42)  # 100 x 385 / 7,100
        # estimate vs actual over S1 (80 -> 90) and S3 (160 -> 200): 100 x (290 - 240) / 240
        self.assertEqual(figures["compared_estimate"], 240.0)
        self.assertEqual(figures["compared_actual"], 290.0)
        self.assertEqual(figures["estimate_gap"], 20.83)
        # outgoing S1, S2, S4; S2 late: 2 / 3
        self.assertEqual((figures["outgoing"], figures["on_time"]), (3, 2))
        self.assertEqual(figures["on_time_rate"], 66.67)

    def test_carriers_by_cost_with_their_pareto(self):
        rows = self.kpis()["carriers"]
        # Rail 200 (51.95 %), Road 170 (cumulative 370 / 385 = 96.10 %), Courier 15 (100 %):
        # Rail starts below 80 %, so does Road (51.95 % before it): both vital, Courier not.
        self.assertEqual(
            [
                (row["name"], row["cost"], row["cost_cumulative_share"], row["cost_vital"])
                for row in rows
            ],
            [
                ("Rail", 200.0, 51.95, True),
                ("Road", 170.0, 96.1, True),
                ("Courier", 15.0, 100.0, False),
            ],
        )
        road = rows[1]
        self.assertEqual((road["shipments"], road["on_time_rate"]), (2, 50.0))
        self.assertEqual(road["cost_per_kg"], 2.125)  # 170 / 80 kg
        self.assertEqual(road["estimate_gap"], 12.5)  # S1 only: (90 - 80) / 80

    def test_the_period_leaves_out_older_shipments(self):
        # S2 left 10 days ago: a 5-day period keeps S1, S3, S4 only
        figures = self.kpis(days=5)
        self.assertEqual((figures["shipments"], figures["cost"]), (3, 305.0))

    def test_a_shipment_without_carrier_nor_cost_is_not_a_transport(self):
        picking = self.ship("outgoing", 1, self.env["delivery.carrier"], fields.Datetime.now())
        self.assertFalse(picking.carrier_id)
        self.assertEqual(self.kpis()["shipments"], 4)

    def test_another_companys_shipments_stay_out(self):
        other = self.env["res.company"].create({"name": "Transport Other Co"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)])
        picking = (
            self.env["stock.picking"]
            .with_company(other)
            .create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                }
            )
        )
        picking.write({"transport_cost_actual": 1000.0})
        self.env.flush_all()
        # done without moves: its transport cost is all the report needs
        self.env.cr.execute(
            "UPDATE stock_picking SET state = 'done', date_done = now() WHERE id = %s",
            [picking.id],
        )
        report = self.env["logistics.kpi.transport"]
        self.assertTrue(report.search([("picking_id", "=", picking.id)]))
        user = new_test_user(
            self.env,
            "transport_other_manager",
            groups="industrial_logistics.group_logistics_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, [self.company.id])],
        )
        self.assertFalse(report.with_user(user).search([("picking_id", "=", picking.id)]))
        self.assertTrue(report.with_user(user).search([("picking_id", "=", self.s1.id)]))

    def test_the_workbook_and_the_dashboard_show_the_carriers_pareto(self):
        today = fields.Date.context_today(self.env.user)
        date_from = today - timedelta(days=30)
        filters = {"warehouse_id": self.warehouse.id}
        data = self.env["logistics.kpi.dashboard"].get_dashboard_data(date_from, today, filters)
        self.assertEqual(data["kpis"]["transport"]["cost_per_shipment"], 96.25)
        content = self.env["logistics.kpi.workbook"]._build_workbook(date_from, today, filters)
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Transport"]
        rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
        carriers = {row[0]: row for row in rows if row[0] in ("Rail", "Road", "Courier")}
        # name, shipments, cost, per kg, gap, on time, cumulative share, Pareto flag
        self.assertEqual(carriers["Rail"][1:3], (1, 200.0))
        self.assertEqual(carriers["Road"][6:8], (96.1, "Vital few"))
        self.assertEqual(carriers["Courier"][6], 100.0)
        self.assertFalse(carriers["Courier"][7])
