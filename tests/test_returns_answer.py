from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common_returns import ReturnsFixtureCase


class TestReturnsAnswer(ReturnsFixtureCase):
    """The customer's answer: a replacement from stock or from what brings it, the repaired
    unit sent back, or nothing. WH/Stock holds 12 FG (20 received, 8 delivered)."""

    def test_replacement_in_stock_is_available_now_and_delivered(self):
        inspection = self.inspection.with_user(self.manager)
        inspection.answer_type = "replacement"
        inspection.action_check_replacement()
        self.assertIn("Available now: 12.0", inspection.answer_availability)
        inspection.action_answer()
        delivery = inspection.answer_picking_id
        self.assertEqual(delivery.picking_type_id, self.warehouse.out_type_id)
        self.assertEqual(delivery.partner_id, self.customer)
        self.assertEqual(delivery.location_id, self.stock)
        self.assertEqual(delivery.move_ids.product_uom_qty, 5.0)
        self.assertEqual(delivery.state, "assigned", "12 in stock: reserved at once")
        self.assertTrue(inspection.date_answered)
        with self.assertRaisesRegex(UserError, "already been answered"):
            inspection.action_answer()
        self.assertEqual(
            len(self.env["stock.picking"].search([("origin", "=", inspection.name)])), 1
        )

    def test_replacement_short_in_stock_names_the_order_that_brings_it(self):
        # 10 of the 12 FG leave: 2 free, 3 missing; an MO of 4 FG finishes in 6 days
        self._transfer(self.fg, 10, self.stock, self.customers, self.warehouse.out_type_id)
        finish = fields.Datetime.now().replace(microsecond=0) + timedelta(days=6)
        production = self.env["mrp.production"].create(
            {
                "product_id": self.fg.id,
                "product_qty": 4,
                "bom_id": self.bom.id,
                "company_id": self.company.id,
                "picking_type_id": self.warehouse.manu_type_id.id,
                "date_start": finish - timedelta(hours=2),
            }
        )
        production.action_confirm()
        production.date_finished = finish
        inspection = self.inspection.with_user(self.manager)
        inspection.answer_type = "replacement"
        inspection.action_check_replacement()
        self.assertIn(production.name, inspection.answer_availability)
        self.assertIn("2.0", inspection.answer_availability, "2 free now")
        self.assertEqual(inspection.answer_date_expected, production.date_finished)

    def test_replacement_with_nothing_coming_says_so(self):
        self._transfer(self.fg, 12, self.stock, self.customers, self.warehouse.out_type_id)
        inspection = self.inspection.with_user(self.manager)
        inspection.answer_type = "replacement"
        inspection.action_check_replacement()
        self.assertIn("nothing planned", inspection.answer_availability)
        self.assertFalse(inspection.answer_date_expected)

    def test_repaired_unit_is_sent_back_once_repaired(self):
        disposition = self.dispose("repair", 1)
        inspection = self.inspection.with_user(self.manager)
        inspection.answer_type = "repaired_back"
        with self.assertRaisesRegex(UserError, "no finished repair"):
            inspection.action_answer()
        self.assertFalse(inspection.date_answered)
        repair = disposition.repair_id
        repair.action_repair_start()
        repair.action_repair_end()
        inspection.action_answer()
        delivery = inspection.answer_picking_id
        self.assertEqual(delivery.location_id, self.stock, "where the repair put it")
        self.assertEqual(delivery.move_ids.product_uom_qty, 1.0)
        self.assertEqual(delivery.partner_id, self.customer)

    def test_nothing_is_an_answer_that_creates_no_document(self):
        inspection = self.inspection.with_user(self.manager)
        inspection.answer_type = "none"
        inspection.action_answer()
        self.assertTrue(inspection.date_answered)
        self.assertFalse(inspection.answer_picking_id)
        self.assertFalse(inspection.credit_note_id)

    def test_inspector_cannot_answer_the_customer(self):
        self.inspection.answer_type = "replacement"
        with self.assertRaises(AccessError):
            self.inspection.with_user(self.inspector).action_answer()
        with self.assertRaises(AccessError):
            self.inspection.with_user(self.inspector).action_check_replacement()
        self.assertFalse(self.inspection.answer_picking_id)


class TestReturnsCreditNote(ReturnsFixtureCase):
    """A credit note answers the return: 5 FG at their sale price of 150.00, no tax."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading("generic_coa", company=cls.company)
        cls.fg.taxes_id = False

    def test_credit_note_is_posted_and_counts_in_the_cost(self):
        inspection = self.inspection.with_user(self.manager)
        inspection.answer_type = "credit_note"
        inspection.action_answer()
        credit = inspection.credit_note_id
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.state, "posted")
        self.assertEqual(credit.partner_id, self.customer)
        self.assertAlmostEqual(credit.amount_untaxed, 750.0, msg="5 x 150.00")
        self.assertAlmostEqual(self.inspection.credit_amount, 750.0)
        self.assertAlmostEqual(self.inspection.total_cost, 750.0, msg="nothing else yet")
