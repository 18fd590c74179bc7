from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import LogisticsCase
from .common_cycle_count import MONDAY, CycleCountCase
from .common_opportunistic import empty_at_first_drop


class OpportunisticCase(CycleCountCase):
    """The cycle-count fixture (LOC-A 100 P-A class A, LOC-B 50 P-B class B, LOC-C 200 P-C
    class C; tolerances A 1 %, B 3 %, C 5 %; counts a year A 12, B 4, C 1) and an operator."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = new_test_user(
            cls.env, "ctw_operator", groups="industrial_logistics.group_logistics_operator"
        )
        cls.Task = cls.env["logistics.count.task"]

    def _pick(self, product, location, quantity):
        """A done pick out of the location; its move lines, as a validated transfer's."""
        return self._done_move(product, location, self.customers, quantity).move_line_ids

    def _confirm(self, user, location, product, quantity):
        return self.Task.with_user(user).action_confirm_remaining(location.id, product.id, quantity)

    def _opportunistic(self, location):
        return self.Task.search(
            [("is_opportunistic", "=", True), ("location_id", "=", location.id)]
        )


class TestOpportunisticChecks(OpportunisticCase):
    def test_a_pick_that_empties_a_location_asks_to_confirm_it(self):
        # LOC-A 100 - 100 = 0: asked, as empty; LOC-B 50 - 10 = 40 > threshold 0: not asked
        lines = self._pick(self.product_a, self.loc_a, 100) | self._pick(
            self.product_b, self.loc_b, 10
        )
        checks = self.Task._low_stock_checks(lines)
        self.assertEqual(
            [(c["location_id"], c["product_id"], c["book_qty"], c["empty"]) for c in checks],
            [(self.loc_a.id, self.product_a.id, 0.0, True)],
        )
        self.assertEqual((checks[0]["location"], checks[0]["product"]), ("CTW-LOC-A", "P-A"))

    def test_low_stock_thresholds_per_class_as_a_quantity_or_a_share(self):
        # B threshold 45: LOC-B 50 - 10 = 40 <= 45 asked; C threshold 0: LOC-C 200 - 10 = 190 not
        self.policy.low_stock_threshold_b = 45
        lines = self._pick(self.product_b, self.loc_b, 10) | self._pick(
            self.product_c, self.loc_c, 10
        )
        checks = self.Task._low_stock_checks(lines)
        self.assertEqual(
            [(c["location_id"], c["book_qty"], c["empty"]) for c in checks],
            [(self.loc_b.id, 40.0, False)],
        )
        # share 5 % for B and C, of what the location held before the pick: LOC-C 190 - 180 =
        # 10 <= 5 % x 190 = 9.5? no, not asked; LOC-B 40 - 39 = 1 <= 5 % x 40 = 2: asked
        self.policy.write(
            {"low_stock_basis": "share", "low_stock_threshold_b": 5, "low_stock_threshold_c": 5}
        )
        lines = self._pick(self.product_c, self.loc_c, 180) | self._pick(
            self.product_b, self.loc_b, 39
        )
        checks = self.Task._low_stock_checks(lines)
        self.assertEqual([(c["location_id"], c["book_qty"]) for c in checks], [(self.loc_b.id, 1)])

    def test_a_threshold_out_of_bounds_is_refused(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.policy.low_stock_threshold_a = -1
        with self.assertRefused(ValidationError, "between 0 and 100"):
            self.policy.write({"low_stock_basis": "share", "low_stock_threshold_a": 101})
        self.assertEqual(self.policy.low_stock_threshold_a, 0)

    def test_a_pair_confirmed_today_is_not_asked_again(self):
        lines = self._pick(self.product_a, self.loc_a, 100)
        self._confirm(self.storekeeper_1, self.loc_a, self.product_a, 0)
        self.assertFalse(self.Task._low_stock_checks(lines))


class TestOpportunisticCounts(OpportunisticCase):
    def setUp(self):
        super().setUp()
        # A threshold of 10 for class A: a pick of 95 leaves LOC-A at 5, still stocked (the plan
        # counts only stocked locations), and asks the picker to confirm the 5.
        self.policy.low_stock_threshold_a = 10
        self.checks = self.Task._low_stock_checks(self._pick(self.product_a, self.loc_a, 95))

    @freeze_time(MONDAY)
    def test_a_confirmation_credits_the_plan(self):
        self.assertEqual([(c["book_qty"], c["empty"]) for c in self.checks], [(5.0, False)])
        plan = self._planned()
        planned_a = plan.task_ids.filtered(lambda task: task.location_id == self.loc_a)
        self.assertEqual((len(planned_a), planned_a.state), (1, "planned"))
        answer = self._confirm(self.storekeeper_1, self.loc_a, self.product_a, 5)
        self.assertEqual(answer["status"], "ok")
        self.assertIn("confirmed", answer["message"])
        task = self._opportunistic(self.loc_a)
        self.assertEqual(task.id, answer["task_id"])
        self.assertEqual(
            (task.state, task.credits_location, task.counter_id, task.date_planned, task.plan_id),
            ("done", True, self.storekeeper_1, MONDAY, self.env["logistics.count.plan"]),
        )
        self.assertEqual(
            task.line_ids.mapped(lambda line: (line.theoretical_qty, line.counted_qty)), [(5, 5)]
        )
        # the planned count of LOC-A (due within 365 / 12 = 30 days) is not needed any more
        self.assertEqual((planned_a.state, planned_a.credited_by_id), ("cancelled", task))
        self.assertEqual((plan.opportunistic_count, plan.credited_task_count), (1, 1))
        action = plan.action_view_opportunistic_tasks()
        self.assertEqual(self.Task.search(action["domain"]), task)
        # re-planned, LOC-A (counted on MONDAY, next due 250 / 12 = 20.8 working days later) is
        # not planned again in these 10 working days; LOC-B and LOC-C still are
        plan.action_plan()
        self.assertEqual(
            plan.task_ids.filtered(lambda t: t.state == "planned").location_id,
            self.loc_b | self.loc_c,
        )
        self.assertEqual(plan.opportunistic_count, 1)

    @freeze_time(MONDAY)
    def test_a_confirmation_of_one_product_among_others_does_not_credit_the_location(self):
        # LOC-A also holds 3 P-C: confirming P-A alone is no count of the whole location
        self.env["stock.quant"]._update_available_quantity(self.product_c, self.loc_a, 3)
        plan = self._planned()
        self._confirm(self.storekeeper_1, self.loc_a, self.product_a, 5)
        task = self._opportunistic(self.loc_a)
        self.assertEqual((task.state, task.credits_location), ("done", False))
        planned_a = plan.task_ids.filtered(lambda t: t.location_id == self.loc_a)
        self.assertEqual(planned_a.state, "planned")
        plan.action_plan()
        self.assertIn(
            self.loc_a, plan.task_ids.filtered(lambda t: t.state == "planned").location_id
        )
        self.assertEqual((plan.opportunistic_count, plan.credited_task_count), (1, 0))

    def test_a_difference_within_tolerance_posts_like_a_cycle_count(self):
        # tolerance A 20 %: 20 % x 5 = 1 allowed; 4 found -> -1 posted, quant 5 - 1 = 4,
        # valued -1 x 100 = -100
        self.policy.tolerance_a = 20
        answer = self._confirm(self.storekeeper_1, self.loc_a, self.product_a, 4)
        self.assertEqual(answer["status"], "warning")
        self.assertIn("is posted", answer["message"])
        line = self._opportunistic(self.loc_a).line_ids
        self.assertEqual(
            (line.difference_qty, line.difference_value, line.posted), (-1, -100, True)
        )
        self.assertEqual(self._quantity(self.product_a, self.loc_a), 4)

    def test_a_difference_out_of_tolerance_goes_to_a_recount(self):
        # tolerance A 1 %: 0.05 allowed; 2 found -> -3 waits for storekeeper 2's recount
        answer = self._confirm(self.storekeeper_1, self.loc_a, self.product_a, 2)
        self.assertIn("recounts it", answer["message"])
        task = self._opportunistic(self.loc_a).filtered(lambda t: not t.is_recount)
        self.assertEqual(task.state, "recount")
        self.assertEqual((task.line_ids.resolution, task.line_ids.posted), ("recount", False))
        self.assertEqual(task.recount_task_ids.user_id, self.storekeeper_2)
        self.assertEqual(self._quantity(self.product_a, self.loc_a), 5)
        # the recount posts as any recount: 2 found again -> quant 2
        recount = self._count(task.recount_task_ids, {self.product_a: 2}, self.storekeeper_2)
        recount.action_submit()
        self.assertEqual((task.state, recount.state), ("done", "done"))
        self.assertEqual(self._quantity(self.product_a, self.loc_a), 2)

    def test_an_operator_confirms_but_never_posts(self):
        # agreement with the books: closed at once, and credited
        answer = self._confirm(self.operator, self.loc_a, self.product_a, 5)
        self.assertEqual(answer["status"], "ok")
        self.assertEqual(self._opportunistic(self.loc_a).state, "done")

    def test_an_operator_difference_waits_for_a_storekeeper(self):
        # even within every tolerance (A at 100 %), an operator's 4 is recounted, not posted
        self.policy.tolerance_a = 100
        self._confirm(self.operator, self.loc_a, self.product_a, 4)
        task = self._opportunistic(self.loc_a).filtered(lambda t: not t.is_recount)
        self.assertEqual((task.state, task.counter_id), ("recount", self.operator))
        self.assertEqual(task.line_ids.posted, False)
        self.assertEqual(task.recount_task_ids.user_id, self.storekeeper_1)
        self.assertEqual(self._quantity(self.product_a, self.loc_a), 5)
        # what the screens do not let him do, he cannot do by RPC either
        as_operator = task.with_user(self.operator)
        with self.assertRefused(AccessError, "Only storekeepers count stock"):
            as_operator.action_submit()
        with self.assertRefused(UserError, "Only a supply-chain manager"):
            as_operator.action_post_without_recount()
        with self.assertRefused(AccessError, "not allowed"):
            task.line_ids.with_user(self.operator).write({"counted_qty": 5})
        with self.assertRefused(AccessError, "not allowed"):
            self.Task.with_user(self.operator).create(
                {
                    "warehouse_id": self.warehouse.id,
                    "location_id": self.loc_a.id,
                    "date_planned": MONDAY,
                }
            )
        self.assertEqual(self._quantity(self.product_a, self.loc_a), 5)

    def test_bad_confirmations_are_refused_and_change_nothing(self):
        user = new_test_user(self.env, "ctw_nobody", groups="base.group_user")
        with self.assertRefused(AccessError, "Only the logistics team"):
            self._confirm(user, self.loc_a, self.product_a, 5)
        cases = [
            (ValidationError, "cannot be negative", self.loc_a, self.product_a, -1),
            (ValidationError, "as a number", self.loc_a, self.product_a, "5"),
            (ValidationError, "as a number", self.loc_a, self.product_a, True),
            (ValidationError, "steps of", self.loc_a, self.product_a, 0.001),
            (UserError, "not stocked", self.loc_a, self.service, 0),
            (UserError, "not a stock location", self.customers, self.product_a, 0),
        ]
        for error, message, location, product, quantity in cases:
            with self.subTest(message=message, quantity=quantity):
                with self.assertRefused(error, message):
                    self._confirm(self.storekeeper_1, location, product, quantity)
        other_company = self.env["res.company"].create({"name": "Other count company"})
        other_wh = self.env["stock.warehouse"].search([("company_id", "=", other_company.id)])
        with self.assertRefused(AccessError, "another company"):
            self._confirm(self.storekeeper_1, other_wh.lot_stock_id, self.product_a, 0)
        self.assertFalse(self.Task.search([("is_opportunistic", "=", True)]))
        self.assertEqual(self._quantity(self.product_a, self.loc_a), 5)


class TestDropAsksToConfirm(LogisticsCase):
    """The driver's drop at the demo round's first stop takes the last units of one product
    from the supermarket (common_opportunistic): the screen's question is that pair only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.require_demo()
        cls.driver = new_test_user(
            cls.env, "drop_driver", groups="industrial_logistics.group_logistics_storekeeper"
        )
        cls.operator = new_test_user(
            cls.env, "drop_operator", groups="industrial_logistics.group_logistics_operator"
        )

    def test_the_drop_asks_for_the_location_it_emptied_and_the_answer_is_a_count(self):
        round_, product, location = empty_at_first_drop(self)
        round_ = round_.with_user(self.driver)
        round_.action_start()
        round_.action_scan_location("WH-LINE1")
        stop = round_.round_stop_ids.filtered(lambda rs: rs.location_id.barcode == "WH-LINE1")
        stop.action_confirm_drop()
        checks = stop.get_low_stock_checks()
        self.assertEqual(
            [(c["product_id"], c["location_id"], c["book_qty"], c["empty"]) for c in checks],
            [(product.id, location.id, 0.0, True)],
        )
        # an operator does not drive: he cannot ask the round's questions by RPC
        with self.assertRaises(AccessError):
            stop.with_user(self.operator).get_low_stock_checks()
        answer = (
            self.env["logistics.count.task"]
            .with_user(self.driver)
            .action_confirm_remaining(location.id, product.id, 0)
        )
        self.assertEqual(answer["status"], "ok")
        # confirmed today: the same drop asks nothing more
        self.assertFalse(stop.get_low_stock_checks())
