from collections import defaultdict
from datetime import timedelta

from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_is_zero, formatLang


class LogisticsCountTask(models.Model):
    """Opportunistic counts: a pick (or a drop) that leaves a location empty or low asks the
    picker to confirm what is left. The confirmation is a count task of its own, submitted
    through the cycle counts' path (a difference posts, or goes to a recount, exactly as a
    cycle count's), and credited to the count plan: the location need not be counted again
    in its period."""

    _inherit = "logistics.count.task"

    is_opportunistic = fields.Boolean(
        "Counted at zero / low stock",
        readonly=True,
        index=True,
        help="Confirmed by the picker when a pick left the location empty or low.",
    )
    credits_location = fields.Boolean(
        "Counts for the plan",
        readonly=True,
        help="The confirmation covered everything the location held: it counts as the "
        "location's cycle count for its period.",
    )
    credited_by_id = fields.Many2one(
        "logistics.count.task",
        "Replaced by the count at zero / low stock",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    @api.depends("location_id", "date_planned", "is_recount", "is_opportunistic")
    def _compute_name(self):
        result = super()._compute_name()
        for task in self.filtered("is_opportunistic"):
            prefix = self.env._("Count at zero / low stock")
            task.name = f"{prefix} {task.location_id.name or ''} {task.date_planned or ''}".strip()
        return result

    @api.model
    def _low_stock_checks(self, move_lines):
        """The (product, location) pairs these done move lines left empty or low, for the
        picker to confirm: [{location_id, product_id, location, product, uom, book_qty,
        empty, blind}]. Read with sudo(): called by the screens' checked actions, and a driver
        or operator may have no right on quants."""
        move_lines = move_lines.sudo().filtered(
            lambda ml: ml.state == "done"
            and ml.location_id.usage == "internal"
            and ml.product_id.is_storable
        )
        picked = defaultdict(float)
        for line in move_lines:
            picked[line.product_id, line.location_id] += line.quantity_product_uom
        if not picked:
            return []
        books, confirmed_today = self._books_after_pick(move_lines)
        checks = []
        for (product, location), quantity in picked.items():
            left = books.get((product, location), 0.0)
            if (product, location) in confirmed_today or not location.warehouse_id:
                continue
            policy = self._opportunistic_policy(location)
            abc_class = policy._product_classes([product.id])[product.id] if policy else "C"
            rounding = product.uom_id.rounding
            if not policy._is_low_stock(abc_class, left, left + quantity, rounding):
                continue
            checks.append(
                {
                    "location_id": location.id,
                    "product_id": product.id,
                    "location": location.barcode or location.name,
                    "product": product.default_code or product.display_name,
                    "uom": product.uom_id.name,
                    "book_qty": left,
                    "empty": float_is_zero(max(left, 0.0), precision_rounding=rounding),
                    "blind": policy.blind_count,
                }
            )
        return checks

    def _books_after_pick(self, move_lines):
        """What the books hold now of each (product, location) of these lines, and the pairs
        already confirmed today (not asked twice), in two queries."""
        books = {
            (product, location): quantity
            for location, product, quantity in self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("location_id", "in", move_lines.location_id.ids),
                    ("product_id", "in", move_lines.product_id.ids),
                ],
                ["location_id", "product_id"],
                ["quantity:sum"],
            )
        }
        confirmed_today = {
            (line.product_id, line.location_id)
            for line in self.env["logistics.count.line"]
            .sudo()
            .search(
                [
                    ("task_id.is_opportunistic", "=", True),
                    ("task_id.date_planned", "=", fields.Date.context_today(self)),
                    ("location_id", "in", move_lines.location_id.ids),
                ]
            )
        }
        return books, confirmed_today

    @api.model
    def _opportunistic_policy(self, location):
        return (
            self.env["logistics.count.policy"]
            .sudo()
            .search([("warehouse_id", "=", location.warehouse_id.id)], limit=1)
        )

    @api.model
    def action_confirm_remaining(self, location_id, product_id, quantity):
        """The picker says what is left of a product in a location (0: it is empty). A count
        task of one line, counted now under a lock on the quants (no move is lost between the
        books read and the posting), submitted as a cycle count's: a storekeeper's difference
        posts within tolerance, an operator's always goes to a storekeeper's recount."""
        user = self.env.user
        if not user.has_group("industrial_logistics.group_logistics_operator"):
            raise AccessError(self.env._("Only the logistics team confirms what is left."))
        location = self.env["stock.location"].sudo().browse(location_id).exists()
        product = self.env["product.product"].sudo().browse(product_id).exists()
        if not location or location.usage != "internal" or not location.warehouse_id:
            raise UserError(self.env._("This is not a stock location of a warehouse."))
        if location.company_id not in self.env.companies:
            raise AccessError(self.env._("This location belongs to another company."))
        if not product or not product.is_storable:
            raise UserError(self.env._("This product is not stocked: it cannot be counted."))
        self.env["logistics.count.line"].new({"product_id": product.id})._check_quantity_sane(
            quantity
        )
        self._lock_quants_for_confirmation(product, location)
        # sudo(): the role, company and quantity are checked above; pickers have no right to
        # create count tasks, and a storekeeper's submission posts as a cycle count does
        task = self.sudo().create(self._prepare_opportunistic_vals(product, location, quantity))
        if user.has_group("industrial_logistics.group_logistics_storekeeper"):
            task._submit()
        else:
            task._submit_for_recount()
        if task.credits_location:
            task._credit_planned_counts()
        return task._confirmation_answer()

    def _lock_quants_for_confirmation(self, product, location):
        """Lock the quants of the product in the location until the confirmation commits: a
        move done meanwhile waits and then applies on the posted figure. A move under way now
        refuses the confirmation (try again) rather than waiting on the handheld."""
        self.env["stock.quant"].flush_model()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM stock_quant WHERE product_id = %s AND location_id = %s "
                        "FOR UPDATE NOWAIT",
                        product.id,
                        location.id,
                    ),
                    log_exceptions=False,  # a busy quant is expected: the user is told
                )
        except LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "%(product)s is being moved in %(location)s right now: confirm again in a "
                    "moment.",
                    product=product.display_name,
                    location=location.display_name,
                )
            ) from error
        self.env["stock.quant"].invalidate_model()

    def _prepare_opportunistic_vals(self, product, location, quantity):
        now = fields.Datetime.now()
        others = (
            self.env["stock.quant"]
            .sudo()
            .search_count(
                [
                    ("location_id", "=", location.id),
                    ("product_id", "!=", product.id),
                    ("quantity", ">", 0),
                ],
                limit=1,
            )
        )
        policy = self._opportunistic_policy(location)
        return {
            "company_id": location.company_id.id,
            "warehouse_id": location.warehouse_id.id,
            "location_id": location.id,
            "date_planned": fields.Date.context_today(self),
            "user_id": self.env.uid,
            "state": "in_progress",
            "date_started": now,
            "location_confirmed": True,
            "is_opportunistic": True,
            "credits_location": not others,
            "abc_class": policy._product_classes([product.id])[product.id] if policy else "C",
            # counted_qty without theoretical_qty: the line reads the books now, under the lock
            "line_ids": [
                fields.Command.create({"product_id": product.id, "counted_qty": quantity})
            ],
        }

    def _submit_for_recount(self):
        """An operator's confirmation: it agrees with the books (closed), or its difference
        waits for a storekeeper's recount; an operator posts no stock."""
        now = fields.Datetime.now()
        self.write({"state": "counted", "date_counted": now, "counter_id": self.env.uid})
        self.line_ids.write({"counter_id": self.env.uid, "date_counted": now})
        self.line_ids._set_cost_and_tolerance()
        different = self.line_ids.filtered(
            lambda line: not float_is_zero(
                line.difference_qty, precision_rounding=line.product_uom_id.rounding
            )
        )
        if different:
            different.write({"resolution": "recount"})
            self._create_recounts(different)
        else:
            self.write({"state": "done", "date_done": now})

    def _credit_planned_counts(self):
        """The location is counted: its cycle counts planned within one count interval of its
        class (365 / counts a year, calendar days) and not started are not needed any more."""
        self.ensure_one()
        policy = self.policy_id
        counts = policy._counts_per_year(self.abc_class) if policy else 0
        if not counts:
            return
        until = self.date_planned + timedelta(days=365 / counts)
        planned = self.search(
            [
                ("location_id", "=", self.location_id.id),
                ("state", "=", "planned"),
                ("is_recount", "=", False),
                ("is_opportunistic", "=", False),
                ("date_planned", "<", until),
            ]
        ).filtered(lambda task: not any(task.line_ids.mapped("is_counted")))
        planned.write({"state": "cancelled", "credited_by_id": self.id})

    def _confirmation_answer(self):
        """What the handheld shows: {status, message, task_id}."""
        self.ensure_one()
        line = self.line_ids[:1]
        figures = {
            "product": line.product_id.display_name,
            "location": self.location_id.display_name,
            "difference": formatLang(self.env, line.difference_qty, dp="Product Unit of Measure"),
            "uom": line.product_uom_id.name,
        }
        if float_is_zero(line.difference_qty, precision_rounding=line.product_uom_id.rounding):
            message = self.env._("Thank you: %(product)s at %(location)s is confirmed.", **figures)
            status = "ok"
        elif line.posted:
            message = self.env._(
                "%(product)s at %(location)s: the difference of %(difference)s %(uom)s is posted.",
                **figures,
            )
            status = "warning"
        else:
            message = self.env._(
                "%(product)s at %(location)s: a difference of %(difference)s %(uom)s; a "
                "storekeeper recounts it.",
                **figures,
            )
            status = "warning"
        return {"status": status, "message": message, "task_id": self.id}
