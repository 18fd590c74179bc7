from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

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
