from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_cycle_count import CycleCountCase
from .common_kpi import KpiFixtureCase


@tagged("post_install", "-at_install")
class TestReclassificationCronIsolation(CycleCountCase):
    """One warehouse whose ranking fails does not stop the nightly ranking of the others."""

    def test_a_failing_policy_is_logged_and_the_other_warehouses_are_ranked(self):
        broken_warehouse = self.env["stock.warehouse"].create({"name": "Broken", "code": "BRK"})
        broken = self.env["logistics.count.policy"].create({"warehouse_id": broken_warehouse.id})
        Policy = type(self.env["logistics.count.policy"])
        reclassify = Policy._reclassify

        def failing(policy):
            if policy == broken:
                raise ValueError("a product without cost")
            return reclassify(policy)

        self.env["logistics.abc.history"].search([]).is_current = False
        # the broken policy run first, then last: the fixture's warehouse is ranked both times
        for order in ("id desc", "id"):
            with (
                patch.object(Policy, "_reclassify", failing),
                patch.object(Policy, "_order", order),
                mute_logger("odoo.addons.industrial_logistics.models.logistics_count_policy"),
            ):
                self.env["logistics.count.policy"]._cron_reclassify()
            # P-A consumed the most in the fixture warehouse: class A, computed, not manual
            self.assertEqual(self._current_classes(self.product_a)[self.warehouse], ("A", False))
            self.assertFalse(broken.last_classification_date)
            self.env["logistics.abc.history"].search([]).is_current = False


@tagged("post_install", "-at_install")
class TestSnapshotCronIsolation(KpiFixtureCase):
    """A company whose nightly snapshot fails does not stop the snapshots of the others."""

    def test_a_failing_company_is_logged_and_the_other_companies_are_refreshed(self):
        Snapshot = self.env["logistics.kpi.stock.snapshot"]
        SnapshotModel = type(Snapshot)
        rebuild = SnapshotModel._rebuild
        others = self.env["res.company"].search([("id", "!=", self.company.id)])
        refreshed = []

        def failing(model, date_from=None, date_to=None, company_ids=None):
            if company_ids != self.company.ids:
                raise ValueError("a broken valuation layer")
            refreshed.extend(company_ids)
            return rebuild(model, date_from=date_from, date_to=date_to, company_ids=company_ids)

        today = self.date_from + timedelta(days=60)
        domain = [("company_id", "=", self.company.id), ("product_id", "=", self.product_a.id)]
        self._receive(self.product_a, 5, self.day(60, 1))
        with (
            patch.object(SnapshotModel, "_rebuild", failing),
            mute_logger("odoo.addons.industrial_logistics.reports.logistics_kpi_stock_snapshot"),
        ):
            Snapshot._cron_refresh()
        self.assertTrue(others, "the database has other companies, whose refresh fails")
        self.assertEqual(refreshed, self.company.ids)
        # 40 left after day 29, plus 5 received today: refreshed although the others failed
        self.assertEqual(Snapshot.search(domain + [("date", "=", today)]).quantity, 45.0)
