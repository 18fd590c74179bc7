from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .common_milk_run import MilkRunCase


class TestMilkRunTrains(MilkRunCase):
    """Two trains of 2 containers leave together; line A and line C each get a transfer of two
    moves (2 containers). The round takes both (4 of 2 x 2); no train can carry both stops, so
    the route is split in two trips, given to train 1 and train 2 in turn."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.milk_run.write({"vehicle_count": 2, "capacity_containers": 2})
        cls.driver = new_test_user(
            cls.env, "mr_train_driver", groups="industrial_logistics.group_logistics_storekeeper"
        )

    def setUp(self):
        super().setUp()
        lines = [(self.product, 1), (self.product_2, 1)]
        self.make_picking(self.spot_a, lines, self.monday_8)
        self.make_picking(self.spot_c, lines, self.monday_8)
        self.round = self.make_round()
        self.round.with_context(milk_run_max_iterations=200).action_build()
        self.round = self.round.with_user(self.driver)
        stops = self.round.round_stop_ids
        self.at_a = stops.filtered(lambda rs: rs.stop_id == self.stop_a)
        self.at_c = stops.filtered(lambda rs: rs.stop_id == self.stop_c)

    def test_each_trip_of_the_round_is_given_to_a_train_in_turn(self):
        self.assertEqual(self.round.train_count, 2)
        self.assertEqual((self.at_a.containers, self.at_c.containers), (2, 2))
        self.assertEqual({self.at_a.train, self.at_c.train}, {1, 2})
        for round_stop in self.at_a | self.at_c:
            self.assertEqual(round_stop.train, (round_stop.trip - 1) % 2 + 1)

    def test_driver_screen_asks_for_the_train_then_shows_only_its_stops_and_load(self):
        data = self.round.get_driver_data()
        self.assertFalse(data["train"], "two trains: the driver picks his own")
        self.assertEqual(data["train_count"], 2)
        self.assertEqual(
            [
                (t["number"], t["name"], t["containers"], t["capacity_containers"], t["stop_count"])
                for t in data["trains"]
            ],
            # round capacity 4 containers = 2 trains x 2
            [(1, "Train 1 of 2", 2, 2, 1), (2, "Train 2 of 2", 2, 2, 1)],
        )
        mine = self.round.get_driver_data(self.at_a.train)
        self.assertEqual(mine["train"], self.at_a.train)
        self.assertEqual([stop["id"] for stop in mine["stops"]], self.at_a.ids)
        self.assertEqual(mine["stops"][0]["containers"], 2)
        self.assertEqual(len(mine["stops"][0]["drops"]), 2)

    def test_a_driver_cannot_arrive_at_another_trains_stop(self):
        self.round.action_start()
        with self.assertRaisesRegex(UserError, f"served by train {self.at_c.train}"):
            self.round.action_scan_location("MR-C1", self.at_a.train)
        self.assertFalse(self.at_c.actual_arrival)

    def test_first_train_back_is_noted_and_the_last_one_finishes_the_round(self):
        self.round.action_start()
        with self.assertRaisesRegex(UserError, "MR Line A"):
            self.round.action_finish(self.at_a.train)
        for barcode, round_stop in (("MR-A", self.at_a), ("MR-C", self.at_c)):
            self.round.action_scan_location(barcode, round_stop.train)
            round_stop.with_user(self.driver).action_confirm_drop()
            if round_stop == self.at_a:
                self.assertFalse(self.round.action_finish(self.at_a.train))
                self.assertEqual(self.round.state, "on_route")
                self.assertIn(
                    "still to deliver by the other trains", self.round.message_ids[0].body
                )
        self.assertTrue(self.round.action_finish(self.at_c.train))
        self.assertEqual(self.round.state, "done")

    def test_round_sheet_has_a_section_per_train_with_its_load(self):
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "industrial_logistics.report_milk_run_round_sheet", self.round.ids
        )
        html = html.decode()
        self.assertEqual(html.count("o_milk_run_round_sheet_train_head"), 2)
        self.assertEqual(html.count('class="o_milk_run_round_sheet_train"'), 2)
        first = self.at_a if self.at_a.train == 1 else self.at_c
        second = self.at_c if first == self.at_a else self.at_a
        self.assertLess(html.index("Train 1 of 2"), html.index(first.location_id.barcode))
        self.assertLess(html.index(first.location_id.barcode), html.rindex("Train 2 of 2"))
        self.assertLess(html.rindex("Train 2 of 2"), html.index(second.location_id.barcode))


class TestMilkRunSingleTrain(MilkRunCase):
    def test_a_one_train_round_shows_its_train_capacity_and_load(self):
        # one train of 4 containers; line A gets a transfer of 2 moves, line C one of 1 move:
        # load 3 / 4
        self.make_picking(self.spot_a, [(self.product, 1), (self.product_2, 1)], self.monday_8)
        self.make_picking(self.spot_c, [(self.product, 2)], self.monday_8)
        round_ = self.make_round()
        planned = round_.get_driver_data()
        self.assertEqual(planned["train"], 1)
        self.assertEqual(planned["trains"][0]["capacity_containers"], 4)
        round_.action_build()
        data = round_.get_driver_data()
        self.assertEqual(data["train"], 1)
        self.assertEqual(
            [(t["name"], t["containers"], t["capacity_containers"]) for t in data["trains"]],
            [("Train 1 of 1", 3, 4)],
        )
        self.assertEqual(round_.round_stop_ids.mapped("train"), [1, 1])
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("industrial_logistics.report_milk_run_round_sheet", round_.ids)[0]
            .decode()
        )
        self.assertIn("Train 1 of 1", html)
        self.assertNotIn("o_milk_run_round_sheet_train_head", html)

    def test_a_planned_round_of_a_two_train_circuit_offers_both_trains(self):
        self.milk_run.vehicle_count = 2
        data = self.make_round().get_driver_data()
        self.assertFalse(data["train"])
        self.assertEqual([t["name"] for t in data["trains"]], ["Train 1 of 2", "Train 2 of 2"])
