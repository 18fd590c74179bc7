from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user

from .common_milk_run import MilkRunCase


class TestMilkRunTimetable(MilkRunCase):
    def test_fixed_timetable_creates_rounds_on_working_days_only_and_once(self):
        # Friday 2026-03-06 07:00 UTC + 80 h = Monday 15:00: Fri 08:00, Fri 14:00, Mon 08:00 and
        # Mon 14:00; Saturday and Sunday are not working days of the calendar.
        self.milk_run.horizon_hours = 80
        friday_7 = datetime(2026, 3, 6, 7, 0)
        rounds = self.milk_run._create_rounds(friday_7)
        self.assertEqual(
            sorted(rounds.mapped("planned_departure")),
            [
                datetime(2026, 3, 6, 8),
                datetime(2026, 3, 6, 14),
                datetime(2026, 3, 9, 8),
                datetime(2026, 3, 9, 14),
            ],
        )
        self.assertEqual(set(rounds.mapped("state")), {"planned"})
        # cut-off 15 minutes before departure
        first = rounds.sorted("planned_departure")[0]
        self.assertEqual(first.cutoff_datetime, datetime(2026, 3, 6, 7, 45))
        self.assertFalse(
            self.milk_run._create_rounds(friday_7), "a second run creates no duplicate"
        )

    def test_cycle_timetable_departs_every_n_minutes_within_the_shift(self):
        # every 90 min from 06:00 to 10:00: 06:00, 07:30, 09:00 (10:30 is after the shift end)
        self.milk_run.write(
            {"timetable_mode": "cycle", "cycle_minutes": 90, "shift_start": 6, "shift_end": 10}
        )
        rounds = self.milk_run._create_rounds(datetime(2026, 3, 2, 0, 0))
        monday = rounds.filtered(
            lambda r: r.planned_departure.date() == datetime(2026, 3, 2).date()
        )
        self.assertEqual(
            sorted(monday.mapped("planned_departure")),
            [datetime(2026, 3, 2, 6), datetime(2026, 3, 2, 7, 30), datetime(2026, 3, 2, 9)],
        )

    def test_no_round_on_a_public_holiday_of_the_calendar(self):
        # Monday 2026-03-02 is a public holiday of the calendar (time off without a resource):
        # from Sunday 00:00 over 57 h only Tuesday's 08:00 is left (Monday's two are not made).
        self.env["resource.calendar.leaves"].create(
            {
                "name": "MR public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 2, 0, 0),
                "date_to": datetime(2026, 3, 2, 23, 59, 59),
            }
        )
        self.milk_run.horizon_hours = 57
        rounds = self.milk_run._create_rounds(datetime(2026, 3, 1, 0, 0))
        self.assertEqual(rounds.mapped("planned_departure"), [datetime(2026, 3, 3, 8)])

    def test_timetable_follows_the_calendar_time_zone(self):
        # 08:00 in Paris in March (UTC+1) is 07:00 UTC
        self.calendar.tz = "Europe/Paris"
        rounds = self.milk_run._create_rounds(datetime(2026, 3, 2, 0, 0))
        self.assertIn(datetime(2026, 3, 2, 7, 0), rounds.mapped("planned_departure"))


