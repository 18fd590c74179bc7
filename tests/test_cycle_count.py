from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_cycle_count import MONDAY, CycleCountCase


@tagged("post_install", "-at_install")
class TestCounting(CycleCountCase):
    def test_count_within_tolerance_is_posted_through_an_inventory_adjustment(self):
        # LOC-A: P-A class A, +-1 %; 100 expected, 99 found: -1 is within 1 -> posted
        task = self._task(self.loc_a, self.storekeeper_1)
        task = self._count(task, {self.product_a: 99}, self.storekeeper_1)
        line = task.line_ids
        self.assertEqual(line.theoretical_qty, 100)
        task.action_submit()
        self.assertEqual(task.state, "done")
        self.assertEqual((line.difference_qty, line.difference_value), (-1, -100))
        self.assertTrue(line.within_tolerance and line.posted)
        self.assertEqual(line.counter_id, self.storekeeper_1)
        self.assertEqual(self._quantity(self.product_a, self.loc_a), 99)
        move = self.env["stock.move"].search(
            [("product_id", "=", self.product_a.id), ("location_id", "=", self.loc_a.id),
             ("is_inventory", "=", True)]
        )  # fmt: skip
        self.assertEqual(move.product_uom_qty, 1)
        self.assertIn("Cycle count", move.name)

    def test_out_of_tolerance_waits_for_a_recount_by_another_storekeeper(self):
        # LOC-B: P-B class B, +-3 %; 50 expected, 45 found: 5 > 1.5 -> recount, nothing posted
        task = self._count(
            self._task(self.loc_b, self.storekeeper_1), {self.product_b: 45}, self.storekeeper_1
        )
        task.action_submit()
        self.assertEqual(task.state, "recount")
        self.assertEqual(self._quantity(self.product_b, self.loc_b), 50)
        recount = task.recount_task_ids
        self.assertEqual(recount.user_id, self.storekeeper_2)
        self.assertEqual(recount.line_ids.product_id, self.product_b)
        # the recount finds 46: 46 - 50 = -4 is posted, the first count is replaced
        recount = self._count(recount, {self.product_b: 46}, self.storekeeper_2)
        recount.action_submit()
        self.assertEqual((task.state, recount.state), ("done", "done"))
        self.assertEqual(self._quantity(self.product_b, self.loc_b), 46)
        self.assertEqual(task.line_ids.resolution, "recounted")
        self.assertFalse(task.line_ids.posted)

    def test_move_done_between_count_and_posting_is_neither_lost_nor_counted_twice(self):
        # LOC-C: P-C class C, +-5 %; the count starts with 200 in the books and finds 195;
        # 20 leave before the count is submitted: 200 - 20 - 5 = 175 must remain
        task = self._count(
            self._task(self.loc_c, self.storekeeper_1), {self.product_c: 195}, self.storekeeper_1
        )
        self._done_move(self.product_c, self.loc_c, self.customers, 20)
        task.action_submit()
        self.assertEqual(task.line_ids.difference_qty, -5)
        self.assertEqual(self._quantity(self.product_c, self.loc_c), 175)

    def test_manager_posts_without_recount_only_with_a_reason(self):
        task = self._count(
            self._task(self.loc_b, self.storekeeper_1), {self.product_b: 45}, self.storekeeper_1
        )
        task.action_submit()
        with self.assertRaisesRegex(UserError, "manager"):
            task.with_user(self.storekeeper_1).action_post_without_recount()
        as_manager = task.with_user(self.manager)
        with self.assertRaisesRegex(UserError, "reason"):
            as_manager.action_post_without_recount()
        self.assertEqual(self._quantity(self.product_b, self.loc_b), 50)
        as_manager.decision_reason = "Damaged parts found and scrapped last week"
        as_manager.action_post_without_recount()
        self.assertEqual(task.state, "done")
        self.assertEqual(task.recount_task_ids.state, "cancelled")
        self.assertEqual(task.line_ids.resolution, "manager")
        self.assertEqual(self._quantity(self.product_b, self.loc_b), 45)

    def test_unexpected_product_is_added_with_what_the_books_say(self):
        # P-C is not in LOC-A: added with 0 expected; 3 found is out of any tolerance of 0
        task = self._count(
            self._task(self.loc_a, self.storekeeper_1),
            {self.product_a: 100, self.product_c: 3},
            self.storekeeper_1,
        )
        added = task.line_ids.filtered("unexpected")
        self.assertEqual((added.product_id, added.theoretical_qty), (self.product_c, 0))
        task.action_submit()
        self.assertEqual(task.state, "recount")
        self.assertEqual(task.recount_task_ids.line_ids.product_id, self.product_c)
        self.assertEqual(self._quantity(self.product_c, self.loc_a), 0)

    def test_blind_count_hides_the_theoretical_quantity(self):
        task = self._task(self.loc_a, self.storekeeper_1).with_user(self.storekeeper_1)
        task.action_scan(self.loc_a.barcode)
        self.assertEqual(task.get_count_screen_data()["lines"][0]["theoretical_qty"], 100)
        self.policy.blind_count = True
        task.invalidate_recordset(["blind_count"])
        self.assertIs(task.get_count_screen_data()["lines"][0]["theoretical_qty"], False)

    def test_my_counts_today_lists_only_my_open_tasks_due(self):
        today = self.env["logistics.count.task"].create(
            {"warehouse_id": self.warehouse.id, "location_id": self.loc_a.id,
             "date_planned": self.env.cr.now().date(), "user_id": self.storekeeper_1.id}
        )  # fmt: skip
        self._task(self.loc_b, self.storekeeper_2)  # someone else's
        mine = self.env["logistics.count.task"].with_user(self.storekeeper_1).get_my_counts_today()
        self.assertIn(today.id, [task["id"] for task in mine])
        self.assertNotIn(self.loc_b.complete_name, [task["location"] for task in mine])


