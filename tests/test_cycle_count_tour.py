from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestCycleCountTour(HttpCase):
    def test_storekeeper_counts_a_location_and_sees_the_recount(self):
        warehouse = self.env["stock.warehouse"].create({"name": "Tour WH", "code": "TWH"})
        location = self.env["stock.location"].create(
            {"name": "TOUR-LOC", "barcode": "TOUR-LOC", "location_id": warehouse.lot_stock_id.id}
        )
        bolt, washer = self.env["product.product"].create(
            [
                {"name": "Tour bolt", "barcode": "TOUR-BOLT", "is_storable": True},
                {"name": "Tour washer", "barcode": "TOUR-WASHER", "is_storable": True},
            ]
        )
        counter = new_test_user(
            self.env, "tour_counter", groups="industrial_logistics.group_logistics_storekeeper"
        )
        recounter = new_test_user(
            self.env,
            "tour_recounter",
            name="Tour Recounter",
            groups="industrial_logistics.group_logistics_storekeeper",
        )
        self.env["logistics.count.policy"].create(
            {
                "warehouse_id": warehouse.id,
                "storekeeper_ids": [Command.set([counter.id, recounter.id])],
            }
        )
        self.env["stock.quant"]._update_available_quantity(bolt, location, 100)
        # the washers are kept in a package: counted and posted on the package's own quant
        package = self.env["stock.quant.package"].create({"name": "TOUR-PACK"})
        self.env["stock.quant"]._update_available_quantity(
            washer, location, 200, package_id=package
        )
        task = self.env["logistics.count.task"].create(
            {
                "warehouse_id": warehouse.id,
                "location_id": location.id,
                "date_planned": self.env.cr.now().date(),
                "user_id": counter.id,
                "abc_class": "C",
            }
        )
        self.start_tour(
            "/odoo/action-industrial_logistics.logistics_count_today_action",
            "industrial_logistics_cycle_count",
            login="tour_counter",
        )
        # washers: class C, +-5 % of 200 = 10 < 40 short -> recount; bolts exact -> posted
        self.assertEqual(task.state, "recount")
        self.assertEqual(task.recount_task_ids.user_id, recounter)
        self.assertEqual(task.recount_task_ids.line_ids.product_id, washer)
        self.assertEqual(task.recount_task_ids.line_ids.package_id, package)
        self.assertEqual(self.env["stock.quant"]._get_available_quantity(washer, location), 200)


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestCycleCountTourPhone(TestCycleCountTour):
    """The same count on a phone-sized handheld with a touch screen."""

    browser_size = "390x844"
    touch_enabled = True
    allow_inherited_tests_method = True  # Odoo's loader runs only a class's own test methods


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestAbcPerWarehouseTour(HttpCase):
    def test_manager_overrides_the_class_in_one_warehouse_from_the_product_form(self):
        warehouses = self.env["stock.warehouse"].create(
            [
                {"name": "Tour ABC WH1", "code": "TA1"},
                {"name": "Tour ABC WH2", "code": "TA2"},
            ]
        )
        product = self.env["product.product"].create({"name": "Tour ABC part", "is_storable": True})
        self.env["logistics.abc.history"].create(
            [
                {
                    "product_id": product.id,
                    "warehouse_id": warehouse.id,
                    "abc_class": abc_class,
                    "is_current": True,
                }
                for warehouse, abc_class in zip(warehouses, ("A", "C"), strict=True)
            ]
        )
        new_test_user(
            self.env,
            "tour_abc_manager",
            groups="base.group_user,industrial_logistics.group_logistics_manager",
        )
        self.start_tour(
            f"/odoo/action-stock.stock_product_normal_action/{product.id}",
            "industrial_logistics_abc_per_warehouse",
            login="tour_abc_manager",
        )
        self.assertEqual(
            {
                row.warehouse_id.code: (row.abc_class, row.manual_override, row.reason)
                for row in product.abc_class_ids
            },
            {"TA1": ("A", False, False), "TA2": ("B", True, "Long lead time")},
        )
