from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import UserError

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