@tagged("post_install", "-at_install")
class TestCountingBadInput(CycleCountCase):
    def test_counting_a_location_not_on_your_task_is_refused(self):
        task = self._task(self.loc_a, self.storekeeper_1).with_user(self.storekeeper_1)
        with self.assertRaisesRegex(UserError, "not on your task"):
            task.action_scan(self.loc_b.barcode)
        self.assertEqual(task.state, "planned")
        self.assertFalse(task.location_confirmed or task.line_ids)

    def test_products_before_the_location_are_refused(self):
        task = self._task(self.loc_a, self.storekeeper_1).with_user(self.storekeeper_1)
        with self.assertRaisesRegex(UserError, "Scan the location"):
            task.action_scan(self.product_a.barcode)

    def test_someone_elses_task_is_refused(self):
        task = self._task(self.loc_a, self.storekeeper_1).with_user(self.storekeeper_2)
        with self.assertRaisesRegex(UserError, "someone else"):
            task.action_scan(self.loc_a.barcode)

    def test_a_negative_counted_quantity_is_refused(self):
        task = self._count(self._task(self.loc_a, self.storekeeper_1), {}, self.storekeeper_1)
        line = task.line_ids
        with self.assertRaises(ValidationError):
            task.action_set_counted_qty(line.id, -3)
        self.assertFalse(line.is_counted)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env.cr.execute(
                "UPDATE logistics_count_line SET counted_qty = -1 WHERE id = %s", [line.id]
            )

    def test_a_product_not_stocked_is_refused(self):
        task = self._count(self._task(self.loc_a, self.storekeeper_1), {}, self.storekeeper_1)
        for barcode in ("BAR-SERVICE", "BAR-CONSU"):
            with self.assertRaisesRegex(UserError, "not a stocked product"):
                task.action_scan(barcode)
        self.assertEqual(len(task.line_ids), 1)

    def test_an_unknown_barcode_is_refused(self):
        task = self._count(self._task(self.loc_a, self.storekeeper_1), {}, self.storekeeper_1)
        with self.assertRaisesRegex(UserError, "Nothing is known"):
            task.action_scan("NO-SUCH-CODE")

    def test_submitting_with_uncounted_lines_is_refused(self):
        task = self._count(self._task(self.loc_a, self.storekeeper_1), {}, self.storekeeper_1)
        with self.assertRaisesRegex(UserError, "Type a quantity"):
            task.action_submit()
        self.assertEqual(task.state, "in_progress")
        self.assertEqual(self._quantity(self.product_a, self.loc_a), 100)

    def test_cancelling_a_task_with_counted_lines_is_refused(self):
        task = self._count(
            self._task(self.loc_a, self.storekeeper_1), {self.product_a: 90}, self.storekeeper_1
        )
        with self.assertRaisesRegex(UserError, "counted lines"):
            task.action_cancel()
        self.assertEqual(task.state, "in_progress")
        self.assertEqual(task.line_ids.counted_qty, 90)
        uncounted = self._task(self.loc_b, self.storekeeper_1)
        uncounted.action_cancel()
        self.assertEqual(uncounted.state, "cancelled")


