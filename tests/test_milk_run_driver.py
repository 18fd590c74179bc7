from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user

from .common_milk_run import MilkRunCase


class TestMilkRunDriverFlow(MilkRunCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.driver = new_test_user(
            cls.env, "mr_driver", groups="industrial_logistics.group_logistics_storekeeper"
        )

    def setUp(self):
        super().setUp()
        self.picking_a = self.make_picking(self.spot_a, [(self.product, 5)], self.monday_8)
        self.picking_c = self.make_picking(self.spot_c, [(self.product_2, 3)], self.monday_8)
        self.round = self.make_round()
        self.round.action_build()
        self.round = self.round.with_user(self.driver)

    def test_driver_runs_a_round_to_the_end_and_the_line_side_receives_the_stock(self):
        self.round.action_start()
        self.assertEqual(self.round.state, "on_route")
        self.assertTrue(self.round.actual_departure)
        self.assertEqual(self.round.user_id, self.driver)
        for barcode, picking in (("MR-A1", self.picking_a), ("MR-C", self.picking_c)):
            stop_id = self.round.action_scan_location(barcode)
            round_stop = (
                self.env["logistics.milk.run.round.stop"].with_user(self.driver).browse(stop_id)
            )
            self.assertTrue(round_stop.actual_arrival)
            round_stop.action_confirm_drop()
            self.assertEqual(round_stop.state, "done")
            self.assertEqual(picking.state, "done")
        self.assertEqual(self.product.with_context(location=self.spot_a.id).qty_available, 5)
        self.assertEqual(self.product_2.with_context(location=self.spot_c.id).qty_available, 3)
        self.round.action_finish()
        self.assertEqual(self.round.state, "done")
        self.assertEqual(self.round.batch_id.state, "done")

    def test_round_started_twice_is_refused_and_keeps_its_first_departure(self):
        self.round.action_start()
        departed = self.round.actual_departure
        with self.assertRaisesRegex(UserError, "already left"):
            self.round.action_start()
        self.assertEqual(self.round.actual_departure, departed)
        self.assertEqual(self.round.state, "on_route")

    def test_wrong_label_and_drop_before_scan_are_refused(self):
        self.round.action_start()
        with self.assertRaisesRegex(UserError, "not a stop of this round"):
            self.round.action_scan_location("MR-X")
        with self.assertRaisesRegex(UserError, "Scan the location"):
            self.round.round_stop_ids[0].action_confirm_drop()
        self.assertEqual(self.picking_a.state, "assigned")

    def test_finish_with_stops_left_names_them(self):
        self.round.action_start()
        with self.assertRaisesRegex(UserError, "MR Line C"):
            self.round.action_finish()
        self.assertEqual(self.round.state, "on_route")

    def test_picking_cancelled_after_loading_leaves_the_round_and_its_batch_with_a_note(self):
        self.picking_c.action_cancel()
        self.assertFalse(self.picking_c.milk_run_round_id)
        self.assertFalse(self.picking_c.batch_id)
        self.assertEqual(self.round.batch_id.picking_ids, self.picking_a)
        self.assertEqual(self.round.containers, 1)
        self.assertEqual(self.round.round_stop_ids.stop_id, self.stop_a)
        self.assertIn(self.picking_c.name, self.round.message_ids[0].body)
        self.assertIn("removed", self.picking_c.message_ids[0].body)

    def test_cancelled_round_gives_its_transfers_back_to_the_next_round(self):
        self.round.action_cancel()
        self.assertEqual(self.round.state, "cancelled")
        self.assertFalse(self.picking_a.milk_run_round_id)
        self.assertEqual(self.picking_a.state, "assigned")
        next_round = self.make_round(self.monday_8 + timedelta(hours=6))
        next_round.action_build()
        self.assertEqual(next_round.picking_ids, self.picking_a | self.picking_c)

    def test_driver_screen_data_lists_stops_in_visiting_order(self):
        data = self.round.get_driver_data()
        self.assertEqual(
            [stop["id"] for stop in data["stops"]], self.round.round_stop_ids.sorted("sequence").ids
        )
        self.assertIn(self.round.id, [r["id"] for r in self.round.get_driver_rounds()])

    def test_circuits_and_rounds_of_another_company_are_invisible(self):
        other_company = self.env["res.company"].create({"name": "MR Other Co"})
        other_stock = self.env["stock.warehouse"].search([("company_id", "=", other_company.id)])
        other_source = other_stock.lot_stock_id
        other_line = self.env["stock.location"].create(
            {
                "name": "Other line",
                "location_id": other_source.location_id.id,
                "usage": "internal",
                "company_id": other_company.id,
            }
        )
        other_run = (
            self.env["logistics.milk.run"]
            .with_company(other_company)
            .create(
                {
                    "name": "MR other company loop",
                    "company_id": other_company.id,
                    "source_location_id": other_source.id,
                    "picking_type_id": other_stock.int_type_id.id,
                    "stop_ids": [Command.create({"location_id": other_line.id})],
                }
            )
        )
        self.make_round(self.monday_8, milk_run=other_run)
        as_driver = self.env["logistics.milk.run.round"].with_user(self.driver)
        self.assertFalse(as_driver.search([("milk_run_id", "=", other_run.id)]))
        self.assertFalse(
            self.env["logistics.milk.run"]
            .with_user(self.driver)
            .search([("id", "=", other_run.id)])
        )
        self.assertIn(self.round.id, as_driver.search([]).ids)

    def test_storekeeper_cannot_change_a_circuit(self):
        with self.assertRaises(AccessError):
            self.milk_run.with_user(self.driver).write({"capacity_containers": 99})


class TestMilkRunBadInput(MilkRunCase):
    def test_stop_outside_the_warehouse_is_refused(self):
        other = self.env["stock.warehouse"].create({"name": "MR Other", "code": "MRO"})
        with (
            self.assertRaisesRegex(ValidationError, "not an internal location of warehouse"),
            self.env.cr.savepoint(),
        ):
            self.milk_run.stop_ids = [Command.create({"location_id": other.lot_stock_id.id})]
        self.env.invalidate_all()
        self.assertEqual(
            self.env["logistics.milk.run.stop"].search_count(
                [("milk_run_id", "=", self.milk_run.id)]
            ),
            3,
        )

    def test_stop_at_the_source_or_inside_it_is_refused(self):
        inside = self.env["stock.location"].create(
            {"name": "SM shelf", "location_id": self.supermarket.id}
        )
        for location in (self.supermarket, inside):
            with self.assertRaisesRegex(ValidationError, "source"):
                self.milk_run.stop_ids = [Command.create({"location_id": location.id})]

    def test_circuit_form_warns_of_an_overlap_before_saving(self):
        form = Form(self.env["logistics.milk.run"])
        form.name = "MR form loop"
        form.source_location_id = self.supermarket
        form.picking_type_id = self.picking_type
        form.calendar_id = self.calendar
        # leaves with the fixture loop's 08:00 round
        with form.departure_ids.new() as departure:
            departure.departure_time = 8.0
        with form.stop_ids.new() as stop:
            stop.location_id = self.spot_a
        self.assertIn("MR loop", form.overlap_warning)
        self.assertEqual(form.round_count, 0)
        circuit = form.save()
        with Form(circuit) as edit:
            edit.stop_ids.remove(0)
            with edit.stop_ids.new() as stop:
                stop.location_id = self.elsewhere
            self.assertFalse(edit.overlap_warning)

    def test_negative_capacity_or_speed_is_refused(self):
        for vals in (
            {"capacity_containers": -1},
            {"capacity_weight": -5},
            {"speed_m_per_min": 0},
            {"speed_m_per_min": -3},
        ):
            with self.assertRaises(ValidationError):
                self.milk_run.write(vals)
        self.assertEqual(self.milk_run.capacity_containers, 4)
        self.assertEqual(self.milk_run.speed_m_per_min, 10)

    def test_overlapping_circuits_on_the_same_location_are_warned(self):
        other = self.env["logistics.milk.run"].create(
            {
                "name": "MR second loop",
                "source_location_id": self.supermarket.id,
                "picking_type_id": self.picking_type.id,
                "calendar_id": self.calendar.id,
                "departure_ids": [Command.create({"departure_time": 8.0})],
                "stop_ids": [Command.create({"location_id": self.spot_b.id})],
            }
        )
        self.milk_run.invalidate_recordset(["overlap_warning"])
        self.assertIn("MR second loop", self.milk_run.overlap_warning)
        self.assertIn("MR loop", other.overlap_warning)
        # at 11:00, between the loop's 08:00-08:04 and 14:00-14:04 rounds, they never meet
        other.departure_ids.departure_time = 11.0
        self.milk_run.invalidate_recordset(["overlap_warning"])
        self.assertFalse(self.milk_run.overlap_warning)

    def test_circuits_on_the_same_location_at_the_same_hours_but_other_days_are_not_warned(self):
        # The fixture circuit runs Monday to Friday (its calendar); a weekend circuit at 08:00
        # serves the same line but never on the same day: no warning. Add Friday: warned.
        weekend = self.env["resource.calendar"].create(
            {
                "name": "MR weekend",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create({"name": day, "dayofweek": day, "hour_from": 6, "hour_to": 18})
                    for day in ("5", "6")
                ],
            }
        )
        other = self.env["logistics.milk.run"].create(
            {
                "name": "MR weekend loop",
                "source_location_id": self.supermarket.id,
                "picking_type_id": self.picking_type.id,
                "calendar_id": weekend.id,
                "departure_ids": [Command.create({"departure_time": 8.0})],
                "stop_ids": [Command.create({"location_id": self.spot_b.id})],
            }
        )
        self.assertFalse(other.overlap_warning)
        weekend.attendance_ids = [
            Command.create({"name": "Friday", "dayofweek": "4", "hour_from": 6, "hour_to": 18})
        ]
        other.invalidate_recordset(["overlap_warning"])
        self.assertIn("MR loop", other.overlap_warning)
