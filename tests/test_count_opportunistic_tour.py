from odoo.tests import HttpCase, new_test_user, tagged

PHONE = "375x667"


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestZeroStockConfirmationTour(HttpCase):
    """The driver drops at the first line of the demo round; the pick left one supermarket
    location empty, and the driver screen asks him to confirm it."""

    def _empty_one_supermarket_location_at_the_first_drop(self):
        """The demo round's first stop (WH-LINE1) takes the last units of one product from its
        supermarket location: its quant is cut to what the round reserves there."""
        milk_run = self.env.ref("industrial_logistics.demo_milk_run_lines")
        round_ = milk_run.round_ids.filtered(lambda r: r.state == "loading")
        self.assertEqual(len(round_), 1, "the demo builds one round")
        first = round_.round_stop_ids.filtered(lambda rs: rs.location_id.barcode == "WH-LINE1")
        first_lines = first.picking_ids.move_line_ids
        MoveLine = self.env["stock.move.line"]
        for line in first_lines:
            product, location = line.product_id, line.location_id
            reserving = MoveLine.search(
                [
                    ("product_id", "=", product.id),
                    ("location_id", "=", location.id),
                    ("state", "not in", ("done", "cancel")),
                ]
            )
            if reserving <= first_lines:  # no other transfer takes it from there
                break
        else:
            self.fail("no product of the first stop is picked by it alone")
        Quant = self.env["stock.quant"]
        book = Quant._get_available_quantity(product, location, allow_negative=True)
        # what is not reserved leaves the location: it holds exactly what the drop takes
        Quant._update_available_quantity(product, location, -book)
        return round_, product, location

    def test_driver_confirms_a_location_left_empty_by_his_drop(self):
        round_, product, location = self._empty_one_supermarket_location_at_the_first_drop()
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
class TestZeroStockConfirmationTourPhone(TestZeroStockConfirmationTour):
    """The same on a phone with a touch screen."""

    browser_size = PHONE
    touch_enabled = True