@tagged("post_install", "-at_install")
class TestCountAccuracy(CycleCountCase):
    def test_accuracy_by_class_as_hit_rate_quantity_weighted_and_value(self):
        # A: 100 expected, 99 found -> hit, |diff| 1, value -100
        # B: 50 expected, 45 found -> miss (3 % of 50 = 1.5), |diff| 5, value -250
        # C: 200 expected, 200 found -> hit
        # all: hit rate 2 / 3 = 66.7 %; quantity-weighted 100 x (350 - 6) / 350 = 98.29 %
        for location, product, found in (
            (self.loc_a, self.product_a, 99),
            (self.loc_b, self.product_b, 45),
            (self.loc_c, self.product_c, 200),
        ):
            self._count(
                self._task(location, self.storekeeper_1), {product: found}, self.storekeeper_1
            ).action_submit()
        self.env.flush_all()
        Report = self.env["logistics.count.accuracy.report"]
        domain = [("warehouse_id", "=", self.warehouse.id)]
        [(count, hit, accuracy, value)] = Report._read_group(
            domain, [], ["__count", "hit_rate:avg", "quantity_accuracy:sum", "difference_value:sum"]
        )
        self.assertEqual(count, 3)
        self.assertAlmostEqual(hit, 200 / 3)
        self.assertAlmostEqual(accuracy, 100 * (350 - 6) / 350)
        self.assertAlmostEqual(value, -350)
        by_class = {
            abc_class: (hit, accuracy)
            for abc_class, hit, accuracy in Report._read_group(
                domain, ["abc_class"], ["hit_rate:avg", "quantity_accuracy:sum"]
            )
        }
        self.assertEqual(by_class["A"], (100.0, 99.0))
        self.assertEqual(by_class["B"], (0.0, 90.0))
        # the recount of LOC-B is a correction, not a second record of accuracy
        recount = self.env["logistics.count.task"].search(
            [("is_recount", "=", True), ("location_id", "=", self.loc_b.id)]
        )
        self._count(recount, {self.product_b: 45}, self.storekeeper_2).action_submit()
        self.env.flush_all()
        self.assertEqual(Report.search_count(domain), 3)

    def test_the_plan_shows_its_accuracy(self):
        plan = self._planned()
        for task in plan.task_ids:
            product = {
                self.loc_a: self.product_a,
                self.loc_b: self.product_b,
                self.loc_c: self.product_c,
            }[task.location_id]
            found = self._quantity(product, task.location_id)
            self._count(task, {product: found}, task.user_id).action_submit()
        plan.invalidate_recordset()
        self.assertEqual(
            (plan.line_count, plan.hit_rate, plan.quantity_accuracy), (3, 100.0, 100.0)
        )
        self.assertEqual(plan.done_task_count, 3)


