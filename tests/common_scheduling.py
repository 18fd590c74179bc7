from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import new_test_user

from .common import LogisticsCase


class SchedulingCase(LogisticsCase):
    """A work centre on a Paris calendar over the week of Monday 2027-03-01.

    Calendar: Monday to Friday 08:00-12:00 and 13:00-17:00 Paris (UTC+1 in March before the
    change of hour), 8 h a day. The centre (capacity 2, efficiency 80 %) is on leave Tuesday
    13:00-17:00 (its own leave) and Thursday is a public holiday (a leave of the calendar
    without resource). Capacity per day = working hours x 2 x 0.8.
    """

    MONDAY = date(2027, 3, 1)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env, "sched_manager", groups="industrial_logistics.group_logistics_manager"
        )
        cls.operator = new_test_user(
            cls.env, "sched_operator", groups="industrial_logistics.group_logistics_operator"
        )
        cls._create_calendar()
        cls._create_workcenter()
        cls._create_bom()

    @classmethod
    def _create_calendar(cls):
        """Monday to Friday, 08:00-12:00 and 13:00-17:00 Paris."""
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Paris 2x4h",
                "tz": "Europe/Paris",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for hour_from, hour_to, period in ((8, 12, "morning"), (13, 17, "afternoon"))
                ],
            }
        )

    @classmethod
    def _create_workcenter(cls):
        """Press S on the calendar, with its Tuesday afternoon leave and Thursday's holiday."""
        cls.workcenter = cls.env["mrp.workcenter"].create(
            {
                "name": "Press S",
                "resource_calendar_id": cls.calendar.id,
                "default_capacity": 2,
                "time_efficiency": 80,
            }
        )
        cls.env["resource.calendar.leaves"].create(
            [
                {
                    "name": "Maintenance",
                    "calendar_id": cls.calendar.id,
                    "resource_id": cls.workcenter.resource_id.id,
                    "date_from": cls.utc(2, 12),  # Tuesday 13:00-17:00 Paris
                    "date_to": cls.utc(2, 16),
                    "time_type": "leave",
                },
                {
                    "name": "Public holiday",
                    "calendar_id": cls.calendar.id,
                    "date_from": cls.utc(3, 23),  # all Thursday 4 March, Paris
                    "date_to": cls.utc(4, 23),
                    "time_type": "leave",
                },
            ]
        )

    @classmethod
    def _create_bom(cls):
        """Bracket S made in two operations on Press S, Cut then Press, 60 minutes each."""
        cls.product = cls.env["product.product"].create({"name": "Bracket S", "type": "consu"})
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "product_qty": 1,
                "operation_ids": [
                    Command.create(
                        {
                            "name": name,
                            "workcenter_id": cls.workcenter.id,
                            "time_mode": "manual",
                            "time_cycle_manual": 60,
                            "sequence": sequence,
                        }
                    )
                    for sequence, name in ((10, "Cut"), (20, "Press"))
                ],
            }
        )

    @staticmethod
    def utc(day, hour, minute=0):
        """A UTC datetime (as Odoo stores them) of March 2027; Paris = UTC + 1."""
        return datetime(2027, 3, day, hour, minute)

    @classmethod
    def _order(cls, operations=1, deadline=None):
        """A confirmed MO of the fixture's BoM with its first `operations` work orders."""
        production = cls.env["mrp.production"].create(
            {"product_id": cls.product.id, "product_qty": 1, "bom_id": cls.bom.id}
        )
        production.workorder_ids[operations:].unlink()
        if deadline:
            production.date_deadline = deadline
        production.action_confirm()
        return production

    @classmethod
    def _plan(cls, workorder, start, finish, minutes):
        """Plan a work order as Odoo's Plan stores it (a leave of the centre), with its
        expected minutes."""
        leave = cls.env["resource.calendar.leaves"].create(
            {
                "name": workorder.display_name,
                "calendar_id": workorder.workcenter_id.resource_calendar_id.id,
                "resource_id": workorder.workcenter_id.resource_id.id,
                "date_from": start,
                "date_to": finish,
                "time_type": "other",
            }
        )
        workorder.write({"leave_id": leave.id, "duration_expected": minutes})

    def _levelling_wizard(self, user=None, workcenters=None, **values):
        """The shop levelling wizard over the fixture's week (Monday to Sunday) for
        `workcenters` (Press S by default), created by `user` (the manager by default)."""
        return (
            self.env["logistics.shop.levelling"]
            .with_user(user or self.manager)
            .create(
                {
                    "date_from": self.MONDAY,
                    "date_to": self.MONDAY + timedelta(days=6),
                    "workcenter_ids": [Command.set((workcenters or self.workcenter).ids)],
                    "time_limit": 5,
                    **values,
                }
            )
        )
