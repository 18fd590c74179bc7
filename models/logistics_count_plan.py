from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from ..logistics_algorithms import count_levelling

KEPT_STATES = ("in_progress", "counted", "recount", "done")
# tasks are created in bulk: no mail.thread work per task (followers, logs, tracking)
PLANNING_CONTEXT = {"tracking_disable": True}


class LogisticsCountPlan(models.Model):
    """A warehouse's counts over a horizon, levelled over its working days."""

    _name = "logistics.count.plan"
    _description = "Cycle Count Plan"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: self.env._("New plan"))
    warehouse_id = fields.Many2one("stock.warehouse", required=True, check_company=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    policy_id = fields.Many2one(
        "logistics.count.policy", compute="_compute_policy_id", store=True, check_company=True
    )
    date_from = fields.Date(required=True, default=fields.Date.context_today)
    date_to = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self) + timedelta(days=90)
    )
    state = fields.Selection(
        [("draft", "Draft"), ("planned", "Planned"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
    )
    task_ids = fields.One2many("logistics.count.task", "plan_id")
    task_count = fields.Integer(compute="_compute_task_stats")
    done_task_count = fields.Integer(compute="_compute_task_stats")
    working_day_count = fields.Integer(readonly=True)
    daily_capacity = fields.Integer("Daily capacity", readonly=True)
    daily_average = fields.Float("Counts a day (average)", readonly=True, digits=(16, 2))
    daily_load_min = fields.Integer("Fewest counts a day", readonly=True)
    daily_load_max = fields.Integer("Most counts a day", readonly=True)
    unplaced_count = fields.Integer(
        "Counts that do not fit", readonly=True, help="Counts due in the horizon beyond capacity."
    )
    unplaced_note = fields.Text("Counts not planned", readonly=True)
    line_count = fields.Integer("Lines counted", compute="_compute_accuracy")
    hit_rate = fields.Float("Hit rate (%)", compute="_compute_accuracy", digits=(16, 1))
    quantity_accuracy = fields.Float(
        "Quantity-weighted accuracy (%)", compute="_compute_accuracy", digits=(16, 1)
    )
    difference_value = fields.Float("Value of differences", compute="_compute_accuracy")
    absolute_difference_value = fields.Float(
        "Absolute value of differences", compute="_compute_accuracy"
    )

    @api.depends("warehouse_id")
    def _compute_policy_id(self):
        policies = self.env["logistics.count.policy"].search(
            [("warehouse_id", "in", self.warehouse_id.ids)]
        )
        by_warehouse = {policy.warehouse_id: policy for policy in policies}
        for plan in self:
            plan.policy_id = by_warehouse.get(plan.warehouse_id, False)

    def _compute_task_stats(self):
        counts = defaultdict(int)
        done = defaultdict(int)
        for plan, state, count in self.env["logistics.count.task"]._read_group(
            [("plan_id", "in", self.ids)], ["plan_id", "state"], ["__count"]
        ):
            counts[plan] += count
            if state == "done":
                done[plan] += count
        for plan in self:
            plan.task_count = counts[plan]
            plan.done_task_count = done[plan]

    def _compute_accuracy(self):
        # the report is a view over lines and tasks: pending writes must reach it
        self.env.flush_all()
        groups = self.env["logistics.count.accuracy.report"]._read_group(
            [("plan_id", "in", self.ids)],
            ["plan_id"],
            [
                "__count",
                "hit_rate:avg",
                "quantity_accuracy:sum",
                "difference_value:sum",
                "absolute_difference_value:sum",
            ],
        )
        figures = {group[0]: group[1:] for group in groups}
        for plan in self:
            count, hit, accuracy, value, absolute = figures.get(plan, (0, 0.0, 0.0, 0.0, 0.0))
            plan.line_count = count
            plan.hit_rate = hit or 0.0
            plan.quantity_accuracy = accuracy or 0.0
            plan.difference_value = value or 0.0
            plan.absolute_difference_value = absolute or 0.0

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for plan in self:
            if plan.date_to < plan.date_from:
                raise ValidationError(self.env._("The plan ends before it starts."))

    def _working_days(self):
        """Days of the horizon worked by the company's calendar (the addon's one rule:
        resource.calendar._logistics_working_dates)."""
        self.ensure_one()
        calendar = self.warehouse_id.company_id.resource_calendar_id
        return sorted(calendar._logistics_working_dates(self.date_from, self.date_to)[False])

    def _location_needs(self, kept_tasks):
        """Every internal location of the warehouse holding stock, with the highest class it
        holds in this warehouse's ranking."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH stocked AS (
                SELECT DISTINCT q.location_id, q.product_id
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE l.usage = 'internal'
                   AND l.parent_path LIKE %(path)s
                   AND q.quantity > 0
            ), classes AS (
                SELECT pp.id AS product_id, %(class)s AS abc_class
                  FROM product_product pp
                 WHERE pp.id IN (SELECT product_id FROM stocked)
            )
            SELECT s.location_id, MIN(c.abc_class)
              FROM stocked s
              JOIN classes c ON c.product_id = s.product_id
             GROUP BY s.location_id
             ORDER BY s.location_id
            """,
                path=f"{self.warehouse_id.view_location_id.parent_path}%",
                **{"class": self.policy_id._class_sql("pp")},
            )
        )
        classes = dict(self.env.cr.fetchall())
        last_counted = {
            location.id: day
            for location, day in self.env["logistics.count.task"]._read_group(
                [
                    ("location_id", "in", list(classes)),
                    ("state", "=", "done"),
                    ("is_recount", "=", False),
                    # a confirmation at zero / low stock of one product among others is no
                    # count of the location (logistics_count_task_opportunistic.py)
                    "|",
                    ("is_opportunistic", "=", False),
                    ("credits_location", "=", True),
                ],
                ["location_id"],
                ["date_planned:max"],
            )
        }
        for task in kept_tasks:
            location_id = task.location_id.id
            last_counted[location_id] = max(
                task.date_planned, last_counted.get(location_id, task.date_planned)
            )
        policy = self.policy_id
        return [
            count_levelling.CountNeed(
                location_id, policy._counts_per_year(abc_class), last_counted.get(location_id)
            )
            for location_id, abc_class in classes.items()
        ], classes

    def action_plan(self):
        """(Re)plan the horizon: tasks done, started or edited by a person stay and count in
        the daily load."""
        for plan in self:
            plan._plan()
        return True

    def _plan(self):
        self.ensure_one()
        if not self.policy_id:
            raise UserError(
                self.env._(
                    "Warehouse %s has no count policy: create one first.", self.warehouse_id.name
                )
            )
        days = self._working_days()
        if not days:
            raise UserError(
                self.env._(
                    "No working day between %(start)s and %(end)s in the calendar of %(company)s: "
                    "widen the horizon or check the calendar.",
                    start=self.date_from,
                    end=self.date_to,
                    company=self.warehouse_id.company_id.name,
                )
            )
        tasks = self.task_ids.filtered(lambda task: not task.is_recount)
        kept = tasks.filtered(
            lambda task: task.state in KEPT_STATES
            or (task.state == "planned" and task.edited_by_hand)
        )
        (tasks - kept).filtered(lambda task: task.state == "planned").unlink()
        fixed_load = defaultdict(int)
        for task in kept:
            fixed_load[task.date_planned] += 1
        needs, classes = self._location_needs(kept)
        capacity = self.policy_id._total_daily_capacity()
        present = self.policy_id._storekeepers_present(days)
        capacities = self.policy_id._daily_capacities(present)
        result = count_levelling.plan_counts(needs, days, capacities, fixed_load)
        # Like Odoo's own bulk creations: no follower, creation message or "assigned to you"
        # e-mail per task (12 queries and one e-mail each); each storekeeper gets one summary.
        new_tasks = (
            self.env["logistics.count.task"]
            .with_context(**PLANNING_CONTEXT)
            .create(self._prepare_task_vals_list(result.assignments, classes, kept, present))
            .with_env(self.env)
        )
        loads = list(result.load.values())
        self.write(
            {
                "state": "planned",
                "working_day_count": len(days),
                "daily_capacity": capacity,
                "daily_average": result.daily_average,
                "daily_load_min": min(loads),
                "daily_load_max": max(loads),
                "unplaced_count": len(result.unplaced),
                "unplaced_note": self._unplaced_note(result.unplaced),
            }
        )
        self._log_planning(new_tasks, kept)
        self._notify_storekeepers(new_tasks | kept.filtered(lambda task: task.state == "planned"))

    def _log_planning(self, new_tasks, kept):
        """One note in the plan's chatter: what was planned and what a re-plan kept."""
        edited = kept.filtered(lambda task: task.state == "planned")
        self._message_log(
            body=self.env._(
                "%(planned)s counts planned. Kept: %(kept)s tasks, of which %(edited)s planned "
                "tasks a person had moved or reassigned and %(started)s started or done.",
                planned=len(new_tasks),
                kept=len(kept),
                edited=len(edited),
                started=len(kept - edited),
            )
        )

    def _notify_storekeepers(self, tasks):
        """One message per storekeeper for the whole plan, in their language, sent through the
        mail queue so that the manager's click does not wait on the mail server."""
        today = fields.Date.context_today(self)
        by_user = defaultdict(list)
        for task in tasks:
            if task.user_id:
                by_user[task.user_id].append(task.date_planned)
        for user, dates in by_user.items():
            plan = self.with_context(lang=user.lang)
            plan.message_notify(
                partner_ids=user.partner_id.ids,
                subject=plan.env._("Counts planned for you: %(plan)s", plan=self.name),
                body=plan.env._(
                    "%(count)s counts planned for you from %(first)s to %(last)s, %(today)s "
                    "today: see My counts today.",
                    count=len(dates),
                    first=format_date(plan.env, min(dates)),
                    last=format_date(plan.env, max(dates)),
                    today=dates.count(today),
                ),
                force_send=False,
            )

    def _prepare_task_vals_list(self, assignments, classes, kept, present):
        """Each count goes to the storekeeper present that day with the fewest counts that day,
        then overall (anyone of the team when nobody is known to be present)."""
        team = self.policy_id._storekeepers().ids
        day_load = defaultdict(int)
        total_load = defaultdict(int)
        for task in kept:
            day_load[task.date_planned, task.user_id.id] += 1
            total_load[task.user_id.id] += 1
        vals_list = []
        for assignment in assignments:
            user_id = False
            storekeepers = present.get(assignment.date, self.env["res.users"]).ids or team
            if storekeepers:
                user_id = min(
                    storekeepers,
                    key=lambda uid, d=assignment.date: (day_load[d, uid], total_load[uid], uid),
                )
                day_load[assignment.date, user_id] += 1
                total_load[user_id] += 1
            vals_list.append(
                {
                    "plan_id": self.id,
                    "company_id": self.company_id.id,
                    "warehouse_id": self.warehouse_id.id,
                    "location_id": assignment.key,
                    "date_planned": assignment.date,
                    "abc_class": classes[assignment.key],
                    "overdue": assignment.overdue,
                    "user_id": user_id,
                }
            )
        return vals_list

    def _unplaced_note(self, unplaced):
        if not unplaced:
            return False
        names = dict(
            self.env["stock.location"]
            .browse({item.key for item in unplaced})
            .mapped(lambda location: (location.id, location.complete_name))
        )
        lines = [
            self.env._(
                "%(count)s counts do not fit in the capacity of %(capacity)s counts a day (less "
                "on days storekeepers are away); raise the capacity, add storekeepers or widen "
                "the horizon.",
                count=len(unplaced),
                capacity=self.policy_id._total_daily_capacity(),
            )
        ]
        lines += [f"{names[item.key]} ({item.ideal_date})" for item in unplaced[:50]]
        if len(unplaced) > 50:
            lines.append(self.env._("... and %s more", len(unplaced) - 50))
        return "\n".join(lines)

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "industrial_logistics.logistics_count_task_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_view_pareto(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "industrial_logistics.logistics_count_accuracy_report_action_pareto"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        return action

    @api.constrains("date_from", "date_to")
    def _check_horizon(self):
        max_days = 731  # two years: a longer plan is a guess, and thousands of tasks at once
        for plan in self:
            if (plan.date_to - plan.date_from).days > max_days:
                raise ValidationError(
                    self.env._(
                        "A count plan covers at most %(days)s days: split a longer horizon.",
                        days=max_days,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_counted(self):
        """Counted lines are the accuracy history: a plan holding some is cancelled, not deleted."""
        counted = self.filtered(lambda plan: any(plan.task_ids.line_ids.mapped("is_counted")))
        if counted:
            raise UserError(
                self.env._(
                    "%(plans)s hold counted quantities, the history of the stock accuracy: "
                    "cancel the plan instead of deleting it.",
                    plans=", ".join(counted.mapped("name")),
                )
            )

    def action_cancel(self):
        """Stop a plan: its counts not started are cancelled, the counted ones stay (with their
        accuracy) and the ones under way finish as they are."""
        self.task_ids.filtered(
            lambda task: task.state == "planned" and not any(task.line_ids.mapped("is_counted"))
        ).write({"state": "cancelled"})
        self.write({"state": "cancelled"})
        return True
