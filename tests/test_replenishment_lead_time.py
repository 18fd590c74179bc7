import math
from datetime import date, datetime, timedelta

from odoo import Command

from .common_replenishment import ReplenishmentCommon


class TestReplenishmentLeadTime(ReplenishmentCommon):
    """The lead time measured from the history, else Odoo's delays, said on each line.

    Three receipts of P done on 3, 4 and 5 November at 10:00, their purchase orders
    confirmed 4, 6 and 8 days before: mean 6 calendar days, population deviation
    sqrt(((4 - 6)^2 + 0 + (8 - 6)^2) / 3) = sqrt(8 / 3) = 1.632993. Window of 5 calendar
    days, 5 working days: 6 working days, deviation 1.632993.
    sigma over the lead time = sqrt(L sd^2 + d^2 sL^2) = sqrt(6 x 3.2 + 100 x 8 / 3)
      = sqrt(19.2 + 266.666667) = sqrt(285.866667) = 16.907592;
    SS = 1.644854 x 16.907592 = 27.810514; min = 10 x 6 + SS = 87.810514;
    max = min + 354 (EOQ as in ReplenishmentCommon) = 441.810514.
    """

    @classmethod
    def _receipt(cls, confirmed, received):
        order = cls.env["purchase.order"].create(
            {
                "partner_id": cls.product.seller_ids.partner_id.id,
                "company_id": cls.company.id,
                "order_line": [Command.create({"product_id": cls.product.id, "product_qty": 5})],
            }
        )
        order.button_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 5
        picking.move_ids.picked = True
        picking.button_validate()
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE purchase_order SET date_approve = %s WHERE id = %s", [confirmed, order.id]
        )
        cls.env.cr.execute(
            "UPDATE stock_move SET date = %s WHERE id = ANY(%s)", [received, picking.move_ids.ids]
        )
        cls.env.invalidate_all()
        return order

    def test_lead_time_is_measured_on_three_purchase_receipts(self):
        for day, delay in ((3, 4), (4, 6), (5, 8)):
            received = datetime(2026, 11, day, 10)
            self._receipt(received - timedelta(days=delay), received)
        advisor = self.advisor()
        advisor.action_compute()
        line = advisor.line_ids
        self.assertEqual((line.lead_time_source, line.lead_time_samples), ("purchase", 3))
        self.assertAlmostEqual(line.lead_time_days, 6.0, places=2)
        self.assertAlmostEqual(line.lead_time_std_days, math.sqrt(8 / 3), places=2)
        self.assertAlmostEqual(line.safety_stock, 27.810514, places=2)
        self.assertAlmostEqual(line.min_qty, 87.810514, places=2)
        self.assertAlmostEqual(line.max_qty, 441.810514, places=2)

    def test_fewer_than_three_receipts_fall_back_to_the_vendor_delay_and_say_so(self):
        """Two receipts say too little: the vendor's 5-day delay, as in ReplenishmentCommon."""
        for day, delay in ((3, 4), (4, 6)):
            received = datetime(2026, 11, day, 10)
            self._receipt(received - timedelta(days=delay), received)
        advisor = self.advisor()
        advisor.action_compute()
        line = advisor.line_ids
        self.assertEqual((line.lead_time_source, line.lead_time_samples), ("odoo", 2))
        self.assertAlmostEqual(line.lead_time_days, 5.0, places=2)
        self.assertAlmostEqual(line.min_qty, 56.579415, places=2)

    def test_receipts_outside_the_window_are_not_measured(self):
        for day, delay in ((3, 4), (4, 6), (5, 8)):
            self._receipt(datetime(2026, 10, day, 10), datetime(2026, 10, day + delay, 10))
        advisor = self.advisor()
        advisor.action_compute()
        self.assertEqual(advisor.line_ids.lead_time_source, "odoo")
        self.assertEqual(advisor.line_ids.lead_time_samples, 0)

    def test_manufacturing_orders_are_measured_from_creation_to_done(self):
        """A made part: MOs created 2 and 4 days (48 h, 96 h) and 3 days before done:
        mean 3 days, deviation sqrt(2 / 3); its rule is a manufacture rule."""
        made = self.env["product.product"].create(
            {
                "name": "Advisor Made Part",
                "type": "consu",
                "is_storable": True,
                "company_id": self.company.id,
                "route_ids": [Command.set(self.warehouse.manufacture_pull_id.route_id.ids)],
            }
        )
        bom = self.env["mrp.bom"].create(
            {"product_tmpl_id": made.product_tmpl_id.id, "company_id": self.company.id}
        )
        for created, finished in ((1, 3), (1, 5), (2, 5)):
            production = self.env["mrp.production"].create(
                {"product_id": made.id, "product_qty": 1, "bom_id": bom.id}
            )
            production.action_confirm()
            production.qty_producing = 1
            production.button_mark_done()
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE mrp_production SET create_date = %s, date_finished = %s WHERE id = %s",
                [datetime(2026, 11, created, 10), datetime(2026, 11, finished, 10), production.id],
            )
        self.env.invalidate_all()
        LeadTime = self.env["logistics.replenishment.lead.time"].with_user(self.manager)
        measured = LeadTime._measured_lead_times(
            self.warehouse, made | self.product, self.stock, date(2026, 11, 2), date(2026, 11, 6)
        )
        days, std, source, samples = LeadTime._lead_time(measured, made, self.stock)
        self.assertEqual((source, samples), ("production", 3))
        self.assertAlmostEqual(days, 3.0, places=6)
        self.assertAlmostEqual(std, math.sqrt(2 / 3), places=6)
        # the bought part keeps its vendor delay: no receipt in the window
        self.assertEqual(LeadTime._lead_time(measured, self.product, self.stock)[2:], ("odoo", 0))

    def test_measuring_costs_three_queries_whatever_the_number_of_products(self):
        LeadTime = self.env["logistics.replenishment.lead.time"]
        products = self.env["product.product"].search([], limit=50)
        self.env.flush_all()
        for batch in (self.product, products):
            with self.subTest(size=len(batch)), self.assertQueryCount(3):
                LeadTime._measured_lead_times(
                    self.warehouse, batch, self.stock, date(2026, 11, 2), date(2026, 11, 6)
                )
