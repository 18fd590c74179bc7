from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .logistics_count_policy import ABC_CLASSES
from .row_lock import lock_or_refuse

OPEN_STATES = ("planned", "in_progress")


class LogisticsCountTask(models.Model):
    """One location counted on one day by one storekeeper."""

    _name = "logistics.count.task"
    _description = "Cycle Count Task"
    _inherit = ["mail.thread"]
    _order = "date_planned, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    plan_id = fields.Many2one(
        "logistics.count.plan", ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    warehouse_id = fields.Many2one("stock.warehouse", required=True, check_company=True)
    location_id = fields.Many2one(
        "stock.location", required=True, index=True, check_company=True,
        domain="[('usage', '=', 'internal')]",
    )  # fmt: skip
    date_planned = fields.Date(required=True, index=True)
    user_id = fields.Many2one("res.users", "Storekeeper", index=True, tracking=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("in_progress", "In progress"),
            ("counted", "Counted"),
            ("recount", "Waiting for recount"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        index=True,
        tracking=True,
    )
    abc_class = fields.Selection(ABC_CLASSES, "Class", help="Highest class held by the location.")
    overdue = fields.Boolean(help="The location was due for a count before the horizon started.")
    edited_by_hand = fields.Boolean(
        readonly=True,
        copy=False,
        help="A person changed the storekeeper or the date: re-planning keeps the task.",
    )
    is_recount = fields.Boolean(readonly=True, index=True)
    recount_of_id = fields.Many2one(
        "logistics.count.task", "Recount of", readonly=True, ondelete="cascade", index=True
    )
    recount_task_ids = fields.One2many("logistics.count.task", "recount_of_id", "Recounts")
    line_ids = fields.One2many("logistics.count.line", "task_id", "Lines")
    location_confirmed = fields.Boolean(
        readonly=True, help="The storekeeper scanned the location: the count happens there."
    )
    date_started = fields.Datetime(readonly=True)
    date_counted = fields.Datetime(readonly=True)
    date_done = fields.Datetime(readonly=True)
    counter_id = fields.Many2one("res.users", "Counted by", readonly=True)
    decision_reason = fields.Text(
        "Manager decision",
        tracking=True,
        help="Why out-of-tolerance differences were posted without waiting for the recount.",
    )
    blind_count = fields.Boolean(compute="_compute_policy_fields")
    policy_id = fields.Many2one("logistics.count.policy", compute="_compute_policy_fields")

    @api.model_create_multi
    def create(self, vals_list):
        # a plan creates thousands of tasks at once: a "created" message and a follower each
        # would cost more than the tasks; the chatter tracks what happens to them afterwards
        return super(
            LogisticsCountTask,
            self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True),
        ).create(vals_list)

    def _check_company(self, fnames=None):
        """A plan creates thousands of tasks on a few companies: check each linked record
        once per company (Odoo checks it once per task), and let Odoo name any culprit."""
        if fnames is None or {"company_id", "company_ids"} & set(fnames):
            fnames = self._fields
        checked = [self._fields[name] for name in fnames]
        checked = [field for field in checked if field.relational and field.check_company]
        if len(self) < 2 or any(field.company_dependent for field in checked):
            return super()._check_company(fnames)
        for company, tasks in self.sudo().grouped("company_id").items():
            for field in checked:
                linked = tasks[field.name].with_context(active_test=False)
                domain = linked and linked._check_company_domain(company)
                if domain and linked.filtered_domain(domain) != linked:
                    return super()._check_company(fnames)
        return None

    def write(self, vals):
        # planning creates tasks and never moves or reassigns them: whoever does made a
        # decision that re-planning keeps
        if {"user_id", "date_planned"} & vals.keys():
            vals = dict(vals, edited_by_hand=True)
        return super().write(vals)

    @api.depends("location_id", "date_planned", "is_recount")
    def _compute_name(self):
        for task in self:
            prefix = self.env._("Recount") if task.is_recount else self.env._("Count")
            task.name = f"{prefix} {task.location_id.name or ''} {task.date_planned or ''}".strip()

    @api.depends("warehouse_id")
    def _compute_policy_fields(self):
        policies = self.env["logistics.count.policy"].search(
            [("warehouse_id", "in", self.warehouse_id.ids)]
        )
        by_warehouse = {policy.warehouse_id: policy for policy in policies}
        for task in self:
            policy = by_warehouse.get(task.warehouse_id, self.env["logistics.count.policy"])
            task.policy_id = policy
            task.blind_count = policy.blind_count

    # -- counting -------------------------------------------------------------------------

    def action_start(self):
        """Snapshot what the books say is in the location now, one line per quant key (product,
        lot, package, owner): the expected quantities, until each product is counted."""
        self._check_counting()
        self._lock_for_counting()
        to_start = self.filtered(lambda task: task.state == "planned")
        if not to_start:
            return True
        # sudo(): the checks above passed; storekeepers read the tasks but change them only here
        to_start = to_start.sudo()
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [("location_id", "in", to_start.location_id.ids)],
                ["location_id", "product_id", "lot_id", "package_id", "owner_id"],
                ["quantity:sum"],
            )
        )
        new_lines = []
        for task in to_start:
            if task.is_recount:
                task.line_ids._snapshot_book()
                continue
            new_lines += [
                {
                    "task_id": task.id,
                    "product_id": product.id,
                    "lot_id": lot.id,
                    "package_id": package.id,
                    "owner_id": owner.id,
                    "theoretical_qty": quantity,
                }
                for location, product, lot, package, owner, quantity in groups
                if location == task.location_id and quantity
            ]
        self.env["logistics.count.line"].sudo().create(new_lines)
        to_start.write({"state": "in_progress", "date_started": fields.Datetime.now()})
        return True

    def _lock_for_counting(self):
        """Two handhelds acting on one task at once give one result: the second is told the task
        is busy (and the web client's retry of a serialization failure sees the first's result)."""
        lock_or_refuse(
            self,
            self.env._("Someone else is saving this count right now; try again in a moment."),
        )
        # decide on the lines in the database under the lock too, not on what was read before
        self.line_ids.invalidate_recordset()

    def _check_counting(self):
        """Who may count this task now: a storekeeper of its company, the assignee (or a
        manager), never the first counter on a recount."""
        if not self.env.user.has_group("industrial_logistics.group_logistics_storekeeper"):
            raise AccessError(self.env._("Only storekeepers count stock."))
        self.check_access("read")  # the company's record rule
        is_manager = self.env.user.has_group("industrial_logistics.group_logistics_manager")
        for task in self:
            if task.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "%(task)s is %(state)s: it cannot be counted any more.",
                        task=task.name,
                        state=task._state_label(),
                    )
                )
            if task.is_recount and task.recount_of_id.counter_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You made the first count of %(location)s: the recount must be made by "
                        "someone else.",
                        location=task.location_id.complete_name,
                    )
                )
            if task.user_id and task.user_id != self.env.user and not is_manager:
                raise UserError(self.env._("%s is assigned to someone else.", task.name))

    @api.constrains("user_id", "recount_of_id")
    def _check_recounter(self):
        for task in self:
            if (
                task.recount_of_id
                and task.user_id
                and task.user_id == task.recount_of_id.counter_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s made the first count: assign the recount to someone else.",
                        user=task.user_id.name,
                    )
                )

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def action_set_counted_qty(self, line_id, quantity):
        """The quantity found on the shelf; the books are read at this moment (see the line)."""
        self.ensure_one()
        self._check_counting()
        self._lock_for_counting()
        self._check_counting()  # again: the state may have changed before the lock
        line = self.line_ids.filtered(lambda line: line.id == line_id)
        if not line:
            raise UserError(self.env._("This line is not on your task."))
        line._check_quantity_sane(quantity)
        # sudo(): checked above; count lines are read-only to storekeepers outside this action
        line.sudo().counted_qty = quantity
        return True

    def action_submit(self):
        """Close the count: post what is within tolerance, send the rest to a recount."""
        self._check_counting()
        self._lock_for_counting()
        self._check_counting()  # again: another handheld may have submitted before the lock
        for task in self:
            if not task.location_confirmed:
                raise UserError(
                    self.env._("Scan the location %s first.", task.location_id.complete_name)
                )
            missing = task.line_ids.filtered(lambda line: not line.is_counted)
            if missing:
                raise UserError(
                    self.env._(
                        "Type a quantity for every product (0 if there is none): %s",
                        ", ".join(missing.product_id.mapped("display_name")),
                    )
                )
        # sudo(): every check is done; storekeepers change tasks, lines and stock only here
        self.sudo()._submit()
        return True

    def _submit(self):
        now = fields.Datetime.now()
        self.write({"state": "counted", "date_counted": now, "counter_id": self.env.uid})
        self.line_ids.write({"counter_id": self.env.uid, "date_counted": now})
        self.line_ids._set_cost_and_tolerance()
        recounts = self.filtered("is_recount")
        firsts = self - recounts
        if recounts:
            recounts.line_ids._post()
            originals = recounts.recount_of_id
            originals.line_ids.filtered(lambda line: not line.posted).write(
                {"resolution": "recounted"}
            )
            (recounts | originals).write({"state": "done", "date_done": now})
        to_post = firsts.line_ids.filtered("within_tolerance")
        to_post._post()
        out = firsts.line_ids - to_post
        out.write({"resolution": "recount"})
        out.task_id._create_recounts(out)
        (firsts - out.task_id).write({"state": "done", "date_done": now})

    def _create_recounts(self, lines):
        """Lines out of tolerance go to another storekeeper (none: unassigned, for a manager)."""
        vals_list = []
        today = fields.Date.context_today(self)
        for task in self:
            others = (
                task.policy_id._storekeepers() - self.env.user - task.user_id - task.counter_id
                if task.policy_id
                else []
            )
            task_lines = lines.filtered(lambda line, t=task: line.task_id == t)
            vals_list.append(
                {
                    "plan_id": task.plan_id.id,
                    "company_id": task.company_id.id,
                    "warehouse_id": task.warehouse_id.id,
                    "location_id": task.location_id.id,
                    "date_planned": today,
                    "abc_class": task.abc_class,
                    "is_recount": True,
                    "recount_of_id": task.id,
                    "user_id": others[0].id if others else False,
                    "line_ids": [
                        fields.Command.create(
                            {
                                "product_id": line.product_id.id,
                                "lot_id": line.lot_id.id,
                                "package_id": line.package_id.id,
                                "owner_id": line.owner_id.id,
                            }
                        )
                        for line in task_lines
                    ],
                }
            )
        self.write({"state": "recount"})
        return self.create(vals_list)

    def action_post_without_recount(self):
        """A manager accepts the first count as it is, and says why."""
        if not self.env.user.has_group("industrial_logistics.group_logistics_manager"):
            raise UserError(self.env._("Only a supply-chain manager can post without a recount."))
        self.check_access("write")
        self._lock_for_counting()
        for task in self:
            if task.state != "recount":
                raise UserError(self.env._("%s is not waiting for a recount.", task.name))
            if not (task.decision_reason or "").strip():
                raise UserError(self.env._("Write the reason for posting without a recount."))
        lines = self.line_ids.filtered(lambda line: not line.posted)
        lines.write({"resolution": "manager"})  # before posting: a posted line is frozen
        lines._post()
        self.recount_task_ids.filtered(lambda task: task.state in OPEN_STATES).write(
            {"state": "cancelled"}
        )
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_cancel(self):
        self._lock_for_counting()
        for task in self:
            if task.state in ("done", "cancelled"):
                raise UserError(self.env._("%s is already closed.", task.name))
            if any(task.line_ids.mapped("is_counted")):
                raise UserError(
                    self.env._(
                        "%s has counted lines: submit the count (or let a manager decide) "
                        "instead of cancelling it.",
                        task.name,
                    )
                )
        self.write({"state": "cancelled"})
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_except_counted(self):
        counted = self.filtered(lambda task: any(task.line_ids.mapped("is_counted")))
        if counted:
            raise UserError(
                self.env._(
                    "%(tasks)s hold counted quantities, the history of the stock accuracy: "
                    "cancel the task (or let it finish) instead of deleting it.",
                    tasks=", ".join(counted.mapped("name")),
                )
            )
