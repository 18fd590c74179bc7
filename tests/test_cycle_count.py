from datetime import datetime, time, timedelta

import pytz
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common_cycle_count import MONDAY, CycleCountCase


@tagged("post_install", "-at_install")
class TestAbcClassification(CycleCountCase):
    def test_products_are_classed_by_consumption_value_out_of_the_warehouse(self):
        # see the fixture: 8,000 -> A, 1,500 -> B, 100 -> C
        self.assertEqual(
            [self._current_classes(p)[self.warehouse] for p in self._products()],
            [("A", False), ("B", False), ("C", False)],
        )

    def _products(self):
        return self.product_a | self.product_b | self.product_c

    def test_reclassification_keeps_one_history_row_per_product_and_run(self):
        history = self.env["logistics.abc.history"].search(
            [("product_id", "in", (self.product_a | self.product_b).ids)], order="rank"
        )
        self.assertEqual(history.mapped("abc_class"), ["A", "B"])
        self.assertEqual(history.mapped("value"), [8000.0, 1500.0])
        self.assertEqual(history[1].cumulative_share, round(9500 / 9600 * 100, 4))
        first = history[0]
        self.policy.action_reclassify()
        rows = self.env["logistics.abc.history"].search([("product_id", "=", self.product_a.id)])
        self.assertEqual(len(rows), 2)
        # only the new run's row is current
        self.assertEqual(rows.filtered("is_current"), rows - first)

    def test_picks_basis_counts_moves_not_value(self):
        # picks: P-C leaves twice more -> P-C 3 picks, P-A 1, P-B 1; total 5.
        # P-C before 0 -> A; next by key (id): P-A before 3/5 = 60 % -> A; P-B 80 % -> B.
        self._done_move(self.product_c, self.loc_c, self.customers, 1)
        self._done_move(self.product_c, self.loc_c, self.customers, 1)
        self.policy.basis = "picks"
        self.policy.action_reclassify()
        self.assertEqual(
            self.policy._product_classes(self._products().ids),
            {self.product_a.id: "A", self.product_b.id: "B", self.product_c.id: "A"},
        )

    def test_manual_override_needs_a_reason_and_survives_reclassification(self):
        History = self.env["logistics.abc.history"]
        with self.assertRaises(ValidationError):
            History.create(
                {
                    "product_id": self.product_c.id,
                    "warehouse_id": self.warehouse.id,
                    "abc_class": "A",
                    "manual_override": True,
                }
            )
        self.assertEqual(self._current_classes(self.product_c), {self.warehouse: ("C", False)})
        self._override(
            self.product_c, self.warehouse, "A", "Safety part: a stock-out stops the line"
        )
        self.policy.action_reclassify()
        self.assertEqual(self._current_classes(self.product_c), {self.warehouse: ("A", True)})

    def test_the_override_form_asks_for_the_warehouse(self):
        action = self.product_c.action_override_abc_class()
        History = self.env["logistics.abc.history"].with_context(**action["context"])
        form = Form(History, view="industrial_logistics.logistics_abc_history_view_form_override")
        form.abc_class = "B"
        form.reason = "Long lead time"
        with self.assertRaises(AssertionError):  # warehouse is required
            form.save()
        self.assertEqual(self._current_classes(self.product_c), {self.warehouse: ("C", False)})
        form.warehouse_id = self.warehouse
        form.save()
        self.assertEqual(self._current_classes(self.product_c), {self.warehouse: ("B", True)})

    def test_cron_reclassifies_every_policy(self):
        self.env["logistics.abc.history"].search([]).is_current = False
        self.env["logistics.count.policy"]._cron_reclassify()
        self.assertEqual(self._current_classes(self.product_a)[self.warehouse], ("A", False))


