from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from ..wizards import logistics_shop_levelling
from .common_scheduling import SchedulingCase

# Queries of applying 2 orders, and what each more order adds at most (measured, see below).
APPLY_QUERIES_2 = 0
APPLY_QUERIES_PER_ORDER = 0


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

    def _apply(self, orders):
        """Propose for all, apply `orders` only; the queries of the apply."""
        with patch.object(logistics_shop_levelling, "shop_solver", None):
            wizard = (
                self.env["logistics.shop.levelling"]
                .with_user(self.manager)
                .create(
                    {
                        "date_from": self.MONDAY,
                        "date_to": self.MONDAY + timedelta(days=13),
                        "workcenter_ids": [Command.set(self.workcenter.ids)],
                    }
                )
            )
            wizard.action_propose()
        for line in wizard.line_ids:
            line.apply = line.production_id in orders
        self.env.flush_all()
        before = self.cr.sql_log_count
        wizard.action_apply()
        self.env.flush_all()
        return wizard, self.cr.sql_log_count - before

    def test_apply_queries_grow_by_a_small_constant_per_order(self):
        self._apply(self.orders[:2])  # warm the caches (access rules, fields...)
        self.env.invalidate_all()
        wizard, small = self._apply(self.orders[2:4])
        self.env.invalidate_all()
        _wizard, large = self._apply(self.orders[4:12])
        # what Odoo's Plan writes: the leave of the work order, its dates, the order's dates
        for line in wizard.line_ids.filtered("apply"):
            workorder = line.production_id.workorder_ids
            operation = line.operation_ids
            self.assertEqual(workorder.leave_id.date_from, operation.date_start)
            self.assertEqual(
                (workorder.date_start, workorder.date_finished),
                (operation.date_start, operation.date_finished),
            )
            self.assertEqual(line.production_id.date_start, operation.date_start)
            self.assertEqual(line.production_id.date_finished, operation.date_finished)
        self.assertLessEqual(small, APPLY_QUERIES_2)
        self.assertLessEqual(large - small, 6 * APPLY_QUERIES_PER_ORDER)
