from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_cycle_count import CycleCountCase


@tagged("post_install", "-at_install")
class TestCountingPackagesAndOwners(CycleCountCase):
    """LOC-EMPTY gets P-C (class C, +-5 %): 10 loose, 20 in package PACK-CT1 and 6 owned by
    a consignor: three quants, three count lines, each posted on its own quant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.package = cls.env["stock.quant.package"].create({"name": "PACK-CT1"})
        cls.consignor = cls.env["res.partner"].create({"name": "Count consignor"})
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.product_c, cls.loc_empty, 10)
        Quant._update_available_quantity(cls.product_c, cls.loc_empty, 20, package_id=cls.package)
        Quant._update_available_quantity(cls.product_c, cls.loc_empty, 6, owner_id=cls.consignor)

    def _quants(self):
        """{(package name, owner name): quantity} of P-C in LOC-EMPTY."""
        quants = self.env["stock.quant"].search(
            [("product_id", "=", self.product_c.id), ("location_id", "=", self.loc_empty.id)]
        )
        result = {}
        for quant in quants:
            key = (quant.package_id.name or "", quant.owner_id.name or "")
            result[key] = result.get(key, 0) + quant.quantity
        return result

    def _started(self, user=None):
        user = user or self.storekeeper_1
        task = self._task(self.loc_empty, user, "C").with_user(user)
        task.action_scan(self.loc_empty.barcode)
        return task

    def _line(self, task, package=None, owner=None):
        return task.line_ids.filtered(
            lambda line: line.package_id == (package or self.env["stock.quant.package"])
            and line.owner_id == (owner or self.env["res.partner"])
        )

    def test_each_quant_is_a_line_of_its_own(self):
        task = self._started()
        self.assertEqual(
            sorted(
                (line.package_id.name or "", line.owner_id.name or "", line.theoretical_qty)
                for line in task.line_ids
            ),
            [("", "", 10), ("", "Count consignor", 6), ("PACK-CT1", "", 20)],
        )
        data = task.get_count_screen_data()["lines"]
        self.assertEqual(
            sorted((line["package"], line["owner"]) for line in data),
            [("", ""), ("", "Count consignor"), ("PACK-CT1", "")],
        )

    def test_a_difference_in_a_package_is_posted_on_the_package_not_as_negative_loose_stock(self):
        # package: 19 found on 20 (-1, within 5 % of 20); loose 10 and owned 6 as booked.
        # The package holds 19, loose stock stays 10, no quant goes negative.
        task = self._started()
        for line, found in (
            (self._line(task), 10),
            (self._line(task, package=self.package), 19),
            (self._line(task, owner=self.consignor), 6),
        ):
            task.action_set_counted_qty(line.id, found)
        task.action_submit()
        self.assertEqual(task.state, "done")
        self.assertEqual(
            self._quants(), {("", ""): 10, ("PACK-CT1", ""): 19, ("", "Count consignor"): 6}
        )
        move_line = self.env["stock.move.line"].search(
            [("product_id", "=", self.product_c.id), ("move_id.is_inventory", "=", True)]
        )
        self.assertEqual(
            (move_line.package_id, move_line.quantity, move_line.location_id),
            (self.package, 1, self.loc_empty),
        )

    def test_a_difference_in_consigned_stock_is_posted_on_the_owners_quant(self):
        # owned: 5 found on 6 (-1 = 16.7 % > 5 %) -> recount by the other storekeeper, who
        # also finds 5: the owner's quant goes to 5, the company's loose 10 are untouched
        task = self._started()
        for line, found in (
            (self._line(task), 10),
            (self._line(task, package=self.package), 20),
            (self._line(task, owner=self.consignor), 5),
        ):
            task.action_set_counted_qty(line.id, found)
        task.action_submit()
        recount = task.recount_task_ids.with_user(self.storekeeper_2)
        self.assertEqual(recount.line_ids.owner_id, self.consignor)
        recount.action_scan(self.loc_empty.barcode)
        recount.action_set_counted_qty(recount.line_ids.id, 5)
        recount.action_submit()
        self.assertEqual(
            self._quants(), {("", ""): 10, ("PACK-CT1", ""): 20, ("", "Count consignor"): 5}
        )
        move_line = self.env["stock.move.line"].search(
            [("product_id", "=", self.product_c.id), ("move_id.is_inventory", "=", True)]
        )
        self.assertEqual((move_line.owner_id, move_line.quantity), (self.consignor, 1))

    def test_a_product_in_several_packages_is_scanned_by_its_package(self):
        task = self._started()
        with self.assertRefused(UserError, "several packages"):
            task.action_scan(self.product_c.barcode)
        answer = task.action_scan("PACK-CT1")
        self.assertEqual(answer["line_id"], self._line(task, package=self.package).id)
