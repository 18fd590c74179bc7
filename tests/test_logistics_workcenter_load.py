from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_scheduling import SchedulingCase


@tagged("post_install", "-at_install")
class TestWorkcenterLoad(SchedulingCase):
    """Capacity and load per day of the fixture's week, computed by hand.

    Capacity (h) = the working hours of the centre's calendar (Odoo's expected durations already
    count its capacity 2 and efficiency 80 %, see test_capacity_and_efficiency_count_once):
    Mon 8; Tue 4 (leave 13-17); Wed 8; Thu holiday 0; Fri 8; Sat, Sun 0.
    Load (h):
    - A1 planned Mon 08-12 Paris, 240 min -> Mon 4 h;
    - A2 planned Mon 16:00 to Tue 09:00 Paris, 120 min over the working hours it covers,
      Mon 16-17 and Tue 08-09 -> 1 h Mon, 1 h Tue (nothing on the night);
    - B unplanned, 600 min, backward from its deadline Wed 17:00 Paris: Wed 13-17, Wed 08-12,
      then Tue 10-12 (Tue afternoon is on leave) -> Wed 8 h, Tue 2 h;
    - C planned Fri 08-17 Paris, 900 min -> Fri 15 h > 8: overloaded by 7 h;
    - D cancelled: no load.
    Mon 5 / 8 = 62.5 %, Tue 3 / 4 = 75 %, Wed 8 / 8 = 100 % (full, not over), Fri 187.5 %.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        order_a = cls._order(operations=2)
        first, second = order_a.workorder_ids.sorted("id")
        cls._plan(first, cls.utc(1, 7), cls.utc(1, 11), 240)
        cls._plan(second, cls.utc(1, 15), cls.utc(2, 8), 120)
        order_b = cls._order(deadline=cls.utc(3, 16))
        order_b.workorder_ids.duration_expected = 600
        order_c = cls._order()
        cls._plan(order_c.workorder_ids, cls.utc(5, 7), cls.utc(5, 16), 900)
        order_d = cls._order(deadline=cls.utc(3, 16))
        order_d.action_cancel()
        cls.Load = cls.env["logistics.workcenter.load"]

    def test_capacity_and_load_per_day(self):
        rows = self.Load._compute_load(
            self.MONDAY, self.MONDAY + timedelta(days=6), self.workcenter
        )[self.workcenter]
        capacity = [round(row.capacity / 60, 4) for row in rows]
        load = [round(row.load / 60, 4) for row in rows]
        self.assertEqual(capacity, [8.0, 4.0, 8.0, 0.0, 8.0, 0.0, 0.0])
        self.assertEqual(load, [5.0, 3.0, 8.0, 0.0, 15.0, 0.0, 0.0])
        self.assertEqual([row.overloaded for row in rows], [False] * 4 + [True, False, False])
        self.assertAlmostEqual(rows[0].utilisation, 5 / 8)
        self.assertIsNone(rows[3].utilisation)

    def test_capacity_and_efficiency_count_once(self):
        """Odoo's expected duration already holds the centre's capacity and efficiency.

        3 brackets, one operation of 60 min a cycle on Press S (capacity 2, efficiency 80 %):
        ceil(3 / 2) = 2 cycles x 60 x 100 / 80 = 150 min. Odoo's Plan books 150 min of the
        centre's calendar: Monday is taken 08-12 (A1) and 16-17 (A2), so 13:00-15:30 Paris.
        Monday's load 5 + 2.5 = 7.5 h against the 8 calendar hours (93.75 %); capacity x
        efficiency once more would have shown 12.8 h and a centre at 58.6 % while its day is
        almost full in Odoo's own planning."""
        production = self.env["mrp.production"].create(
            {"product_id": self.product.id, "product_qty": 3, "bom_id": self.bom.id}
        )
        production.workorder_ids[1:].unlink()
        production.action_confirm()
        production.date_start = self.utc(1, 7)
        production.button_plan()
        workorder = production.workorder_ids
        self.assertEqual(workorder.duration_expected, 150)
        self.assertEqual(
            (workorder.date_start, workorder.date_finished), (self.utc(1, 12), self.utc(1, 14, 30))
        )
        monday = self.Load._compute_load(self.MONDAY, self.MONDAY, self.workcenter)[
            self.workcenter
        ][0]
        self.assertEqual((monday.capacity / 60, monday.load / 60), (8.0, 7.5))
        self.assertAlmostEqual(monday.utilisation, 0.9375)

    def test_manager_opens_the_rows(self):
        action = self.Load.with_user(self.manager).action_open_load(self.MONDAY, days=7)
        rows = self.Load.with_user(self.manager).search(
            action["domain"] + [("workcenter_id", "=", self.workcenter.id)]
        )
        self.assertEqual(len(rows), 7)
        friday = rows.filtered(lambda row: row.day == self.MONDAY + timedelta(days=4))
        self.assertTrue(friday.overloaded)
        self.assertAlmostEqual(friday.utilisation, 187.5, places=1)
        self.assertAlmostEqual(friday.overload_hours, 7.0)
        tuesday = rows.filtered(lambda row: row.day == self.MONDAY + timedelta(days=1))
        self.assertAlmostEqual(tuesday.capacity_hours, 4.0)
        self.assertAlmostEqual(tuesday.utilisation, 75.0, places=1)
        # opening again replaces the user's rows, it does not add to them
        count = self.Load.with_user(self.manager).search_count(action["domain"])
        self.Load.with_user(self.manager).action_open_load(self.MONDAY, days=7)
        self.assertFalse(rows.exists())
        self.assertEqual(self.Load.with_user(self.manager).search_count(action["domain"]), count)

    def test_operator_cannot_open_the_load(self):
        with self.assertRaises(AccessError):
            self.Load.with_user(self.operator).action_open_load(self.MONDAY, days=7)

    def test_kpi_family_reads_the_same_figures(self):
        """Press S over the week: capacity 8 + 4 + 8 + 0 + 8 = 28 h (nothing on the weekend);
        load 5 + 3 + 8 + 15 = 31 h; 31 / 28 = 110.71 %; one overloaded day (Friday)."""
        kpis = (
            self.env["logistics.kpi.dashboard"]
            .with_user(self.manager)
            .get_kpis(self.MONDAY, self.MONDAY + timedelta(days=6), families=["scheduling"])
        )["scheduling"]
        row = next(row for row in kpis["workcenters"] if row["workcenter_id"] == self.workcenter.id)
        self.assertEqual(
            (row["capacity_hours"], row["load_hours"], row["utilisation"], row["overloaded_days"]),
            (28.0, 31.0, 110.71, 1),
        )
        rows = kpis["workcenters"]
        self.assertGreaterEqual(kpis["overloaded_days"], 1)
        self.assertEqual(kpis["overloaded_days"], sum(r["overloaded_days"] for r in rows))
        self.assertAlmostEqual(
            kpis["utilisation"],
            100 * sum(r["load_hours"] for r in rows) / sum(r["capacity_hours"] for r in rows),
            places=1,
        )
