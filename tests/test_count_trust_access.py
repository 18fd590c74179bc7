from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_cycle_count import CycleCountCase


@tagged("post_install", "-at_install")
class TestCountRecordsOnlyActionsChange(CycleCountCase):
    """Storekeepers read count tasks and lines; every change goes through the count actions.
    Posted lines are an audit trail, for managers too."""

    def _posted_task(self):
        # LOC-A: 100 P-A, 99 found: -1 within 1 % -> posted, the books say 99
        task = self._count(
            self._task(self.loc_a, self.storekeeper_1), {self.product_a: 99}, self.storekeeper_1
        )
        task.action_submit()
        self.assertTrue(task.line_ids.posted)
        return task

    def _figures(self, lines):
        return [
            (line.theoretical_qty, line.counted_qty, line.difference_qty, line.posted)
            for line in lines
        ]

    def test_a_storekeeper_cannot_forge_the_expected_quantity(self):
        task = self._count(
            self._task(self.loc_a, self.storekeeper_1), {self.product_a: 90}, self.storekeeper_1
        )
        line = task.line_ids.with_user(self.storekeeper_1)
        with self.assertRaises(AccessError):
            line.write({"theoretical_qty": 90})
        with self.assertRaises(AccessError):
            line.write({"counted_qty": 100})
        line.invalidate_recordset()
        self.assertEqual(self._figures(line), [(100, 90, -10, False)])

    def test_a_storekeeper_cannot_unpost_a_posted_line(self):
        task = self._posted_task()
        line = task.line_ids.with_user(self.storekeeper_1)
        with self.assertRaises(AccessError):
            line.write({"posted": False})
        line.invalidate_recordset()
        self.assertEqual(self._figures(line), [(100, 99, -1, True)])
        self.assertEqual(self._quantity(self.product_a, self.loc_a), 99)

    def test_a_storekeeper_cannot_create_a_count_line(self):
        task = self._count(self._task(self.loc_a, self.storekeeper_1), {}, self.storekeeper_1)
        Line = self.env["logistics.count.line"].with_user(self.storekeeper_1)
        with self.assertRaises(AccessError):
            Line.create(
                {
                    "task_id": task.id,
                    "product_id": self.product_b.id,
                    "theoretical_qty": 1000,
                    "counted_qty": 1000,
                }
            )
        self.assertEqual(task.line_ids.product_id, self.product_a)

    def test_a_storekeeper_cannot_close_or_reassign_a_task_directly(self):
        task = self._count(
            self._task(self.loc_a, self.storekeeper_1), {self.product_a: 50}, self.storekeeper_1
        )
        for vals in ({"state": "done"}, {"user_id": self.storekeeper_2.id}):
            with self.assertRaises(AccessError):
                task.write(vals)
        task.invalidate_recordset()
        self.assertEqual((task.state, task.user_id), ("in_progress", self.storekeeper_1))
        self.assertEqual(self._quantity(self.product_a, self.loc_a), 100)

    def test_posted_lines_are_frozen_for_managers_too(self):
        task = self._posted_task()
        line = task.line_ids.with_user(self.manager)
        with self.assertRefused(AccessError, "audit"):
            line.write({"counted_qty": 100})
        with self.assertRefused(AccessError, "audit"):
            line.write({"posted": False})
        with self.assertRefused(UserError, "audit"):
            line.unlink()
        line.invalidate_recordset()
        self.assertEqual(self._figures(line), [(100, 99, -1, True)])
        # the superuser (an upgrade script, a data fix) still can
        line.sudo().write({"resolution": "manager"})
        self.assertEqual(line.resolution, "manager")

    def test_someone_without_the_storekeeper_role_cannot_count(self):
        user = new_test_user(self.env, "ctw_user", groups="base.group_user,stock.group_stock_user")
        task = self._task(self.loc_a, self.storekeeper_1).with_user(user)
        with self.assertRaises(AccessError):
            task.action_scan(self.loc_a.barcode)
        self.assertEqual(task.sudo().state, "planned")

    def test_a_task_of_a_company_not_allowed_is_refused(self):
        task = self._task(self.loc_a, self.storekeeper_1)
        other = self.env["res.company"].create({"name": "Other count company"})
        as_other = task.with_user(self.storekeeper_1).with_context(allowed_company_ids=[other.id])
        self.storekeeper_1.company_ids |= other
        with self.assertRaises(AccessError):
            as_other.action_scan(self.loc_a.barcode)
        self.assertEqual(task.state, "planned")

    def test_a_submitted_task_cannot_be_changed_through_the_actions(self):
        task = self._posted_task().with_user(self.storekeeper_1)
        with self.assertRefused(UserError, "cannot be counted any more"):
            task.action_set_counted_qty(task.line_ids.id, 100)
        with self.assertRefused(UserError, "cannot be counted any more"):
            task.action_submit()
        self.assertEqual(self._figures(task.line_ids), [(100, 99, -1, True)])
        self.assertEqual(self._quantity(self.product_a, self.loc_a), 99)