class TestMilkRunBuilding(MilkRunCase):
    def test_round_takes_ready_transfers_by_need_date_up_to_the_train_capacity(self):
        # Capacity 4 containers; one move = one container.
        # need order: p1 (A, 1 container), p2 (B, 2), p3 (C, 1) -> 4 used, full;
        # p4 (A, 1) needs 1 more: overflow "train full: 4/4".
        t = self.monday_8
        p1 = self.make_picking(self.spot_a, [(self.product, 5)], t - timedelta(hours=4))
        p2 = self.make_picking(
            self.line_b, [(self.product, 3), (self.product_2, 2)], t - timedelta(hours=3)
        )
        p3 = self.make_picking(self.spot_c, [(self.product, 1)], t - timedelta(hours=2))
        p4 = self.make_picking(self.spot_a, [(self.product_2, 1)], t - timedelta(hours=1))
        round_ = self.make_round()
        round_.action_build()
        self.assertEqual(round_.state, "loading")
        self.assertEqual(round_.picking_ids, p1 | p2 | p3)
        self.assertEqual(round_.batch_id.picking_ids, p1 | p2 | p3)
        self.assertEqual(round_.batch_id.state, "in_progress")
        self.assertEqual(round_.containers, 4)
        # weight: 5*2 + (3*2 + 2*1) + 1*2 = 20 kg
        self.assertAlmostEqual(round_.weight, 20.0)
        self.assertAlmostEqual(round_.fill_ratio, 1.0)
        self.assertEqual(round_.overflow_count, 1)
        self.assertFalse(p4.milk_run_round_id)
        self.assertIn("train full: 4/4 containers", p4.milk_run_overflow_reason)
        self.assertIn(p4.name, round_.overflow_note)
        self.assertEqual(p4.milk_run_overflow_count, 1)
        # one round stop per location with something to drop, containers per stop
        self.assertEqual(
            {rs.stop_id: rs.containers for rs in round_.round_stop_ids},
            {self.stop_a: 1, self.stop_b: 2, self.stop_c: 1},
        )

    def test_only_ready_transfers_of_the_circuit_type_to_a_served_place_are_taken(self):
        t = self.monday_8
        served = self.make_picking(self.spot_b, [(self.product, 1)], t)
        elsewhere = self.make_picking(self.elsewhere, [(self.product, 1)], t)
        other_type = self.env["stock.picking.type"].create(
            {
                "name": "MR other",
                "code": "internal",
                "sequence_code": "MRO",
                "warehouse_id": self.warehouse.id,
            }
        )
        wrong_type = self.make_picking(self.spot_b, [(self.product, 1)], t, picking_type=other_type)
        waiting = self.env["stock.picking"].create(
            {
                "picking_type_id": self.picking_type.id,
                "location_id": self.supermarket.id,
                "location_dest_id": self.spot_a.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "draft",
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "product_uom": self.product.uom_id.id,
                            "location_id": self.supermarket.id,
                            "location_dest_id": self.spot_a.id,
                        }
                    )
                ],
            }
        )
        round_ = self.make_round()
        round_.action_build()
        self.assertEqual(round_.picking_ids, served)
        for picking in elsewhere | wrong_type | waiting:
            self.assertFalse(picking.milk_run_round_id)

    def test_cron_builds_rounds_past_cut_off_and_overflow_goes_to_the_next_one(self):
        t = self.monday_8
        pickings = [
            self.make_picking(self.spot_a, [(self.product, 1)], t - timedelta(minutes=10 - i))
            for i in range(6)
        ]
        first = self.make_round(t)
        second = self.make_round(t + timedelta(hours=6))
        later = self.make_round(t + timedelta(days=1))
        # now = 13:50: both cut-offs (07:45, 13:45) are past, the next day's is not.
        with patch.object(fields.Datetime, "now", return_value=t + timedelta(hours=5, minutes=50)):
            self.env["logistics.milk.run"]._cron_plan_rounds()
        self.assertEqual(first.state, "loading")
        self.assertEqual(second.state, "loading")
        self.assertEqual(later.state, "planned")
        # 6 containers, 4 per round: the 4 most urgent on the first, the 2 others on the second
        self.assertEqual(first.picking_ids.ids, [p.id for p in pickings[:4]])
        self.assertEqual(second.picking_ids.ids, [p.id for p in pickings[4:]])
        self.assertEqual(first.overflow_count, 2)
        self.assertFalse(pickings[5].milk_run_overflow_reason, "taken later: the reason is cleared")
        self.assertEqual(pickings[5].milk_run_overflow_count, 1)

    def test_building_costs_as_many_queries_for_twice_the_transfers(self):
        # Same three stops, fixed order, no capacity limit: the number of SQL queries of a
        # build must not grow with the number of transfers (no query per transfer).
        self.milk_run.write({"resequence": False, "capacity_containers": 0})

        def queries_to_build(per_stop, departure):
            for spot in (self.spot_a, self.spot_b, self.spot_c):
                for _i in range(per_stop):
                    self.make_picking(spot, [(self.product, 1), (self.product_2, 1)], departure)
            round_ = self.make_round(departure)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            round_.action_build()
            self.env.flush_all()
            self.assertEqual(len(round_.picking_ids), 3 * per_stop)
            return self.env.cr.sql_log_count - before

        # a first build warms the caches (sequence, batch picking type), then 6 and 12 transfers
        queries_to_build(1, self.monday_8)
        small = queries_to_build(2, self.monday_8 + timedelta(hours=6))
        large = queries_to_build(4, self.monday_8 + timedelta(days=1))
        self.assertEqual(large, small)

    def test_build_now_refuses_a_round_already_built(self):
        round_ = self.make_round()
        round_.action_build()
        with self.assertRaisesRegex(UserError, "already built"):
            round_.action_build()

    def test_build_next_round_from_the_circuit(self):
        picking = self.make_picking(self.spot_c, [(self.product, 1)], self.monday_8)
        self.milk_run.action_build_next_round()
        round_ = picking.milk_run_round_id
        self.assertEqual(round_.state, "loading")
        self.assertEqual(round_.milk_run_id, self.milk_run)


