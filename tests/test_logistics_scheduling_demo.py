from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import LogisticsCase


@tagged("post_install", "-at_install")
class TestSchedulingDemo(LogisticsCase):
    """The demo plant's three weeks of manufacturing orders (demo/logistics_scheduling_demo.xml).

    11, 10 and 9 lots on lines 1, 2 and 3 (FG01 lots of 8, FG02 and FG03 lots of 6 from their
    reorder rules of multiple 6), each about one working day of its line, placed by their need
    day at infinite capacity: two lots fall on the same day on some days of each line, which
    the load shows overloaded (about 15 h of load for the 8 h of the line's calendar)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.require_demo()

    def test_each_line_has_three_weeks_of_orders_and_overloaded_days(self):
        today = fields.Date.context_today(self.env.user)
        Load = self.env["logistics.workcenter.load"]
        for line, lots, quantity in ((1, 11, 8), (2, 10, 6), (3, 9, 6)):
            centre = self.env.ref(f"industrial_logistics.demo_workcenter_line{line}")
            product = self.env.ref(f"industrial_logistics.demo_finished_fg0{line}")
            orders = self.env["mrp.production"].search(
                [
                    ("product_id", "=", product.id),
                    ("state", "=", "confirmed"),
                    ("workorder_ids.workcenter_id", "=", centre.id),
                    ("date_start", ">", fields.Datetime.to_datetime(today)),
                ]
            )
            self.assertEqual(len(orders), lots, centre.name)
            self.assertEqual(set(orders.mapped("product_qty")), {quantity})
            self.assertTrue(all(orders.workorder_ids.mapped("date_start")), "all planned")
            self.assertLessEqual(
                max(orders.mapped("date_finished")).date(), today + timedelta(days=21)
            )
            if line > 1:
                self.assertEqual(orders.orderpoint_id.qty_multiple, 6)
            days = Load._compute_load(today, today + timedelta(days=21), centre)[centre]
            overloaded = [day for day in days if day.overloaded]
            self.assertGreaterEqual(len(overloaded), 2, centre.name)
            self.assertTrue(all(day.load <= 2 * 8 * 60 for day in days), "never three lots")
