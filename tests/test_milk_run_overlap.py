from odoo import Command

from .common_milk_run import MilkRunCase


class TestMilkRunOverlap(MilkRunCase):
    """Overlap warnings judge the rounds' real intervals on a UTC clock.

    Circuits here serve "MR Not served" at (50, 50), which the fixture's loop does not serve:
    from the supermarket at (0, 0) it is 70.71 m each way, 7.071 min at 10 m/min, so with 30 min
    of handling a round lasts 7.071 + 30 + 7.071 = 44.14 min.
    """

    def _circuit(self, name, hours, calendar=None):
        return self.env["logistics.milk.run"].create(
            {
                "name": name,
                "source_location_id": self.supermarket.id,
                "picking_type_id": self.picking_type.id,
                "calendar_id": (calendar or self.calendar).id,
                "speed_m_per_min": 10,
                "handling_minutes": 30,
                "departure_ids": [Command.create({"departure_time": hour}) for hour in hours],
                "stop_ids": [Command.create({"location_id": self.elsewhere.id})],
            }
        )

    def _warnings(self, *circuits):
        self.env.invalidate_all()
        return [circuit.overlap_warning for circuit in circuits]

    def test_planned_round_duration_is_the_drive_and_handling_of_the_whole_loop(self):
        # fixture loop: 0,0 -> A 10,0 -> B 10,10 -> C 0,10 -> 0,0 = 4 x 10 m = 4 min at 10 m/min,
        # plus 3 stops x 3 min handling = 13 min
        self.milk_run.stop_ids.handling_minutes = 3
        self.assertAlmostEqual(self.milk_run._planned_round_minutes(), 13.0)
        circuit = self._circuit("MR far", [8.0])
        self.assertAlmostEqual(circuit._planned_round_minutes(), 44.142, places=3)
        # a stop whose window opens at 20 min makes the train wait: 20 + 30 + 7.071
        circuit.stop_ids.window_start_minutes = 20
        self.assertAlmostEqual(circuit._planned_round_minutes(), 57.071, places=3)

    def test_rounds_at_8_and_14_do_not_clash_with_a_round_at_11_on_the_same_day(self):
        # 08:00-08:44 and 14:00-14:44 against 11:00-11:44: same day, same place, never out
        # together (the former first-to-last-departure rule warned: 11:00 is within 8:00-14:00)
        two_rounds = self._circuit("MR 8 and 14", [8.0, 14.0])
        eleven = self._circuit("MR 11", [11.0])
        self.assertEqual(self._warnings(two_rounds, eleven), [False, False])

    def test_rounds_out_together_are_warned_naming_the_other_circuit_and_the_moment(self):
        # 08:30-09:14 starts while the 08:00-08:44 round is out: first clash Monday 08:30
        two_rounds = self._circuit("MR 8 and 14", [8.0, 14.0])
        half_past = self._circuit("MR 8:30", [8.5])
        warning, other_warning = self._warnings(two_rounds, half_past)
        self.assertIn("MR 8:30 also serves", warning)
        self.assertIn("MR Not served", warning)
        self.assertIn("Monday at 08:30", warning)
        self.assertIn("MR 8 and 14 also serves", other_warning)
        # leaving at 08:45, once the 08:00 round is back (08:44): no clash any more
        half_past.departure_ids.departure_time = 8.75
        self.assertEqual(self._warnings(two_rounds, half_past), [False, False])

    def test_same_local_hour_in_time_zones_one_hour_apart_is_judged_in_utc(self):
        # 08:00 at UTC+1 is 07:00-07:44 UTC, before the UTC circuit's 08:00-08:44: no warning,
        # though both say 08:00. 09:00 at UTC+1 is 08:00 UTC: out together, warned at 08:00 in
        # the UTC circuit's time and 09:00 in the other's.
        plus_one = self.env["resource.calendar"].create({"name": "MR UTC+1", "tz": "Etc/GMT-1"})
        utc = self._circuit("MR UTC", [8.0])
        east = self._circuit("MR UTC+1", [8.0], calendar=plus_one)
        self.assertEqual(self._warnings(utc, east), [False, False])
        east.departure_ids.departure_time = 9.0
        warning, east_warning = self._warnings(utc, east)
        self.assertIn("MR UTC+1 also serves", warning)
        self.assertIn("Monday at 08:00", warning)
        self.assertIn("Monday at 09:00", east_warning)

    def test_a_cycle_circuit_is_compared_round_by_round(self):
        # every 120 min from 06:00 to 10:00: 06:00, 08:00, 10:00, each 44.14 min. A fixed round
        # at 07:00 falls in the gap (06:44-08:00): no warning; at 07:30 it meets the 08:00 round.
        cycle = self._circuit("MR cycle", [])
        cycle.write(
            {"timetable_mode": "cycle", "cycle_minutes": 120, "shift_start": 6, "shift_end": 10}
        )
        seven = self._circuit("MR 7", [7.0])
        self.assertEqual(self._warnings(cycle, seven), [False, False])
        seven.departure_ids.departure_time = 7.5
        self.assertIn("Monday at 08:00", self._warnings(cycle)[0])
