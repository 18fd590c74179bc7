from contextlib import contextmanager
from datetime import date, timedelta

from odoo import Command
from odoo.tests import new_test_user

from .common import LogisticsCase

# A Monday far from the demo's dates, in the company's standard 40 h / Monday-Friday calendar.
MONDAY = date(2030, 1, 7)


class CycleCountCase(LogisticsCase):
    """A warehouse of its own with three locations, each holding one product of one class.

    Consumption (done moves out of the warehouse in the last year), at unit cost:
      P-A: 80 to customers x 100 = 8,000; P-B: 30 to production x 50 = 1,500;
      P-C: 100 to scrap x 1 = 100; total 9,600.
    Cumulative share before each: P-A 0 -> A; P-B 8,000 / 9,600 = 83.3 % -> B (< 95 %);
    P-C 9,500 / 9,600 = 99 % -> C. Stock left: LOC-A 100 P-A, LOC-B 50 P-B, LOC-C 200 P-C.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls._create_plant()
        cls._create_roles()
        cls._create_history()

    @classmethod
    def _create_plant(cls):
        """The warehouse, its four locations, the three products, a service and a consumable."""
        cls.warehouse = cls.env["stock.warehouse"].create({"name": "Count Test WH", "code": "CTW"})
        stock = cls.warehouse.lot_stock_id
        cls.loc_a, cls.loc_b, cls.loc_c, cls.loc_empty = cls.env["stock.location"].create(
            [
                {
                    "name": name,
                    "barcode": f"CTW-{name}",
                    "location_id": stock.id,
                    "usage": "internal",
                }
                for name in ("LOC-A", "LOC-B", "LOC-C", "LOC-EMPTY")
            ]
        )
        cls.product_a, cls.product_b, cls.product_c = cls.env["product.product"].create(
            [
                {
                    "name": f"Count part {code}",
                    "default_code": f"P-{code}",
                    "barcode": f"BAR-{code}",
                    "is_storable": True,
                    "standard_price": cost,
                }
                for code, cost in (("A", 100.0), ("B", 50.0), ("C", 1.0))
            ]
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Count service", "type": "service", "barcode": "BAR-SERVICE"}
        )
        cls.consumable = cls.env["product.product"].create(
            {
                "name": "Count consumable",
                "type": "consu",
                "is_storable": False,
                "barcode": "BAR-CONSU",
            }
        )

    @classmethod
    def _create_roles(cls):
        """Two storekeepers and a manager, and the warehouse's count policy (2 counts a day)."""
        cls.storekeeper_1 = new_test_user(
            cls.env, "ctw_sk1", groups="industrial_logistics.group_logistics_storekeeper"
        )
        cls.storekeeper_2 = new_test_user(
            cls.env, "ctw_sk2", groups="industrial_logistics.group_logistics_storekeeper"
        )
        cls.manager = new_test_user(
            cls.env, "ctw_manager", groups="industrial_logistics.group_logistics_manager"
        )
        cls.policy = cls.env["logistics.count.policy"].create(
            {
                "warehouse_id": cls.warehouse.id,
                "daily_capacity": 2,
                "storekeeper_ids": [Command.set([cls.storekeeper_1.id, cls.storekeeper_2.id])],
            }
        )

    @classmethod
    def _create_history(cls):
        """The stock, the year's consumption of the class docstring, and the ABC classes."""
        quant = cls.env["stock.quant"]
        for location, product, quantity in (
            (cls.loc_a, cls.product_a, 180),
            (cls.loc_b, cls.product_b, 80),
            (cls.loc_c, cls.product_c, 300),
        ):
            quant._update_available_quantity(product, location, quantity)
        scrap = cls.env["stock.location"].search(
            [("scrap_location", "=", True), ("company_id", "in", [cls.company.id, False])], limit=1
        )
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls._done_move(cls.product_a, cls.loc_a, cls.customers, 80)
        cls._done_move(cls.product_b, cls.loc_b, cls.product_b.property_stock_production, 30)
        cls._done_move(cls.product_c, cls.loc_c, scrap, 100)
        cls.policy.action_reclassify()

    @classmethod
    def _done_move(cls, product, source, destination, quantity):
        """Unlike LogisticsCase._done_move, no reservation: the move carries its own line of
        loose stock at `source` (the demo history's way), so that it never takes a counted
        package, owner or lot, whatever the source holds."""
        move = cls.env["stock.move"].create(
            cls.env["logistics.demo.plant"]._prepare_done_move_vals(
                product, source, destination, quantity, "Count test move"
            )
        )
        move._action_confirm()
        move._action_done()
        return move

    @contextmanager
    def assertRefused(self, exception, regex):
        """The error with its message, and its work undone as an RPC call's would be: Odoo's
        assertRaises runs in a savepoint (assertRaisesRegex does not)."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)

    def _current_classes(self, product):
        """{warehouse: (class, manual)} of the product, as its form lists them."""
        return {
            row.warehouse_id: (row.abc_class, row.manual_override) for row in product.abc_class_ids
        }

    def _override(self, product, warehouse, abc_class, reason="Safety part"):
        return self.env["logistics.abc.history"].create(
            {
                "product_id": product.id,
                "warehouse_id": warehouse.id,
                "abc_class": abc_class,
                "manual_override": True,
                "reason": reason,
            }
        )

    def _quantity(self, product, location):
        return sum(
            self.env["stock.quant"]
            .search([("product_id", "=", product.id), ("location_id", "=", location.id)])
            .mapped("quantity")
        )

    def _planned(self, date_to=MONDAY + timedelta(days=11)):
        """The warehouse's count plan from MONDAY to `date_to`, planned. The default two weeks
        hold 10 working days: LOC-A, B and C, never counted, get one overdue count each, on
        MONDAY, +1 and +2 (see test_cycle_count_plan.TestCountPlan)."""
        plan = self.env["logistics.count.plan"].create(
            {"warehouse_id": self.warehouse.id, "date_from": MONDAY, "date_to": date_to}
        )
        plan.action_plan()
        return plan

    def _task(self, location, user, abc_class="A"):
        return self.env["logistics.count.task"].create(
            {
                "warehouse_id": self.warehouse.id,
                "location_id": location.id,
                "date_planned": MONDAY,
                "user_id": user.id,
                "abc_class": abc_class,
            }
        )

    def _count(self, task, quantities, user):
        """Scan the location, then each product, type its quantity, as the handheld does."""
        task = task.with_user(user)
        task.action_scan(task.location_id.barcode)
        for product, quantity in quantities.items():
            result = task.action_scan(product.barcode)
            task.action_set_counted_qty(result["line_id"], quantity)
        return task
