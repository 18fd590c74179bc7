from odoo.tests import HttpCase, new_test_user, tagged

from .common_opportunistic import empty_at_first_drop

PHONE = "375x667"


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestZeroStockConfirmationTour(HttpCase):
    """The driver drops at the first line of the demo round; the pick left one supermarket
    location empty, and the driver screen asks him to confirm it."""

    def test_driver_confirms_a_location_left_empty_by_his_drop(self):
        round_, product, location = empty_at_first_drop(self)
        driver = new_test_user(
            self.env,
            "tour_zero_driver",
            groups="industrial_logistics.group_logistics_storekeeper",
        )
        self.start_tour(
            "/odoo", "industrial_logistics_zero_stock_confirmation", login="tour_zero_driver"
        )
        self.env.invalidate_all()
        task = self.env["logistics.count.task"].search(
            [("is_opportunistic", "=", True), ("counter_id", "=", driver.id)]
        )
        self.assertEqual(task.location_id, location)
        self.assertEqual(task.state, "done")
        # the books said 0 after the drop, the driver typed 0 (after a refused "abc")
        self.assertEqual(
            task.line_ids.mapped(
                lambda line: (line.product_id, line.theoretical_qty, line.counted_qty)
            ),
            [(product, 0.0, 0.0)],
        )
        # the supermarket holds other products: the confirmation does not count for the whole
        # location in the plan
        self.assertFalse(task.credits_location)
        stop = round_.round_stop_ids.filtered(lambda rs: rs.location_id.barcode == "WH-LINE1")
        self.assertEqual(stop.state, "done")


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestZeroStockConfirmationTourPhone(HttpCase):
    """The same on a phone with a touch screen."""

    browser_size = PHONE
    touch_enabled = True

    test_driver_confirms_a_location_left_empty_by_his_drop = (
        TestZeroStockConfirmationTour.test_driver_confirms_a_location_left_empty_by_his_drop
    )
