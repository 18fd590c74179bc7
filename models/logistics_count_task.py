from odoo import api, fields, models
from odoo.exceptions import UserError

from .logistics_count_policy import ABC_CLASSES

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
        """Snapshot what the books say is in the location now: the theoretical quantities."""
        to_start = self.filtered(lambda task: task.state == "planned")
        if not to_start:
            return True
        groups = self.env["stock.quant"]._read_group(
            [("location_id", "in", to_start.location_id.ids)],
            ["location_id", "product_id", "lot_id"],
            ["quantity:sum"],
        )
        book = {(loc.id, product.id, lot.id): qty for loc, product, lot, qty in groups}
        new_lines = []
        for task in to_start:
            if task.is_recount:
                for line in task.line_ids:
                    line.theoretical_qty = book.get(
                        (task.location_id.id, line.product_id.id, line.lot_id.id), 0.0
                    )
                continue
            for (location_id, product_id, lot_id), quantity in book.items():
                if location_id == task.location_id.id and quantity:
                    new_lines.append(
                        {
                            "task_id": task.id,
                            "product_id": product_id,
                            "lot_id": lot_id or False,
                            "theoretical_qty": quantity,
                        }
                    )
        self.env["logistics.count.line"].create(new_lines)
        to_start.write({"state": "in_progress", "date_started": fields.Datetime.now()})
        return True

    def _check_counting(self):
        for task in self:
            if task.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "%(task)s is %(state)s: it cannot be counted any more.",
                        task=task.name,
                        state=task._state_label(),
                    )
                )
            if (
                task.user_id
                and task.user_id != self.env.user
                and not self.env.user.has_group("industrial_logistics.group_logistics_manager")
            ):
                raise UserError(self.env._("%s is assigned to someone else.", task.name))

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def action_scan(self, barcode):
        """One scan on the handheld: the location first, then products or lots."""
        self.ensure_one()
        self._check_counting()
        barcode = (barcode or "").strip()
        if not barcode:
            raise UserError(self.env._("Nothing was scanned."))
        location = self.env["stock.location"].search(
            ["|", ("barcode", "=", barcode), ("complete_name", "=", barcode)], limit=1
        ) or self.env["stock.location"].search([("name", "=", barcode)], limit=1)
        if location:
            if location != self.location_id:
                raise UserError(
                    self.env._(
                        "Location %(scanned)s is not on your task: count %(expected)s.",
                        scanned=location.complete_name,
                        expected=self.location_id.complete_name,
                    )
                )
            self.action_start()
            self.location_confirmed = True
            return {"message": self.env._("Location %s: scan the products.", location.name)}
        if not self.location_confirmed:
            raise UserError(
                self.env._("Scan the location %s first.", self.location_id.complete_name)
            )
        lot = self.env["stock.lot"]
        product = self.env["product.product"].search(
            ["|", ("barcode", "=", barcode), ("default_code", "=", barcode)], limit=1
        )
        if not product:
            lot = self.env["stock.lot"].search(
                [("name", "=", barcode), ("company_id", "in", [False, self.company_id.id])], limit=1
            )
            product = lot.product_id
        if not product:
            raise UserError(self.env._("Nothing is known under the barcode %s.", barcode))
        line = self._find_or_add_line(product, lot)
        return {
            "message": self.env._("%s: type the quantity.", product.display_name),
            "line_id": line.id,
        }

    def _find_or_add_line(self, product, lot):
        """The line of this product / lot, or a new one for a product not expected here."""
        self.ensure_one()
        if not product.is_storable:
            raise UserError(
                self.env._(
                    "%s is not a stocked product: it cannot be counted.", product.display_name
                )
            )
        lines = self.line_ids.filtered(lambda line: line.product_id == product)
        if lot:
            line = lines.filtered(lambda line: line.lot_id == lot)[:1]
        else:
            if product.tracking != "none" and len(lines) != 1:
                raise UserError(
                    self.env._(
                        "%s is tracked: scan its lot or serial number.", product.display_name
                    )
                )
            line = lines[:1]
        if not line:
            theoretical = sum(
                self.env["stock.quant"]
                .search(
                    [
                        ("location_id", "=", self.location_id.id),
                        ("product_id", "=", product.id),
                        ("lot_id", "=", lot.id or False),
                    ]
                )
                .mapped("quantity")
            )
            line = self.env["logistics.count.line"].create(
                {
                    "task_id": self.id,
                    "product_id": product.id,
                    "lot_id": lot.id or False,
                    "theoretical_qty": theoretical,
                    "unexpected": True,
                }
            )
        return line

    def action_set_counted_qty(self, line_id, quantity):
        self.ensure_one()
        self._check_counting()
        line = self.line_ids.filtered(lambda line: line.id == line_id)
        if not line:
            raise UserError(self.env._("This line is not on your task."))
        line.counted_qty = quantity
        return True

    def action_submit(self):
        """Close the count: post what is within tolerance, send the rest to a recount."""
        self._check_counting()
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
        return True

    def _create_recounts(self, lines):
        """Lines out of tolerance go to another storekeeper (none: unassigned, for a manager)."""
        vals_list = []
        today = fields.Date.context_today(self)
        for task in self:
            others = (
                task.policy_id._storekeepers() - self.env.user - task.user_id
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
                            {"product_id": line.product_id.id, "lot_id": line.lot_id.id}
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
        for task in self:
            if task.state != "recount":
                raise UserError(self.env._("%s is not waiting for a recount.", task.name))
            if not (task.decision_reason or "").strip():
                raise UserError(self.env._("Write the reason for posting without a recount."))
        lines = self.line_ids.filtered(lambda line: not line.posted)
        lines._post()
        lines.write({"resolution": "manager"})
        self.recount_task_ids.filtered(lambda task: task.state in OPEN_STATES).write(
            {"state": "cancelled"}
        )
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_cancel(self):
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

    # -- handheld screen ------------------------------------------------------------------

    @api.model
    def get_my_counts_today(self):
        """Tasks of the current user due today or earlier and not closed, for the handheld."""
        tasks = self.search(
            [
                ("user_id", "=", self.env.uid),
                ("state", "in", OPEN_STATES),
                ("date_planned", "<=", fields.Date.context_today(self)),
            ]
        )
        return [
            {
                "id": task.id,
                "name": task.name,
                "location": task.location_id.complete_name,
                "state": task.state,
                "is_recount": task.is_recount,
                "overdue": task.overdue or task.date_planned < fields.Date.context_today(self),
            }
            for task in tasks
        ]

    def get_count_screen_data(self):
        self.ensure_one()
        blind = self.blind_count
        return {
            "id": self.id,
            "name": self.name,
            "state": self.state,
            "location": self.location_id.complete_name,
            "location_confirmed": self.location_confirmed,
            "blind": blind,
            "is_recount": self.is_recount,
            "recounts": [
                {"name": task.name, "user": task.user_id.name or ""}
                for task in self.recount_task_ids
            ],
            "lines": [
                {
                    "id": line.id,
                    "product": line.product_id.display_name,
                    "lot": line.lot_id.name or "",
                    "uom": line.product_uom_id.name,
                    # blind count (and recounts): the storekeeper must not be anchored
                    "theoretical_qty": False if blind or self.is_recount else line.theoretical_qty,
                    "counted_qty": line.counted_qty if line.is_counted else False,
                    "is_counted": line.is_counted,
                    "unexpected": line.unexpected,
                }
                for line in self.line_ids
            ],
        }