class TestMilkRunStopOrder(MilkRunCase):
    def _build_three_stops(self):
        for spot in (self.spot_a, self.spot_b, self.spot_c):
            self.make_picking(spot, [(self.product, 1)], self.monday_8)
        round_ = self.make_round()
        round_.with_context(milk_run_max_iterations=200).action_build()
        return round_

    def test_time_window_makes_the_solver_start_with_that_stop(self):
        # Square: depot (0,0), A (10,0), B (10,10), C (0,10), 10 m/min, no handling.
        # C accepts the train until minute 2 only: C-B-A is the one feasible shortest tour.
        # Arrivals: C at 1 min, B at 2 min, A at 3 min, back at 4 min.
        self.stop_c.write({"window_start_minutes": 0, "window_end_minutes": 2})
        round_ = self._build_three_stops()
        stops = round_.round_stop_ids.sorted("sequence")
        self.assertEqual(stops.stop_id, self.stop_c | self.stop_b | self.stop_a)
        self.assertEqual(stops.stop_id.ids, [self.stop_c.id, self.stop_b.id, self.stop_a.id])
        self.assertTrue(round_.routing_optimised)
        self.assertEqual(
            stops.mapped("planned_arrival"),
            [self.monday_8 + timedelta(minutes=m) for m in (1, 2, 3)],
        )
        self.assertEqual(round_.planned_return, self.monday_8 + timedelta(minutes=4))
        # the batch's pickings follow the stop order
        self.assertEqual(
            round_.picking_ids.sorted("batch_sequence").location_dest_id.ids,
            [self.spot_c.id, self.spot_b.id, self.spot_a.id],
        )

    def test_fixed_order_when_resequencing_is_off(self):
        self.stop_a.sequence, self.stop_c.sequence = 40, 5
        self.milk_run.resequence = False
        round_ = self._build_three_stops()
        self.assertEqual(
            round_.round_stop_ids.sorted("sequence").stop_id.ids,
            [self.stop_c.id, self.stop_b.id, self.stop_a.id],
        )
        self.assertFalse(round_.routing_optimised)
        self.assertIn("optimisation off", round_.routing_message)

    def test_solver_without_a_feasible_route_falls_back_to_the_sequence_and_says_so(self):
        # B is 14.1 m away (1.41 min) but must be reached within 1 minute: no feasible tour.
        self.stop_b.write({"window_start_minutes": 0, "window_end_minutes": 1})
        round_ = self._build_three_stops()
        self.assertFalse(round_.routing_optimised)
        self.assertIn("not optimised", round_.routing_message)
        self.assertEqual(
            round_.round_stop_ids.sorted("sequence").stop_id.ids,
            [self.stop_a.id, self.stop_b.id, self.stop_c.id],
        )
        self.assertIn("not optimised", round_.message_ids[:1].body)

    def test_distance_table_wins_over_coordinates(self):
        # Coordinates say A is 10 m from the depot; the table says 100 m (a detour): 10 min.
        self.milk_run.distance_ids = [
            Command.create(
                {
                    "from_location_id": self.supermarket.id,
                    "to_location_id": self.line_a.id,
                    "distance_m": 100,
                }
            )
        ]
        self.milk_run.resequence = False
        self.make_picking(self.spot_a, [(self.product, 1)], self.monday_8)
        round_ = self.make_round()
        round_.action_build()
        self.assertEqual(
            round_.round_stop_ids.planned_arrival, self.monday_8 + timedelta(minutes=10)
        )
        self.assertEqual(round_.planned_return, self.monday_8 + timedelta(minutes=20))


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


