from odoo.tests import tagged

from .common_cycle_count import CycleCountCase


@tagged("post_install", "-at_install")
class TestCountingNeverLosesAMove(CycleCountCase):
    """Moves done while a location is being counted are counted once: the books a line is
    compared with are those of the moment its product was counted.

    LOC-BUSY holds 1,000 P-C (class C, +-5 %); LOC-B holds 50 P-B (class B, +-3 %).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loc_busy = cls.env["stock.location"].create(
            {
                "name": "LOC-BUSY",
                "barcode": "CTW-LOC-BUSY",
                "location_id": cls.warehouse.lot_stock_id.id,
                "usage": "internal",
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product_c, cls.loc_busy, 1000)
        cls.line_side = cls.product_c.property_stock_production

    def _inventory_moves(self, product, location):
        return self.env["stock.move"].search(
            [
                ("product_id", "=", product.id),
                ("is_inventory", "=", True),
                "|",
                ("location_id", "=", location.id),
                ("location_dest_id", "=", location.id),
            ]
        )

    def _start(self, location, user=None):
        task = self._task(location, user or self.storekeeper_1, "C").with_user(
            user or self.storekeeper_1
        )
        task.action_scan(location.barcode)
        return task

    def _type(self, task, product, quantity):
        task.action_set_counted_qty(task.action_scan(product.barcode)["line_id"], quantity)

    def test_a_move_between_the_location_scan_and_the_count_posts_nothing(self):
        # the case: 1,000 in the bin, the count starts, 3 leave for the line, 997 are
        # counted. The books said 997 when P-C was counted: nothing to post, 997 stay (not 994).
        task = self._start(self.loc_busy)
        self.assertEqual(task.line_ids.theoretical_qty, 1000)
        self._done_move(self.product_c, self.loc_busy, self.line_side, 3)
        self._type(task, self.product_c, 997)
        line = task.line_ids
        self.assertEqual((line.theoretical_qty, line.difference_qty), (997, 0))
        task.action_submit()
        self.assertEqual(task.state, "done")
        self.assertTrue(line.posted and line.within_tolerance)
        self.assertEqual(self._quantity(self.product_c, self.loc_busy), 997)
        self.assertFalse(self._inventory_moves(self.product_c, self.loc_busy))

    def test_a_receipt_between_the_location_scan_and_the_count_is_not_lost(self):
        # 1,000, the count starts, 50 arrive, 1,050 are counted: the books say 1,050, nothing
        # to post (the count at scan time would have "found" 50 too many and posted 1,100)
        task = self._start(self.loc_busy)
        supplier = self.env.ref("stock.stock_location_suppliers")
        self._done_move(self.product_c, supplier, self.loc_busy, 50)
        self._type(task, self.product_c, 1050)
        task.action_submit()
        self.assertEqual(task.line_ids.difference_qty, 0)
        self.assertEqual(self._quantity(self.product_c, self.loc_busy), 1050)

    def test_a_move_between_the_count_and_the_submission_is_kept(self):
        # 997 counted when the books said 1,000 (-3, within 5 % of 1,000); then 10 leave and
        # the count is submitted: 1,000 - 3 - 10 = 987 on the shelf and in the books
        task = self._start(self.loc_busy)
        self._type(task, self.product_c, 997)
        self._done_move(self.product_c, self.loc_busy, self.line_side, 10)
        task.action_submit()
        self.assertEqual(task.line_ids.difference_qty, -3)
        self.assertEqual(self._quantity(self.product_c, self.loc_busy), 987)
        self.assertEqual(self._inventory_moves(self.product_c, self.loc_busy).product_qty, 3)

    def test_moves_before_the_count_and_before_the_managers_decision_are_each_kept_once(self):
        # LOC-B: 50 in the books, the count starts; 5 leave (books 45); 40 are counted: -5 on
        # 45 is beyond 3 % (1.35) -> recount. 6 more leave (books 39) before a manager posts
        # without recount: the 40 counted, minus the 6 gone since, = 34.
        task = self._start(self.loc_b)
        self._done_move(self.product_b, self.loc_b, self.line_side, 5)
        self._type(task, self.product_b, 40)
        task.action_submit()
        self.assertEqual(task.state, "recount")
        line = task.line_ids
        self.assertEqual((line.theoretical_qty, line.difference_qty), (45, -5))
        self.assertEqual(self._quantity(self.product_b, self.loc_b), 45)
        self._done_move(self.product_b, self.loc_b, self.line_side, 6)
        task = task.with_user(self.manager)
        task.decision_reason = "Parts found damaged and scrapped at the line"
        task.action_post_without_recount()
        self.assertEqual(self._quantity(self.product_b, self.loc_b), 34)
        self.assertEqual(self._inventory_moves(self.product_b, self.loc_b).product_qty, 5)

    def test_the_recount_reads_the_books_when_it_counts(self):
        # LOC-B: 45 found on 50 -> recount; 2 leave (books 48); the recount finds 43: -5 on 48
        # is posted, 43 remain (reading the books at its start, 50, it would post -7 -> 41)
        task = self._start(self.loc_b)
        self._type(task, self.product_b, 45)
        task.action_submit()
        recount = task.recount_task_ids.with_user(self.storekeeper_2)
        recount.action_scan(self.loc_b.barcode)
        self._done_move(self.product_b, self.loc_b, self.line_side, 2)
        self._type(recount, self.product_b, 43)
        recount.action_submit()
        self.assertEqual(recount.line_ids.theoretical_qty, 48)
        self.assertEqual(self._quantity(self.product_b, self.loc_b), 43)

    def test_typing_the_quantity_again_reads_the_books_again(self):
        # 1,000 counted (books 1,000); 4 leave; the storekeeper corrects to 996: books 996, the
        # line is even, nothing posted
        task = self._start(self.loc_busy)
        self._type(task, self.product_c, 1000)
        self._done_move(self.product_c, self.loc_busy, self.line_side, 4)
        self._type(task, self.product_c, 996)
        task.action_submit()
        self.assertEqual(task.line_ids.theoretical_qty, 996)
        self.assertEqual(self._quantity(self.product_c, self.loc_busy), 996)
        self.assertTrue(task.line_ids.counted_at)
