import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_is_zero, float_round

from .logistics_count_policy import ABC_CLASSES

# No bin holds a billion of anything in its stock unit: beyond this a typed figure is a scan
# (a barcode typed in the quantity field) or a slip, not a count.
MAX_COUNTED_QTY = 1e9


class LogisticsCountLine(models.Model):
    """One product (or lot) counted in one location: the facts the accuracy KPIs read."""

    _name = "logistics.count.line"
    _description = "Cycle Count Line"
    _order = "task_id, id"
    _check_company_auto = True

    task_id = fields.Many2one("logistics.count.task", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="task_id.company_id", store=True, index=True)
    location_id = fields.Many2one(related="task_id.location_id", store=True, index=True)
    abc_class = fields.Selection(
        ABC_CLASSES, "Class", readonly=True, help="The product's class when the line was created."
    )
    product_id = fields.Many2one("product.product", required=True, index=True, check_company=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id")
    lot_id = fields.Many2one(
        "stock.lot", "Lot / serial", check_company=True, domain="[('product_id', '=', product_id)]"
    )
    package_id = fields.Many2one(
        "stock.quant.package", "Package", readonly=True, check_company=True,
        help="Stock in a package is counted and posted on the package's own quant.",
    )  # fmt: skip
    owner_id = fields.Many2one(
        "res.partner", "Owner", readonly=True,
        help="Stock owned by a partner (consignment) is counted and posted on its own quant.",
    )  # fmt: skip
    theoretical_qty = fields.Float(
        "Theoretical quantity", digits="Product Unit of Measure", readonly=True,
        help="What the books held for this product (lot, package, owner) in the location when "
        "it was counted; until then, what they held when the count started.",
    )  # fmt: skip
    counted_qty = fields.Float("Counted quantity", digits="Product Unit of Measure")
    is_counted = fields.Boolean("Counted", readonly=True)
    counted_at = fields.Datetime(
        "Quantity typed at", readonly=True,
        help="The moment the quantity was counted: the books are read at that moment, so a move "
        "done before it is in both figures and a move done after it in neither.",
    )  # fmt: skip
    difference_qty = fields.Float(
        "Difference", compute="_compute_difference", store=True, digits="Product Unit of Measure"
    )
    unit_cost = fields.Float(readonly=True, help="Unit cost when the count was submitted.")
    difference_value = fields.Float(
        "Value of difference", compute="_compute_difference", store=True
    )
    tolerance_percent = fields.Float("Tolerance (± %)", readonly=True)
    within_tolerance = fields.Boolean(compute="_compute_difference", store=True)
    counter_id = fields.Many2one("res.users", "Counted by", readonly=True, index=True)
    date_counted = fields.Datetime(readonly=True, index=True)
    unexpected = fields.Boolean(readonly=True, help="Found in the location but not expected there.")
    posted = fields.Boolean(readonly=True, help="The difference went into stock.")
    resolution = fields.Selection(
        [
            ("recount", "Waiting for recount"),
            ("recounted", "Replaced by the recount"),
            ("manager", "Posted by manager decision"),
        ],
        readonly=True,
    )

    _sql_constraints = [
        (
            "counted_not_negative",
            "CHECK(counted_qty >= 0)",
            "A counted quantity cannot be negative.",
        ),
    ]

    @api.depends("theoretical_qty", "counted_qty", "is_counted", "unit_cost", "tolerance_percent")
    def _compute_difference(self):
        for line in self:
            rounding = line.product_id.uom_id.rounding or 0.01
            difference = line.counted_qty - line.theoretical_qty if line.is_counted else 0.0
            line.difference_qty = difference
            line.difference_value = difference * line.unit_cost
            allowed = abs(line.theoretical_qty) * line.tolerance_percent / 100.0
            line.within_tolerance = line.is_counted and (
                float_compare(abs(difference), allowed, precision_rounding=rounding) <= 0
            )

    @api.constrains("counted_qty", "product_id")
    def _check_counted_qty(self):
        for line in self.filtered("is_counted"):
            line._check_quantity_sane(line.counted_qty)

    def _check_quantity_sane(self, quantity):
        """A counted quantity must be one a storekeeper can find on a shelf, in the product's
        unit: a number, not negative, not beyond any bin, in steps of the unit's rounding."""
        self.ensure_one()
        product = self.product_id.display_name
        if isinstance(quantity, bool) or not isinstance(quantity, int | float):
            raise ValidationError(
                self.env._("%(product)s: type the counted quantity as a number.", product=product)
            )
        if math.isnan(quantity) or math.isinf(quantity):
            raise ValidationError(
                self.env._("%(product)s: the counted quantity must be a number.", product=product)
            )
        if quantity < 0:
            raise ValidationError(self.env._("A counted quantity cannot be negative."))
        uom = self.product_uom_id
        if quantity > MAX_COUNTED_QTY:
            raise ValidationError(
                self.env._(
                    "%(product)s: %(quantity)s %(uom)s cannot be in one location: check the "
                    "figure (a barcode typed in the quantity?).",
                    product=product,
                    quantity=quantity,
                    uom=uom.name,
                )
            )
        rounding = uom.rounding or 0.01
        if float_compare(
            float_round(quantity, precision_rounding=rounding), quantity, precision_digits=9
        ):
            raise ValidationError(
                self.env._(
                    "%(product)s is counted in %(uom)s by steps of %(step)s: %(quantity)s is not "
                    "a quantity that can be on the shelf.",
                    product=product,
                    uom=uom.name,
                    step=rounding,
                    quantity=quantity,
                )
            )

    @api.constrains("product_id", "lot_id")
    def _check_product(self):
        for line in self:
            if not line.product_id.is_storable:
                raise ValidationError(
                    self.env._(
                        "%s is not a stocked product: it cannot be counted.",
                        line.product_id.display_name,
                    )
                )
            if line.product_id.tracking != "none" and not line.lot_id and line.unexpected:
                raise ValidationError(
                    self.env._(
                        "%s is tracked: scan its lot or serial number.",
                        line.product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        # The product's class in the task's warehouse (its policy's ranking), one query per policy.
        to_class = [
            vals for vals in vals_list if not vals.get("abc_class") and vals.get("product_id")
        ]
        tasks = self.env["logistics.count.task"].browse({vals.get("task_id") for vals in to_class})
        policy_by_task = {task.id: task.policy_id for task in tasks}
        classes = {}
        for policy in set(policy_by_task.values()):
            product_ids = {
                vals["product_id"]
                for vals in to_class
                if policy_by_task.get(vals.get("task_id")) == policy
            }
            # a warehouse without policy has no ranking: every product is C there
            classes[policy] = (
                policy._product_classes(product_ids) if policy else dict.fromkeys(product_ids, "C")
            )
        for vals in to_class:
            vals["abc_class"] = classes[policy_by_task[vals["task_id"]]][vals["product_id"]]
        now = fields.Datetime.now()
        for vals in vals_list:
            if "counted_qty" in vals:
                vals.update(is_counted=True, counted_at=vals.get("counted_at") or now)
        lines = super().create(vals_list)
        # counted without a book figure given: the books of this moment
        lines.browse(
            line.id
            for line, vals in zip(lines, vals_list, strict=True)
            if "counted_qty" in vals and "theoretical_qty" not in vals
        )._snapshot_book()
        return lines

    def write(self, vals):
        if not self.env.su and any(line.posted for line in self):
            raise AccessError(
                self.env._(
                    "A posted count is an audit record: it cannot be changed. Count the location "
                    "again if the stock is wrong."
                )
            )
        if "counted_qty" not in vals:
            return super().write(vals)
        for line in self:
            line._check_quantity_sane(vals["counted_qty"])
        result = super().write(dict(vals, is_counted=True, counted_at=fields.Datetime.now()))
        if "theoretical_qty" not in vals:
            self._snapshot_book()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if not self.env.su and any(line.posted for line in self):
            raise UserError(
                self.env._(
                    "A posted count line is an audit record: it cannot be deleted. Cancel or "
                    "archive what is no longer needed instead."
                )
            )

    def _book_key(self):
        self.ensure_one()
        return (
            self.location_id.id,
            self.product_id.id,
            self.lot_id.id,
            self.package_id.id,
            self.owner_id.id,
        )

    def _book_quantities(self):
        """{(location, product, lot, package, owner): quantity} the books hold now for these
        lines, in one query.

        Read with sudo(): it is called by the count actions after their checks, and a
        storekeeper counts stock he has no other right to read.
        """
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("location_id", "in", self.location_id.ids),
                    ("product_id", "in", self.product_id.ids),
                ],
                ["location_id", "product_id", "lot_id", "package_id", "owner_id"],
                ["quantity:sum"],
            )
        )
        return {
            (location.id, product.id, lot.id, package.id, owner.id): quantity
            for location, product, lot, package, owner, quantity in groups
        }

    def _snapshot_book(self):
        """The theoretical quantity is what the books hold at the moment the product is counted."""
        book = self._book_quantities()
        for quantity, lines in self.grouped(lambda line: book.get(line._book_key(), 0.0)).items():
            lines.write({"theoretical_qty": quantity})

    def _set_cost_and_tolerance(self):
        """The class tolerance and the unit cost that apply are those of the submission."""
        for (company, policy, abc_class), lines in self.grouped(
            lambda line: (line.company_id, line.task_id.policy_id, line.abc_class)
        ).items():
            tolerance = policy._tolerance(abc_class) if policy else 0.0
            for cost, same_cost in lines.grouped(
                lambda line, c=company: line.product_id.with_company(c).standard_price
            ).items():
                same_cost.write({"unit_cost": cost, "tolerance_percent": tolerance})

    def _post(self):
        """Post each difference (counted - books when counted) on its own quant through Odoo's
        inventory adjustment: the quant is set to what it holds *now* plus that difference, so
        the posted quantity is the counted one plus the moves done after the count, never
        minus the moves done between the location scan and the count.

        Quants are read and adjusted with sudo(): the count actions call this after checking
        the state, the assignee and the company, and a storekeeper has no right on quants. The
        inventory quantity is written and applied directly rather than through the
        `inventory_mode` context, which Odoo honours only for Inventory users: a storekeeper
        without that role would otherwise store a target that no move ever applies.
        """
        lines = self.filtered(lambda line: not line.posted)
        if not lines:
            return
        Quant = self.env["stock.quant"].sudo()
        quants = Quant.search(
            [
                ("location_id", "in", lines.location_id.ids),
                ("product_id", "in", lines.product_id.ids),
            ],
            order="quantity desc, id",
        )
        by_key = {}
        for quant in quants:  # the largest quant of each key takes the difference
            key = (
                quant.location_id.id,
                quant.product_id.id,
                quant.lot_id.id,
                quant.package_id.id,
                quant.owner_id.id,
            )
            by_key.setdefault(key, quant)
        targets = {}
        for line in lines:
            if float_is_zero(line.difference_qty, precision_rounding=line.product_uom_id.rounding):
                continue
            quant = by_key.get(line._book_key()) or line._new_quant(Quant)
            by_key[line._book_key()] = quant
            targets[quant] = targets.get(quant, quant.quantity) + line.difference_qty
        if targets:
            to_apply = Quant.union(*targets)
            for quant, target in targets.items():
                quant.write({"inventory_quantity": target, "user_id": self.env.uid})
            result = to_apply.with_context(
                inventory_name=self.env._("Cycle count %s", lines.task_id[:1].name),
            ).action_apply_inventory()
            if result:
                # a wizard (conflict, tracked product without lot) would leave stock unposted
                raise UserError(self.env._("The count could not be posted: %s", result.get("name")))
        lines.write({"posted": True})

    def _new_quant(self, quant_model):
        """An empty quant to post stock found where the books had none of this key."""
        self.ensure_one()
        if self.package_id:
            raise UserError(
                self.env._(
                    "Package %(package)s left %(location)s after it was counted: count it again "
                    "where it is now.",
                    package=self.package_id.name,
                    location=self.location_id.complete_name,
                )
            )
        return quant_model.create(
            {
                "product_id": self.product_id.id,
                "location_id": self.location_id.id,
                "lot_id": self.lot_id.id,
                "owner_id": self.owner_id.id,
            }
        )
