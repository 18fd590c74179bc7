from datetime import datetime, time, timedelta

import pytz

from odoo import models

# The one fallback of the addon for a calendar that is not set: Monday to Friday are worked.
DEFAULT_WORKING_WEEKDAYS = frozenset(range(5))


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _logistics_working_dates(self, date_from, date_to, resources=None):
        """{resource id, False for the calendar itself: set of dates from date_from to date_to
        (included) with working time}, the one definition of a working day in the addon.

        A day is worked when the calendar has working time on it in its time zone, its public
        holidays and time off removed (and each resource's own leaves, in its time zone). The
        fallback, the same everywhere: without a calendar (an empty recordset), Monday to Friday
        are worked, every one of them, for every resource.
        """
        resources = resources or self.env["resource.resource"]
        keys = [False, *resources.ids]
        if not self:
            weekdays = {
                date_from + timedelta(days=offset)
                for offset in range((date_to - date_from).days + 1)
                if (date_from + timedelta(days=offset)).weekday() in DEFAULT_WORKING_WEEKDAYS
            }
            return {key: set(weekdays) for key in keys}
        self.ensure_one()
        tz = pytz.timezone(self.tz or "UTC")
        start = tz.localize(datetime.combine(date_from, time.min))
        end = tz.localize(datetime.combine(date_to, time.max))
        intervals = self._work_intervals_batch(start, end, resources=resources)
        return {
            key: {interval_start.date() for interval_start, _end, _meta in intervals[key]}
            for key in keys
        }

    def _logistics_working_weekdays(self):
        """Weekdays (0 = Monday) the calendar has attendances on; the fallback of
        _logistics_working_dates without a calendar."""
        if not self:
            return DEFAULT_WORKING_WEEKDAYS
        self.ensure_one()
        return frozenset(int(day) for day in self.attendance_ids.mapped("dayofweek"))