@tagged("post_install", "-at_install")
class TestRecountBySomeoneElse(CycleCountCase):
    def _waiting_recount(self):
        # LOC-B: 50 P-B, 45 found by ctw_sk1: -5 beyond 3 % -> recount
        task = self._count(
            self._task(self.loc_b, self.storekeeper_1), {self.product_b: 45}, self.storekeeper_1
        )
        task.action_submit()
        return task, task.recount_task_ids

    def test_the_recount_goes_to_the_other_storekeeper(self):
        task, recount = self._waiting_recount()
        self.assertEqual(
            (task.counter_id, recount.user_id), (self.storekeeper_1, self.storekeeper_2)
        )

    def test_the_first_counter_cannot_do_an_unassigned_recount(self):
        _task, recount = self._waiting_recount()
        recount.with_user(self.manager).user_id = False
        with self.assertRefused(UserError, "someone else"):
            recount.with_user(self.storekeeper_1).action_scan(self.loc_b.barcode)
        self.assertEqual((recount.state, recount.location_confirmed), ("planned", False))
        self.assertEqual(self._quantity(self.product_b, self.loc_b), 50)

    def test_the_recount_cannot_be_assigned_to_the_first_counter(self):
        _task, recount = self._waiting_recount()
        with self.assertRefused(ValidationError, "first count"):
            recount.with_user(self.manager).user_id = self.storekeeper_1
        recount.invalidate_recordset()
        self.assertEqual(recount.user_id, self.storekeeper_2)

    def test_a_manager_who_counted_first_cannot_recount_either(self):
        task = self._count(
            self._task(self.loc_b, self.storekeeper_1), {self.product_b: 45}, self.manager
        )
        task.action_submit()
        recount = task.recount_task_ids
        self.assertNotEqual(recount.user_id, self.manager)
        with self.assertRefused(UserError, "someone else"):
            recount.with_user(self.manager).action_scan(self.loc_b.barcode)


@tagged("post_install", "-at_install")
class TestNothingDeletedByAccident(CycleCountCase):
    def _plan_with_a_count(self):
        plan = self._planned()
        task = plan.task_ids.filtered(lambda task: task.location_id == self.loc_a)
        self._count(task, {self.product_a: 99}, task.user_id).action_submit()
        return plan, task

    def test_a_task_with_counted_lines_is_cancelled_not_deleted(self):
        task = self._count(
            self._task(self.loc_a, self.storekeeper_1), {self.product_a: 99}, self.storekeeper_1
        )
        with self.assertRefused(UserError, "cancel the task"):
            task.with_user(self.manager).unlink()
        self.assertTrue(task.exists() and task.line_ids.exists())
        # a task nobody counted yet may go
        planned = self._task(self.loc_b, self.storekeeper_1)
        planned.with_user(self.manager).unlink()
        self.assertFalse(planned.exists())

    def test_a_plan_with_counts_is_cancelled_not_deleted_and_keeps_its_accuracy(self):
        plan, task = self._plan_with_a_count()
        # -1 on 100, class A +-1 %: one line, a hit, 99 % quantity-weighted
        figures = (plan.line_count, plan.hit_rate, plan.quantity_accuracy)
        self.assertEqual(figures, (1, 100.0, 99.0))
        with self.assertRefused(UserError, "cancel the plan"):
            plan.with_user(self.manager).unlink()
        self.assertTrue(plan.exists() and task.line_ids.exists())
        plan.with_user(self.manager).action_cancel()
        plan.invalidate_recordset()
        self.assertEqual(plan.state, "cancelled")
        self.assertEqual((plan.line_count, plan.hit_rate, plan.quantity_accuracy), figures)
        self.assertEqual(task.state, "done")
        self.assertEqual(set((plan.task_ids - task).mapped("state")), {"cancelled"})


@tagged("post_install", "-at_install")
class TestCountingWithoutInventoryRights(CycleCountCase):
    """The count actions do their stock work themselves: a storekeeper who is not an
    Inventory user (the storekeeper role need not imply it) counts and posts all the same."""

    def test_a_storekeeper_without_inventory_rights_counts_lots_and_posts(self):
        # The storekeeper role implies Inventory / User today; take it away to prove the
        # count actions do not lean on it.
        stock_user = self.env.ref("stock.group_stock_user")
        for role in ("group_logistics_operator", "group_logistics_storekeeper"):
            self.env.ref(f"industrial_logistics.{role}").implied_ids -= stock_user
        counter = new_test_user(
            self.env,
            "ctw_sk_no_stock",
            groups="base.group_user,industrial_logistics.group_logistics_storekeeper",
        )
        self.assertFalse(counter.has_group("stock.group_stock_user"))
        # LOC-EMPTY: 10 of lot LOT-N1 of a lot-tracked part (class C, +-5 %); 10 found on 10,
        # and 1 of P-A, not expected there: +1 on 0 -> recount. LOC-C: 200 P-C, 196 found:
        # -4 within 10 -> posted, 196 remain.
        product = self.env["product.product"].create(
            {"name": "Lot part", "barcode": "BAR-LOTN", "is_storable": True, "tracking": "lot"}
        )
        lot = self.env["stock.lot"].create({"name": "LOT-N1", "product_id": product.id})
        self.env["stock.quant"]._update_available_quantity(product, self.loc_empty, 10, lot_id=lot)
        task = self._task(self.loc_empty, counter, "C").with_user(counter)
        task.action_scan(self.loc_empty.barcode)
        task.action_set_counted_qty(task.action_scan("LOT-N1")["line_id"], 10)
        task.action_set_counted_qty(task.action_scan(self.product_a.barcode)["line_id"], 1)
        self.assertEqual(len(task.get_count_screen_data()["lines"]), 2)
        task.action_submit()
        self.assertEqual(task.state, "recount")
        posted = self._count(self._task(self.loc_c, counter, "C"), {self.product_c: 196}, counter)
        posted.action_submit()
        self.assertEqual(posted.state, "done")
        self.assertEqual(self._quantity(self.product_c, self.loc_c), 196)
        self.assertEqual(self._quantity(product, self.loc_empty), 10)
