from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_scheduling import SchedulingCase


@tagged("post_install", "-at_install")
class TestPlanningBoard(SchedulingCase):
    """The planning board's one call over the fixture's week (Press S, Paris calendar,
    08-12 and 13-17, Tuesday afternoon on leave, Thursday a holiday: 8, 4, 8, 0, 8, 0, 0 h).

    A: due Friday 17:00, two work orders, A1 240 min Monday 08-12, A2 120 min Monday 16:00 to
       Tuesday 09:00 (1 h each day);
    B: unplanned, 180 min, due Wednesday 17:00: backward Wednesday 14-17;
    C: 240 min Friday 08-12, due Thursday 17:00: late; D: 240 min Friday 08-12 as well (the
       infinite-capacity plan of MRP), E: 240 min Friday 13-17, both due Friday 17:00.
    Load 5, 1, 3, 0, 12, 0, 0 h: Friday overloaded. The centre's setup 15 + clean-up 5 = 20 min
    a work order (set after the durations, which stay): setup share A1 1/12, A2 1/6, B 1/9,
    C, D, E 1/12; setup per day: Monday 4/12 + 1/6 = 0.5 h, Tuesday 1/6 = 0.17 h, Wednesday
    3/9 = 0.33 h, Friday 12/12 = 1 h. C comes from a reorder rule of multiple 5: its lot is 5,
    its setup share 8.3 %. Levelled: the 21 h fit in the week's 28 h, C before Thursday.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._order(operations=2, deadline=cls.utc(5, 16))
        first, second = cls.order_a.workorder_ids.sorted("id")
        cls._plan(first, cls.utc(1, 7), cls.utc(1, 11), 240)
        cls._plan(second, cls.utc(1, 15), cls.utc(2, 8), 120)
        cls.order_b = cls._order(deadline=cls.utc(3, 16))
        cls.order_b.workorder_ids.duration_expected = 180
        cls.order_c = cls._order(deadline=cls.utc(4, 16))
        cls.order_d = cls._order(deadline=cls.utc(5, 16))
        cls.order_e = cls._order(deadline=cls.utc(5, 16))
        for order, start in ((cls.order_c, 7), (cls.order_d, 7), (cls.order_e, 12)):
            cls._plan(order.workorder_ids, cls.utc(5, start), cls.utc(5, start + 4), 240)
            order.date_finished = cls.utc(5, start + 4)  # as Odoo's Plan dates the order
        cls.orderpoint = cls.env["stock.warehouse.orderpoint"].create(
            {"product_id": cls.product.id, "qty_multiple": 5, "trigger": "manual"}
        )
        cls.order_c.orderpoint_id = cls.orderpoint
        cls.workcenter.write({"time_start": 15, "time_stop": 5})
        cls.Board = cls.env["logistics.planning.board"].with_user(cls.manager)
        cls.orders = cls.order_a | cls.order_b | cls.order_c | cls.order_d | cls.order_e

    def _board(self, **kwargs):
        return self.Board.get_board_data(
            self.MONDAY, 7, workcenter_ids=self.workcenter.ids, **kwargs
        )

    def test_one_row_per_centre_with_bars_and_load_against_capacity(self):
        data = self._board()
        self.assertEqual(len(data["days"]), 7)
        (row,) = data["rows"]
        self.assertEqual(row["id"], self.workcenter.id)
        self.assertEqual([day["capacity"] for day in row["load"]], [8, 4, 8, 0, 8, 0, 0])
        self.assertEqual([day["load"] for day in row["load"]], [5, 1, 3, 0, 12, 0, 0])
        self.assertEqual(
            [day["overloaded"] for day in row["load"]], [False] * 4 + [True, False, False]
        )
        self.assertEqual([day["setup"] for day in row["load"]], [0.5, 0.17, 0.33, 0, 1.0, 0, 0])
        bars = {bar["production_id"]: bar for bar in row["bars"]}
        self.assertEqual(set(bars), set(self.orders.ids))
        self.assertEqual(len(row["bars"]), 6)
        c = bars[self.order_c.id]
        self.assertEqual(
            [bars[order.id]["late"] for order in self.orders[2:]], [True, False, False]
        )
        self.assertEqual((c["lot_source"], c["lot_qty"], c["setup_share"]), ("orderpoint", 5, 8.3))
        self.assertFalse(bars[self.order_d.id]["lot_source"])
        self.assertFalse(bars[self.order_b.id]["start"])
        self.assertFalse(row["proposed_load"])

    def test_product_filter_keeps_the_load_of_the_whole_centre(self):
        other = self.env["product.product"].create({"name": "Bracket T", "type": "consu"})
        data = self._board(product_ids=other.ids)
        self.assertEqual(data["rows"][0]["bars"], [])
        self.assertEqual(data["rows"][0]["load"][4]["load"], 12)

    def test_query_count_does_not_grow_with_the_orders(self):
        """Pinned for the fixture's 6 work orders of 5 orders; 6 more orders cost the same."""
        self.env.invalidate_all()
        with self.assertQueryCount(64):  # the board runs as the manager
            self._board()
        for day in (1, 2, 3):
            for hour in (7, 12):
                order = self._order(deadline=self.utc(5, 16))
                self._plan(order.workorder_ids, self.utc(day, hour), self.utc(day, hour + 1), 60)
        self.env.invalidate_all()
        with self.assertQueryCount(64):  # the board runs as the manager
            data = self._board()
        self.assertEqual(len(data["rows"][0]["bars"]), 12)

    def test_propose_compare_and_apply_the_selected_orders(self):
        levelling_id = self.Board.action_propose(self.MONDAY, 7, self.workcenter.ids, 5)
        data = self._board(levelling_id=levelling_id)
        (row,) = data["rows"]
        proposed_load = [day["load"] for day in row["proposed_load"]]
        self.assertAlmostEqual(sum(proposed_load), 21, places=2)
        self.assertFalse([day for day in row["proposed_load"] if day["overloaded"]])
        orders = {order["production_id"]: order for order in data["proposal"]["orders"]}
        self.assertEqual(set(orders), set(self.orders.ids))
        self.assertEqual(orders[self.order_c.id]["change"], "turns_on_time")
        self.assertFalse(
            [o for o in orders.values() if o["change"] in ("turns_late", "stays_late")]
        )
        c_bar = next(bar for bar in row["bars"] if bar["production_id"] == self.order_c.id)
        a_dates = self.order_a.workorder_ids.mapped("date_start")
        self.Board.action_apply(levelling_id, [self.order_c.id])
        self.assertEqual(
            self.order_c.workorder_ids.date_start.isoformat(sep=" "), c_bar["proposed_start"]
        )
        self.assertEqual(self.order_a.workorder_ids.mapped("date_start"), a_dates)

    def test_bad_input_and_roles(self):
        with self.assertRaises(UserError):
            self.Board.get_board_data(self.MONDAY, 0)
        with self.assertRaises(UserError):
            self.Board.get_board_data(self.MONDAY, 7, levelling_id=999999)
        operator_board = self.env["logistics.planning.board"].with_user(self.operator)
        with self.assertRaises(AccessError):
            operator_board.get_board_data(self.MONDAY, 7)
        with self.assertRaises(AccessError):
            operator_board.action_propose(self.MONDAY, 7)
        # another manager's proposal is not yours to read or apply
        levelling_id = self.Board.action_propose(self.MONDAY, 7, self.workcenter.ids, 5)
        other = self.manager.copy({"login": "sched_manager_2"})
        with self.assertRaises(UserError):
            self.env["logistics.planning.board"].with_user(other).action_apply(levelling_id)
        self.assertEqual(self.order_a.workorder_ids.sorted("id")[0].date_start, self.utc(1, 7))