@tagged("post_install", "-at_install")
class TestAbcPerWarehouse(CycleCountCase):
    @classmethod
    def setUpClass(cls):
        # A second warehouse consumes only P-C (50 to customers x 1 = 50, all its consumption):
        # there P-C is A and P-A, P-B (nothing consumed, cumulative share before them 100 %)
        # are C. LOC-2 holds P-A and P-C, LOC-2A holds P-A only.
        super().setUpClass()
        cls.warehouse_2 = cls.env["stock.warehouse"].create(
            {"name": "Count Test WH2", "code": "CT2"}
        )
        cls.loc_2, cls.loc_2a = cls.env["stock.location"].create(
            [
                {
                    "name": name,
                    "barcode": f"CT2-{name}",
                    "location_id": cls.warehouse_2.lot_stock_id.id,
                    "usage": "internal",
                }
                for name in ("LOC-2", "LOC-2A")
            ]
        )
        quant = cls.env["stock.quant"]
        quant._update_available_quantity(cls.product_a, cls.loc_2, 10)
        quant._update_available_quantity(cls.product_c, cls.loc_2, 60)
        quant._update_available_quantity(cls.product_a, cls.loc_2a, 10)
        cls._done_move(cls.product_c, cls.loc_2, cls.customers, 50)
        cls.policy_2 = cls.env["logistics.count.policy"].create(
            {"warehouse_id": cls.warehouse_2.id}
        )
        cls.policy_2.action_reclassify()

    def _plan(self, warehouse, days=90):
        plan = self.env["logistics.count.plan"].create(
            {
                "warehouse_id": warehouse.id,
                "date_from": MONDAY,
                "date_to": MONDAY + timedelta(days=days),
            }
        )
        plan.action_plan()
        return plan

    def _counts(self, plan, location):
        return len(plan.task_ids.filtered(lambda task: task.location_id == location))

    def test_the_product_form_shows_the_class_in_each_warehouse(self):
        # P-A is A in WH1 (8,000 of 9,600) and C in WH2; P-C is C in WH1 and A in WH2
        self.assertEqual(
            self._current_classes(self.product_a),
            {self.warehouse: ("A", False), self.warehouse_2: ("C", False)},
        )
        self.assertEqual(
            self._current_classes(self.product_c),
            {self.warehouse: ("C", False), self.warehouse_2: ("A", False)},
        )
        # ranking WH2 again leaves WH1's rows current
        self.policy_2.action_reclassify()
        self.assertEqual(len(self.product_a.abc_class_ids), 2)
        self.assertEqual(self._current_classes(self.product_a)[self.warehouse], ("A", False))

    def test_each_warehouse_plans_with_its_own_classes(self):
        # A quarter from MONDAY: 91 days = 65 working days; never counted -> overdue on day 0,
        # then every 250 / counts a year working days. LOC-A holds P-A: A in WH1, 12 a year
        # -> day 0, 20.8, 41.7, 62.5: 4 counts. LOC-2A holds P-A only: C in WH2, 1 a year -> day
        # 0 only (next at 250): 1 count. LOC-2 holds P-C, A in WH2: 4 counts.
        plan_1 = self._plan(self.warehouse)
        plan_2 = self._plan(self.warehouse_2)
        self.assertEqual(plan_1.working_day_count, 65)
        self.assertEqual(self._counts(plan_1, self.loc_a), 4)
        self.assertEqual(self._counts(plan_2, self.loc_2a), 1)
        self.assertEqual(self._counts(plan_2, self.loc_2), 4)
        self.assertEqual(
            set(
                plan_2.task_ids.filtered(lambda t: t.location_id == self.loc_2a).mapped("abc_class")
            ),
            {"C"},
        )

    def test_each_warehouse_counts_with_its_own_tolerance(self):
        # P-A: A in WH1 -> +-1 %; C in WH2 -> +-5 %; P-C: A in WH2 -> +-1 %
        task = self._task(self.loc_a, self.storekeeper_1)
        task.action_start()
        self.assertEqual(task.line_ids.abc_class, "A")
        task_2 = self.env["logistics.count.task"].create(
            {
                "warehouse_id": self.warehouse_2.id,
                "location_id": self.loc_2.id,
                "date_planned": MONDAY,
                "abc_class": "A",
                "user_id": self.storekeeper_1.id,
            }
        )
        task_2 = self._count(task_2, {self.product_a: 10, self.product_c: 10}, self.storekeeper_1)
        task_2.action_submit()
        self.assertEqual(
            {line.product_id: (line.abc_class, line.tolerance_percent) for line in task_2.line_ids},
            {self.product_a: ("C", 5.0), self.product_c: ("A", 1.0)},
        )

    def test_an_override_in_one_warehouse_leaves_the_other_alone(self):
        # P-A: A in WH1 by ranking, overridden to B there; WH2 keeps C
        override = self._override(self.product_a, self.warehouse, "B")
        self.assertEqual(
            self._current_classes(self.product_a),
            {self.warehouse: ("B", True), self.warehouse_2: ("C", False)},
        )
        # WH1's next ranking keeps the override; WH2's next ranking still ranks P-A (C)
        self.policy.action_reclassify()
        self.policy_2.action_reclassify()
        self.assertEqual(
            self._current_classes(self.product_a),
            {self.warehouse: ("B", True), self.warehouse_2: ("C", False)},
        )
        self.assertEqual(self.product_a.abc_class_ids.filtered("manual_override"), override)
        # B in WH1 -> 4 a year: over the quarter day 0 and 62.5 -> 2 counts (A would be 4)
        plan_1 = self._plan(self.warehouse)
        self.assertEqual(self._counts(plan_1, self.loc_a), 2)
        self.assertEqual(
            self.policy._product_classes([self.product_a.id]), {self.product_a.id: "B"}
        )
        self.assertEqual(
            self.policy_2._product_classes([self.product_a.id]), {self.product_a.id: "C"}
        )

    def test_back_to_automatic_class_restores_the_warehouse_ranking(self):
        override = self._override(self.product_a, self.warehouse, "C", "Phased out")
        override.action_release()
        self.assertEqual(
            self._current_classes(self.product_a),
            {self.warehouse: ("A", False), self.warehouse_2: ("C", False)},
        )
        # the next ranking of WH1 is free to class it again
        self._override(self.product_a, self.warehouse, "C", "Phased out")
        self.product_a.abc_class_ids.filtered("manual_override").action_release()
        self.policy.action_reclassify()
        self.assertEqual(self._current_classes(self.product_a)[self.warehouse], ("A", False))

    def test_a_product_never_ranked_in_a_warehouse_is_c_there(self):
        warehouse_3 = self.env["stock.warehouse"].create({"name": "Count Test WH3", "code": "CT3"})
        policy_3 = self.env["logistics.count.policy"].create({"warehouse_id": warehouse_3.id})
        self.assertEqual(policy_3._product_classes([self.product_a.id]), {self.product_a.id: "C"})