class TestMilkRunKpis(MilkRunCase):
    KPI_FIELDS = (
        "kpi_punctuality_rate",
        "kpi_stop_window_rate",
        "kpi_fill_rate",
        "kpi_containers_per_round",
        "kpi_overflow_count",
    )

    def _two_done_rounds(self):
        """Round 1: 4 containers of 4 (fill 1.0), left 2 min late (tolerance 5: on time), its
        only stop reached at planned arrival. Round 2: 2 containers (fill 0.5), left 10 min late,
        its stops not reached. Round 1 could not take the 5th and 6th transfers: overflow 2."""
        t = self.monday_8
        for i in range(5):
            self.make_picking(self.spot_a, [(self.product, 1)], t + timedelta(minutes=i))
        self.make_picking(self.spot_b, [(self.product, 1)], t + timedelta(minutes=9))
        first, second = self.make_round(t), self.make_round(t + timedelta(hours=6))
        (first | second)._build()
        self.assertEqual((first.containers, second.containers), (4, 2))
        first.write({"state": "done", "actual_departure": t + timedelta(minutes=2)})
        first.round_stop_ids.write({"actual_arrival": first.round_stop_ids.planned_arrival})
        second.write({"state": "done", "actual_departure": t + timedelta(hours=6, minutes=10)})
        self.env.flush_all()
        return first, second

    def test_circuit_kpis_and_report_from_two_rounds(self):
        # Seen on Wednesday 4 March, the last 30 days (3 Feb - 4 Mar) hold both rounds of
        # Monday 2 March. Punctuality 1/2 = 50 %, stops within window 1/1 = 100 %,
        # fill (1.0 + 0.5) / 2 = 75 %, containers per round 6 / 2 = 3, overflow 2.
        self._two_done_rounds()
        report = self.env["logistics.milk.run.report"].search(
            [("milk_run_id", "=", self.milk_run.id)]
        )
        self.assertEqual(len(report), 2)
        self.assertEqual(sum(report.mapped("departed_on_time")), 1)
        self.assertEqual(sum(report.mapped("stops_in_window")), 1)
        with freeze_time("2026-03-04 12:00:00"):
            milk_run = self.milk_run
            self.assertEqual(
                (
                    milk_run.kpi_round_count,
                    milk_run.kpi_departed_count,
                    milk_run.kpi_stops_reached_count,
                ),
                (2, 2, 1),
            )
            self.assertAlmostEqual(milk_run.kpi_punctuality_rate, 50.0)
            self.assertAlmostEqual(milk_run.kpi_fill_rate, 75.0)
            self.assertAlmostEqual(milk_run.kpi_containers_per_round, 3.0)
            self.assertEqual(milk_run.kpi_overflow_count, 2)
            self.assertAlmostEqual(milk_run.kpi_stop_window_rate, 100.0)

    def test_circuit_kpis_tab_shows_the_dashboard_figures_of_the_last_30_days(self):
        # The form reads the dashboard's row of the circuit over the dashboard's default period:
        # on 4 March both rounds of 2 March are in it, and every figure is shown.
        self._two_done_rounds()
        Dashboard = self.env["logistics.kpi.dashboard"]
        with freeze_time("2026-03-04 12:00:00"):
            circuits = Dashboard.get_dashboard_data()["kpis"]["milk_run"]["circuits"]
            [row] = [row for row in circuits if row["milk_run_id"] == self.milk_run.id]
            form = Form(self.milk_run)
            self.assertEqual(
                [form[name] for name in self.KPI_FIELDS],
                [
                    row["punctuality_rate"],
                    row["stop_window_rate"],
                    row["fill_rate"],
                    row["containers_per_round"],
                    row["overflow_count"],
                ],
            )
            self.assertEqual([form[name] for name in self.KPI_FIELDS], [50.0, 100.0, 75.0, 3.0, 2])
            for name in self.KPI_FIELDS:
                self.assertFalse(form._get_modifier(name, "invisible"), name)
        # On 2 April the last 30 days run from 4 March: no round, the dashboard has no row for
        # the circuit and says n/a, and the form shows no figure (not a 0).
        self.milk_run.invalidate_recordset()
        with freeze_time("2026-04-02 12:00:00"):
            milk_run = Dashboard.get_dashboard_data()["kpis"]["milk_run"]
            self.assertNotIn(self.milk_run.id, [row["milk_run_id"] for row in milk_run["circuits"]])
            form = Form(self.milk_run)
            self.assertEqual(form.kpi_round_count, 0)
            for name in self.KPI_FIELDS:
                self.assertTrue(form._get_modifier(name, "invisible"), name)

    def test_circuit_kpis_tab_hides_punctuality_until_a_round_has_left(self):
        # A round built but not departed: fill 2 / 4 = 50 % is a figure, punctuality and stop
        # window have no denominator (the dashboard says n/a): hidden, not 0 %.
        self.make_picking(self.spot_a, [(self.product, 2)], self.monday_8)
        self.make_picking(self.spot_b, [(self.product, 1)], self.monday_8)
        self.make_round()._build()
        self.env.flush_all()
        with freeze_time("2026-03-02 07:00:00"):
            form = Form(self.milk_run)
            self.assertEqual((form.kpi_round_count, form.kpi_departed_count), (1, 0))
            self.assertEqual(form.kpi_fill_rate, 50.0)
            self.assertFalse(form._get_modifier("kpi_fill_rate", "invisible"))
            self.assertTrue(form._get_modifier("kpi_punctuality_rate", "invisible"))
            self.assertTrue(form._get_modifier("kpi_stop_window_rate", "invisible"))

    def test_round_sheet_lists_stops_in_order_with_their_containers(self):
        self.make_picking(self.spot_a, [(self.product, 1), (self.product_2, 1)], self.monday_8)
        self.make_picking(self.spot_c, [(self.product, 1)], self.monday_8)
        round_ = self.make_round()
        round_.action_build()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "industrial_logistics.report_milk_run_round_sheet", round_.ids
        )
        html = html.decode()
        first, second = round_.round_stop_ids.sorted("sequence")
        self.assertLess(
            html.index(first.location_id.barcode), html.index(second.location_id.barcode)
        )
        self.assertIn("MR-A", html)
        self.assertIn("MR-C", html)

    def test_round_sheet_and_driver_screen_list_the_containers_to_drop_at_each_stop(self):
        # Stop A gets one transfer of two moves (bolt x 4, nut x 2): two containers, both for
        # Spot A1; stop C one transfer of one move (bolt x 3): one container for Spot C1.
        picking_a = self.make_picking(
            self.spot_a, [(self.product, 4), (self.product_2, 2)], self.monday_8
        )
        picking_c = self.make_picking(self.spot_c, [(self.product, 3)], self.monday_8)
        round_ = self.make_round()
        round_.action_build()
        stop_a = round_.round_stop_ids.filtered(lambda rs: rs.stop_id == self.stop_a)
        stop_c = round_.round_stop_ids.filtered(lambda rs: rs.stop_id == self.stop_c)
        self.assertEqual(stop_a.containers, 2)
        self.assertEqual(
            sorted(
                (d["location"], d["what"], d["quantity"], d["picking"]) for d in stop_a._drops()
            ),
            [
                ("Spot A1", "MR bolt", 4.0, picking_a.name),
                ("Spot A1", "MR nut", 2.0, picking_a.name),
            ],
        )
        self.assertEqual(len(stop_c._drops()), stop_c.containers)
        stops = {stop["id"]: stop for stop in round_.get_driver_data()["stops"]}
        self.assertEqual(stops[stop_c.id]["drops"], ["Spot C1: MR bolt × 3 Units"])
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "industrial_logistics.report_milk_run_round_sheet", round_.ids
        )
        html = html.decode()
        self.assertEqual(html.count("o_milk_run_round_sheet_drop"), 3, "one row per container")
        self.assertIn(
            "Spot A1: <span>MR nut</span>", html.replace("<span>Spot A1</span>", "Spot A1")
        )
        self.assertIn(picking_c.name, html)
