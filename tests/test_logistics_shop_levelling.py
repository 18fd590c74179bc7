from unittest.mock import patch

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..wizards import logistics_shop_levelling
from .common_scheduling import SchedulingCase


@tagged("post_install", "-at_install")
class TestShopLevelling(SchedulingCase):
    """Press S (Paris calendar, 08-12 and 13-17 on weekdays) in the week of 1 March 2027.

    X: 240 min planned Mon 08-12 Paris, due Fri 17:00 Paris: on time.
    Y: 240 min planned Mon 13-17 Paris, due Mon 12:00 Paris: 5 h late. The only on-time slot
       is Mon 08-12 (the release is the horizon's start, Mon 00:00): levelled, Y goes there
       and X elsewhere before Friday evening (Tue 08-12 is taken by Z).
    Z: started (in progress), its work order planned Tue 08-12 Paris: never moved.
    N: no operations: skipped and listed.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_x = cls._order(deadline=cls.utc(5, 16))
        cls._plan(cls.order_x.workorder_ids, cls.utc(1, 7), cls.utc(1, 11), 240)
        cls.order_y = cls._order(deadline=cls.utc(1, 11))
        cls._plan(cls.order_y.workorder_ids, cls.utc(1, 12), cls.utc(1, 16), 240)
        cls.order_z = cls._order(deadline=cls.utc(5, 16))
        cls.order_z.workorder_ids.button_start()
        cls._plan(cls.order_z.workorder_ids, cls.utc(2, 7), cls.utc(2, 11), 240)
        spacer = cls.env["product.product"].create({"name": "Spacer N", "type": "consu"})
        cls.order_n = cls.env["mrp.production"].create({"product_id": spacer.id, "product_qty": 1})
        cls.order_n.action_confirm()

    def _line(self, wizard, order):
        return wizard.line_ids.filtered(lambda line: line.production_id == order)

    def _check_proposal(self, wizard):
        y = self._line(wizard, self.order_y)
        self.assertEqual(y.change, "turns_on_time")
        self.assertEqual((y.proposed_start, y.proposed_end), (self.utc(1, 7), self.utc(1, 11)))
        x = self._line(wizard, self.order_x)
        self.assertEqual(x.change, "on_time")
        self.assertLessEqual(x.proposed_end, self.utc(5, 16))
        z = self._line(wizard, self.order_z)
        self.assertTrue(z.started)
        self.assertFalse(z.apply)
        self.assertEqual(z.operation_ids.date_start, self.utc(2, 7))
        self.assertIn(self.order_n, wizard.skipped_production_ids)
        self.assertIn(self.order_n.name, wizard.note)

    def test_levelling_turns_the_late_order_on_time_and_apply_writes_the_dates(self):
        wizard = self._levelling_wizard()
        wizard.action_propose()
        self.assertIn(wizard.status, ("optimal", "feasible"))
        self._check_proposal(wizard)
        x = self._line(wizard, self.order_x)
        wizard.action_apply()
        self.assertEqual(wizard.state, "applied")
        y_order = self.order_y.workorder_ids
        self.assertEqual(
            (y_order.date_start, y_order.date_finished), (self.utc(1, 7), self.utc(1, 11))
        )
        self.assertEqual(
            (self.order_y.date_start, self.order_y.date_finished), (self.utc(1, 7), self.utc(1, 11))
        )
        x_order = self.order_x.workorder_ids
        self.assertEqual(
            (x_order.date_start, x_order.date_finished), (x.proposed_start, x.proposed_end)
        )
        self.assertEqual(x_order.leave_id.resource_id, self.workcenter.resource_id)
        # the started order did not move
        z_order = self.order_z.workorder_ids
        self.assertEqual(
            (z_order.date_start, z_order.date_finished), (self.utc(2, 7), self.utc(2, 11))
        )
        self.assertEqual(self.order_z.state, "progress")

    def test_without_the_solver_the_fallback_plans_and_says_so(self):
        with patch.object(logistics_shop_levelling, "shop_solver", None):
            wizard = self._levelling_wizard()
            wizard.action_propose()
        self.assertEqual(wizard.status, "fallback")
        self._check_proposal(wizard)

    def test_time_budget_is_bounded(self):
        with self.assertRaises(ValidationError):
            self._levelling_wizard(time_limit=0)
        with self.assertRaises(ValidationError):
            self._levelling_wizard(time_limit=121)

    def test_operator_cannot_level(self):
        with self.assertRaises(AccessError):
            self._levelling_wizard(user=self.operator)
