from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_is_zero

from .logistics_count_policy import ABC_CLASSES


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
    theoretical_qty = fields.Float(
        "Theoretical quantity", digits="Product Unit of Measure", readonly=True,
        help="What the books held in the location when the count started.",
    )  # fmt: skip
    counted_qty = fields.Float("Counted quantity", digits="Product Unit of Measure")
    is_counted = fields.Boolean("Counted", readonly=True)
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

    @api.constrains("counted_qty")
    def _check_counted_qty(self):
        for line in self:
            if line.counted_qty < 0:
                raise ValidationError(self.env._("A counted quantity cannot be negative."))

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
        for vals in vals_list:
            if "counted_qty" in vals:
                vals["is_counted"] = True
        for vals in to_class:
            vals["abc_class"] = classes[policy_by_task[vals["task_id"]]][vals["product_id"]]
        return super().create(vals_list)

    def write(self, vals):
        if "counted_qty" in vals:
            if any(line.posted for line in self):
                raise UserError(self.env._("This count is already posted in stock."))
            vals = dict(vals, is_counted=True)
        return super().write(vals)

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
        """Post counted - theoretical (at count start) through Odoo's inventory adjustment.

        The quant's inventory quantity is set to what it holds *now* plus that difference, so a
        move done between the count and the posting is neither lost nor counted twice.
        """
        lines = self.filtered(lambda line: not line.posted)
        if not lines:
            return
        quants = self.env["stock.quant"].search(
            [
                ("location_id", "in", lines.location_id.ids),
                ("product_id", "in", lines.product_id.ids),
            ],
            order="package_id desc, owner_id desc, id",
        )
        by_key = defaultdict(lambda: self.env["stock.quant"])
        for quant in quants:
            if not quant.package_id and not quant.owner_id:
                by_key[quant.location_id.id, quant.product_id.id, quant.lot_id.id] |= quant
        targets = {}
        create_vals = []
        for line in lines:
            if float_is_zero(line.difference_qty, precision_rounding=line.product_uom_id.rounding):
                continue
            quant = by_key[line.location_id.id, line.product_id.id, line.lot_id.id][:1]
            if quant:
                targets[quant] = targets.get(quant, quant.quantity) + line.difference_qty
            else:
                create_vals.append(
                    {
                        "product_id": line.product_id.id,
                        "location_id": line.location_id.id,
                        "lot_id": line.lot_id.id or False,
                        "inventory_quantity": line.difference_qty,
                    }
                )
        inventory = self.env["stock.quant"].with_context(
            inventory_mode=True,
            inventory_name=self.env._("Cycle count %s", lines.task_id[:1].name),
        )
        to_apply = inventory.create(create_vals) if create_vals else inventory
        for quant, target in targets.items():
            quant.with_context(inventory_mode=True).inventory_quantity = target
            to_apply |= quant
        if to_apply:
            result = to_apply.with_context(
                inventory_mode=True,
                inventory_name=self.env._("Cycle count %s", lines.task_id[:1].name),
            ).action_apply_inventory()
            if result:
                # a wizard (conflict, tracked product without lot) would leave stock unposted
                raise UserError(self.env._("The count could not be posted: %s", result.get("name")))
        lines.write({"posted": True})
