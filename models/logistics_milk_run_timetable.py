from datetime import datetime, time, timedelta

import pytz

from odoo import models

from ..logistics_algorithms import round_intervals, routing


class LogisticsMilkRunTimetable(models.Model):
    """The circuit's departures: its timetable on the working days of its calendar, in its
    time zone."""

    _inherit = "logistics.milk.run"

    def _departure_hours(self):
        """Departure hours of a working day (floats, 7.5 = 07:30), sorted."""
        self.ensure_one()
        if self.timetable_mode == "cycle":
            hours, hour = [], self.shift_start
            while hour <= self.shift_end + 1e-9:
                hours.append(hour)
                hour += self.cycle_minutes / 60.0
            return hours
        return sorted(set(self.departure_ids.mapped("departure_time")))

    def _planned_round_minutes(self):
        """How long a round is out: one train leaving the source, visiting every stop in the
        circuit's sequence (waiting for a stop's window to open), handling each, and driving
        back, at the train's speed over the distance table, else the coordinates, as the rounds
        are timed (routing.time_trips)."""
        self.ensure_one()
        if not self.stop_ids:
            return 0.0
        trip = [stop._routing_stop() for stop in self.stop_ids.sorted("sequence")]
        return routing.time_trips(
            self._routing_depot(),
            [trip],
            speed_m_per_min=self.speed_m_per_min,
            distance=self._distance_table(),
        ).return_minutes

    def _routing_depot(self):
        """The source, where every trip starts and ends, as the routing module sees it."""
        self.ensure_one()
        source = self.source_location_id
        return routing.Stop(key=source.id, x=source.posx, y=source.posy, window_start=0.0)

    def _utc_offset_minutes(self):
        """The circuit's local time minus UTC today (summer time of the day it is read)."""
        self.ensure_one()
        return datetime.now(pytz.utc).astimezone(self._timezone()).utcoffset().total_seconds() / 60

    def _weekly_round_intervals(self):
        """[start, end) minutes from Monday 00:00 UTC of every round of a working week."""
        self.ensure_one()
        return round_intervals.weekly_intervals(
            self._working_weekdays(),
            self._departure_hours(),
            self._planned_round_minutes(),
            self._utc_offset_minutes(),
        )

    def _working_weekdays(self):
        """Weekdays of the calendar; without one, the addon's fallback (Monday to Friday)."""
        self.ensure_one()
        return self.calendar_id._logistics_working_weekdays()

    def _timezone(self):
        """The calendar's time zone, else the company's, else the user's: not who runs the cron."""
        self.ensure_one()
        return pytz.timezone(
            self.calendar_id.tz or self.company_id.partner_id.tz or self.env.user.tz or "UTC"
        )

    def _closed_days(self, first_day, last_day):
        """Local dates between the two (included) on which the calendar has no working time though
        their weekday is worked: public holidays and other time off of the whole calendar."""
        self.ensure_one()
        worked = self.calendar_id._logistics_working_dates(first_day, last_day)[False]
        weekdays = self._working_weekdays()
        closed, day = set(), first_day
        while day <= last_day:
            if day.weekday() in weekdays and day not in worked:
                closed.add(day)
            day += timedelta(days=1)
        return closed

    def _planned_departures(self, start, end):
        """UTC naive datetimes of the timetable's departures in [start, end)."""
        self.ensure_one()
        timezone = self._timezone()
        weekdays = self._working_weekdays()
        hours = self._departure_hours()
        local_start = pytz.utc.localize(start).astimezone(timezone).date()
        local_end = pytz.utc.localize(end).astimezone(timezone).date()
        closed = self._closed_days(local_start, local_end)
        departures = []
        day = local_start
        while day <= local_end:
            if day.weekday() in weekdays and day not in closed:
                for hour in hours:
                    minutes = round(hour * 60)
                    local = datetime.combine(day, time(0, 0)) + timedelta(minutes=minutes)
                    utc = timezone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
                    if start <= utc < end:
                        departures.append(utc)
            day += timedelta(days=1)
        return departures
