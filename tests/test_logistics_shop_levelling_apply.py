from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged

from ..wizards import logistics_shop_levelling
from .common_scheduling import SchedulingCase

# Queries of applying 2 orders (cold cache, as a request), and what each more order adds
# (measured on 30 Nov 2026: 36, and 54 for 8 orders). Before the batching, linking each work
# order to its leave cost 3 queries more (12 a 4-operation order, bench/README.md); what remains
# per order is Odoo's own write of its dates (its moves' dates, its work orders notified).
APPLY_QUERIES_2 = 36
APPLY_QUERIES_PER_ORDER = 3


@tagged("post_install", "-at_install")
class TestShopLevellingApply(SchedulingCase):
    """Applying writes Odoo's planned dates in batches: the queries of applying 2 and 10
    orders of one work order each (Press S, 75 min each: 1 cycle of 60 min at 80 %), the
    proposal planned by the fallback (deterministic, no solver)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orders = cls.env["mrp.production"]
        for _index in range(14):
            cls.orders |= cls._order(deadline=cls.utc(12, 16))

    def _propose(self, orders):
        """Propose for all the orders (fallback: deterministic), to apply `orders` only."""
        with patch.object(logistics_shop_levelling, "shop_solver", None):
            wizard = self._levelling_wizard(date_to=self.MONDAY + timedelta(days=13), time_limit=10)
            wizard.action_propose()
        for line in wizard.line_ids:
            line.apply = line.production_id in orders
        self.env.flush_all()
        self.env.invalidate_all()
        return wizard

    def test_apply_queries_grow_by_a_small_constant_per_order(self):
        self._propose(self.orders[:2]).action_apply()  # warm the caches (access rules...)
        small = self._propose(self.orders[2:4])
        with self.assertQueryCount(APPLY_QUERIES_2):
            small.action_apply()
        large = self._propose(self.orders[4:12])
        with self.assertQueryCount(APPLY_QUERIES_2 + 6 * APPLY_QUERIES_PER_ORDER):
            large.action_apply()
        # what Odoo's Plan writes: the leave of the work order, its dates, the order's dates
        # and its finished move's date
        for line in (small | large).line_ids.filtered("apply"):
            production = line.production_id
            workorder = production.workorder_ids
            operation = line.operation_ids
            self.assertEqual(
                (workorder.leave_id.date_from, workorder.leave_id.date_to),
                (operation.date_start, operation.date_finished),
            )
            self.assertEqual(workorder.leave_id.resource_id, self.workcenter.resource_id)
            self.assertEqual(
                (workorder.date_start, workorder.date_finished),
                (operation.date_start, operation.date_finished),
            )
            self.assertEqual(
                (production.date_start, production.date_finished),
                (operation.date_start, operation.date_finished),
            )
            self.assertEqual(production.move_finished_ids.date, operation.date_finished)
        # the orders not chosen kept their dates (none planned)
        self.assertFalse(self.orders[12:].workorder_ids.leave_id)