class TestCountPlan(CycleCountCase):
    def _plan(self, date_from, date_to):
        return self.env["logistics.count.plan"].create(
            {"warehouse_id": self.warehouse.id, "date_from": date_from, "date_to": date_to}
        )

    def test_plan_counts_each_stocked_location_levelled_over_working_days(self):
        # 2 weeks = 10 working days; LOC-A (A, 12/yr), LOC-B (B, 4/yr), LOC-C (C, 1/yr) never
        # counted: one overdue count each, next ones > 20 working days away. LOC-EMPTY holds
        # nothing. Average 3 / 10 = 0.3 -> at most ceil = 1 a day: days 0, 1, 2.
        plan = self._plan(MONDAY, MONDAY + timedelta(days=11))
        plan.action_plan()
        tasks = plan.task_ids.sorted("date_planned")
        self.assertEqual(plan.working_day_count, 10)
        self.assertEqual(tasks.location_id, self.loc_a | self.loc_b | self.loc_c)
        self.assertEqual(
            tasks.mapped("date_planned"), [MONDAY, MONDAY + timedelta(1), MONDAY + timedelta(2)]
        )
        self.assertTrue(all(tasks.mapped("overdue")))
        self.assertEqual((plan.daily_load_min, plan.daily_load_max), (0, 1))
        self.assertEqual(plan.daily_capacity, 4)  # 2 a day x 2 storekeepers
        self.assertEqual(plan.unplaced_count, 0)
        self.assertEqual(
            dict(zip(tasks.location_id, tasks.mapped("abc_class"), strict=True)),
            {self.loc_a: "A", self.loc_b: "B", self.loc_c: "C"},
        )
        # each count goes to the storekeeper with the fewest so far: 1, 2, 1
        self.assertEqual([task.user_id.login for task in tasks], ["ctw_sk1", "ctw_sk2", "ctw_sk1"])

    def test_a_location_is_counted_as_often_as_its_highest_class(self):
        # P-C (class C) joins LOC-A (class A): LOC-A stays class A, 12 a year; over a quarter
        # from a count done the day before the horizon it comes back every 250 / 12 = 20.8 days
        self.env["stock.quant"]._update_available_quantity(self.product_c, self.loc_a, 5)
        plan = self._plan(MONDAY, MONDAY + timedelta(days=90))
        plan.action_plan()
        loc_a_tasks = plan.task_ids.filtered(lambda task: task.location_id == self.loc_a)
        self.assertEqual(set(loc_a_tasks.mapped("abc_class")), {"A"})
        # overdue on day 0, then due at 20.8, 41.7, 62.5 -> 3 more within 65 working days
        self.assertEqual(len(loc_a_tasks), 4)

    def test_replanning_keeps_started_tasks(self):
        plan = self._plan(MONDAY, MONDAY + timedelta(days=11))
        plan.action_plan()
        started = plan.task_ids.filtered(lambda task: task.location_id == self.loc_a)
        started.action_start()
        plan.action_plan()
        self.assertIn(started, plan.task_ids)
        self.assertEqual(started.state, "in_progress")
        # LOC-A is not counted a second time: its started task is its count
        self.assertEqual(len(plan.task_ids), 3)
        self.assertEqual(len(plan.task_ids.filtered(lambda t: t.location_id == self.loc_a)), 1)

    def test_plan_without_working_day_is_refused_and_creates_nothing(self):
        saturday = MONDAY + timedelta(days=5)
        plan = self._plan(saturday, saturday + timedelta(days=1))
        with self.assertRaisesRegex(UserError, "No working day"):
            plan.action_plan()
        self.assertFalse(plan.task_ids)
        self.assertEqual(plan.state, "draft")

    def test_counts_beyond_capacity_are_reported_not_dropped(self):
        # 1 count a day for the warehouse over 2 days; 3 overdue counts -> 2 planned, 1 reported
        self.policy.write({"capacity_basis": "warehouse", "daily_capacity": 1})
        plan = self._plan(MONDAY, MONDAY + timedelta(days=1))
        plan.action_plan()
        self.assertEqual(len(plan.task_ids), 2)
        self.assertEqual(plan.unplaced_count, 1)
        self.assertIn("1 counts do not fit", plan.unplaced_note)
        self.assertIn("LOC-C", plan.unplaced_note)

    def test_task_creation_queries_do_not_grow_with_the_batch(self):
        # one INSERT for the batch and one for the computed names, whatever its size
        vals = {
            "warehouse_id": self.warehouse.id,
            "location_id": self.loc_a.id,
            "date_planned": MONDAY,
            "user_id": self.storekeeper_1.id,
            "abc_class": "A",
        }
        Task = self.env["logistics.count.task"]
        Task.create([vals])  # warm the caches
        self.env.flush_all()
        with self.assertQueryCount(__system__=2):
            Task.create([vals] * 10)
            self.env.flush_all()
        with self.assertQueryCount(__system__=2):
            Task.create([vals] * 100)
            self.env.flush_all()


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
        plan = self.env["logistics.count.plan"].create(
            {
                "warehouse_id": self.warehouse.id,
                "date_from": MONDAY,
                "date_to": MONDAY + timedelta(days=11),
            }
        )
        plan.action_plan()
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


