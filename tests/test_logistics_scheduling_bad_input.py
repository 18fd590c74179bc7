from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from .common_scheduling import SchedulingCase


@tagged("post_install", "-at_install")
class TestSchedulingWithoutCalendar(SchedulingCase):
    """A work centre without working calendar (flexible hours) is planned and loaded on its
    company's calendar, and the levelling says so."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id = cls.calendar
        cls.bench = cls.env["mrp.workcenter"].create(
            {"name": "Bench F", "default_capacity": 1, "time_efficiency": 100}
        )
        cls.bench.resource_calendar_id = False
        bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "product_qty": 1,
                "sequence": 99,
                "operation_ids": [
                    Command.create(
                        {"name": "Fit", "workcenter_id": cls.bench.id, "time_cycle_manual": 60}
                    )
                ],
            }
        )
        cls.order = cls.env["mrp.production"].create(
            {"product_id": cls.product.id, "product_qty": 1, "bom_id": bom.id}
        )
        cls.order.date_deadline = cls.utc(5, 16)
        cls.order.action_confirm()
        cls.order.workorder_ids.duration_expected = 120

    def test_load_uses_the_company_calendar(self):
        """The company's calendar is the fixture's (8 h a weekday, Thursday a public holiday
        of it; Tuesday's leave is Press S's own): capacity 8 h x 1 x 1 on Mon, Tue, Wed, Fri.
        The 2 h order, unplanned, is packed backward from Friday 17:00 Paris: Fri 15-17."""
        self.assertFalse(self.bench.resource_calendar_id)
        rows = self.env["logistics.workcenter.load"]._compute_load(
            self.MONDAY, self.MONDAY + timedelta(days=6), self.bench
        )[self.bench]
        self.assertEqual([row.capacity / 60 for row in rows], [8.0, 8.0, 8.0, 0.0, 8.0, 0.0, 0.0])
        self.assertEqual([row.load / 60 for row in rows], [0.0] * 4 + [2.0, 0.0, 0.0])

    def test_levelling_plans_on_the_company_calendar_and_says_so(self):
        wizard = self._levelling_wizard(workcenters=self.bench)
        wizard.action_propose()
        self.assertIn("Bench F", wizard.note)
        line = wizard.line_ids.filtered(lambda line: line.production_id == self.order)
        # inside one shift of the company's calendar (08-12 or 13-17 Paris = 07-11 or 12-16
        # UTC, Thursday a holiday), on time for its Friday deadline
        self.assertEqual(line.change, "on_time")
        operation = line.operation_ids
        start, end = operation.date_start, operation.date_finished
        self.assertEqual(end - start, timedelta(minutes=120))
        self.assertEqual(start.date(), end.date())
        self.assertIn(start.weekday(), (0, 1, 2, 4))
        shift = (7, 11) if start.hour < 12 else (12, 16)
        self.assertTrue(start.hour >= shift[0] and (end.hour, end.minute) <= (shift[1], 0))