@tagged("post_install", "-at_install")
class TestCycleCountSecurity(CycleCountCase):
    def test_storekeeper_has_my_counts_today_and_manager_the_planning_menus(self):
        Menu = self.env["ir.ui.menu"]
        storekeeper_menus = Menu.with_user(self.storekeeper_1)._visible_menu_ids()
        manager_menus = Menu.with_user(self.manager)._visible_menu_ids()
        today = self.env.ref("industrial_logistics.menu_logistics_count_today").id
        policies = self.env.ref("industrial_logistics.menu_logistics_count_policy").id
        plans = self.env.ref("industrial_logistics.menu_logistics_count_plan").id
        self.assertIn(today, storekeeper_menus)
        self.assertNotIn(policies, storekeeper_menus)
        self.assertNotIn(plans, storekeeper_menus)
        self.assertTrue({today, policies, plans} <= set(manager_menus))

    def test_counts_of_another_company_are_not_visible(self):
        other = self.env["res.company"].create({"name": "Other count company"})
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", other.id)], limit=1)
        self.env["logistics.count.task"].create(
            {
                "company_id": other.id,
                "warehouse_id": warehouse.id,
                "location_id": warehouse.lot_stock_id.id,
                "date_planned": MONDAY,
            }
        )
        mine = self._task(self.loc_a, self.storekeeper_1)
        visible = self.env["logistics.count.task"].with_user(self.storekeeper_1).search([])
        self.assertEqual(visible.company_id, self.company)
        self.assertIn(mine, visible)


@tagged("post_install", "-at_install")
class TestCountingLots(CycleCountCase):
    def test_lots_are_counted_by_scanning_the_lot_number(self):
        # LOC-EMPTY gets 10 of lot LOT-1 and 5 of LOT-2; LOT-2 is found 6 (+1 on 5 = 20 %,
        # class C +-5 %: out of tolerance), LOT-1 exactly: LOT-1 done, LOT-2 to recount
        product = self.env["product.product"].create(
            {"name": "Lot part", "barcode": "BAR-LOT", "is_storable": True, "tracking": "lot"}
        )
        lot_1, lot_2 = self.env["stock.lot"].create(
            [{"name": name, "product_id": product.id} for name in ("LOT-1", "LOT-2")]
        )
        quant = self.env["stock.quant"]
        quant._update_available_quantity(product, self.loc_empty, 10, lot_id=lot_1)
        quant._update_available_quantity(product, self.loc_empty, 5, lot_id=lot_2)
        task = self._task(self.loc_empty, self.storekeeper_1).with_user(self.storekeeper_1)
        task.action_scan(self.loc_empty.barcode)
        self.assertEqual(len(task.line_ids), 2)
        with self.assertRaisesRegex(UserError, "scan its lot"):
            task.action_scan("BAR-LOT")
        for lot, found in ((lot_1, 10), (lot_2, 6)):
            line_id = task.action_scan(lot.name)["line_id"]
            task.action_set_counted_qty(line_id, found)
        task.action_submit()
        self.assertEqual(task.state, "recount")
        self.assertEqual(task.recount_task_ids.line_ids.lot_id, lot_2)
        self.assertEqual(quant._get_available_quantity(product, self.loc_empty, lot_id=lot_2), 5)
        # the recount confirms 6: +1 posted on LOT-2 only
        recount = task.recount_task_ids.with_user(self.storekeeper_2)
        recount.action_scan(self.loc_empty.barcode)
        recount.action_set_counted_qty(recount.action_scan("LOT-2")["line_id"], 6)
        recount.action_submit()
        self.assertEqual(quant._get_available_quantity(product, self.loc_empty, lot_id=lot_2), 6)
        self.assertEqual(quant._get_available_quantity(product, self.loc_empty, lot_id=lot_1), 10)