@tagged("post_install", "-at_install")
class TestCountCapacityWithLeaves(CycleCountCase):
    """Two storekeepers, 2 counts a day each; ctw_sk2 is on leave on Tuesday and Wednesday of
    the week of MONDAY: capacity 4, 2, 2, 4, 4 (16 over the week)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.company.resource_calendar_id
        resource = cls.env["resource.resource"].create(
            {
                "name": "ctw_sk2",
                "user_id": cls.storekeeper_2.id,
                "calendar_id": cls.calendar.id,
                "company_id": cls.company.id,
            }
        )
        tz = pytz.timezone(cls.calendar.tz or "UTC")

        def utc(day, moment):
            return (
                tz.localize(datetime.combine(day, moment)).astimezone(pytz.UTC).replace(tzinfo=None)
            )

        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Time off",
                "resource_id": resource.id,
                "calendar_id": cls.calendar.id,
                "date_from": utc(MONDAY + timedelta(days=1), time.min),
                "date_to": utc(MONDAY + timedelta(days=2), time(23, 59)),
            }
        )
        # 13 more locations holding P-C (never counted: overdue) -> 16 with LOC-A, B, C
        cls.extra_locations = cls.env["stock.location"].create(
            [
                {
                    "name": f"LOC-X{index:02d}",
                    "location_id": cls.warehouse.lot_stock_id.id,
                    "usage": "internal",
                }
                for index in range(14)
            ]
        )
        for location in cls.extra_locations[:13]:
            cls.env["stock.quant"]._update_available_quantity(cls.product_c, location, 1)

    def _plan_week(self):
        plan = self.env["logistics.count.plan"].create(
            {
                "warehouse_id": self.warehouse.id,
                "date_from": MONDAY,
                "date_to": MONDAY + timedelta(4),
            }
        )
        plan.action_plan()
        return plan

    def _loads(self, plan):
        tasks = plan.task_ids
        return [
            len(tasks.filtered(lambda task, d=MONDAY + timedelta(offset): task.date_planned == d))
            for offset in range(5)
        ]

    def test_storekeepers_on_leave_reduce_the_day_capacity(self):
        days = [MONDAY + timedelta(offset) for offset in range(5)]
        present = self.policy._storekeepers_present(days)
        self.assertEqual([len(present[day]) for day in days], [2, 1, 1, 2, 2])
        self.assertEqual(list(self.policy._daily_capacities(present).values()), [4, 2, 2, 4, 4])
        # for the warehouse: 4 a day scaled by the share present -> 4 x 1 / 2 = 2 on leave days
        self.policy.write({"capacity_basis": "warehouse", "daily_capacity": 4})
        self.assertEqual(list(self.policy._daily_capacities(present).values()), [4, 2, 2, 4, 4])

    def test_leave_days_get_half_the_counts_and_only_the_storekeeper_present(self):
        # 16 overdue counts, capacity 16: each day's share = its capacity -> 4, 2, 2, 4, 4
        plan = self._plan_week()
        self.assertEqual(self._loads(plan), [4, 2, 2, 4, 4])
        self.assertEqual(plan.unplaced_count, 0)
        leave_days = (MONDAY + timedelta(1), MONDAY + timedelta(2))
        on_leave_days = plan.task_ids.filtered(lambda task: task.date_planned in leave_days)
        self.assertEqual(on_leave_days.user_id, self.storekeeper_1)
        # the other days are shared 2 / 2
        monday = plan.task_ids.filtered(lambda task: task.date_planned == MONDAY)
        self.assertEqual(
            sorted(task.user_id.login for task in monday),
            ["ctw_sk1", "ctw_sk1", "ctw_sk2", "ctw_sk2"],
        )

    def test_beyond_capacity_overdue_counts_go_first_and_no_day_is_overfilled(self):
        # LOC-A (A, 12 a year) was counted 28 days before MONDAY: 28 x 250 / 365 = 19.2 working
        # days ago, due again 250 / 12 = 20.8 after -> working day 1.65 -> Wednesday, not overdue.
        # One more never-counted location: 16 overdue + LOC-A = 17 counts for 16 places.
        done = self._task(self.loc_a, self.storekeeper_1)
        done.write({"date_planned": MONDAY - timedelta(28), "state": "done"})
        self.env["stock.quant"]._update_available_quantity(
            self.product_c, self.extra_locations[13], 1
        )
        plan = self._plan_week()
        self.assertEqual(self._loads(plan), [4, 2, 2, 4, 4])
        self.assertEqual(plan.unplaced_count, 1)
        self.assertIn("LOC-A", plan.unplaced_note)
        self.assertNotIn(self.loc_a, plan.task_ids.location_id)
        self.assertTrue(all(plan.task_ids.mapped("overdue")))
