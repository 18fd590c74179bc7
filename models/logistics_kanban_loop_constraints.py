import math

from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from .logistics_kanban_loop import MAX_CARD_COUNT, MAX_CONTAINER_QTY


class LogisticsKanbanLoopConstraints(models.Model):
    """What a loop must satisfy: one active loop per need, a route that supplies it, sane
    figures; a loop with history is archived, never deleted."""

    _inherit = "logistics.kanban.loop"

    @api.constrains("loop_type", "card_count")
    def _check_double_bin_has_two_cards(self):
        for loop in self:
            if loop.loop_type == "double_bin" and loop.card_count != 2:
                raise ValidationError(
                    self.env._(
                        "Double-bin loop %(loop)s must have exactly two cards (bins A and B), "
                        "not %(count)s.",
                        loop=loop.display_name,
                        count=loop.card_count,
                    )
                )

    @api.constrains("product_id", "location_id", "active")
    def _check_one_active_loop_per_product_and_location(self):
        for loop in self.filtered("active"):
            twin = self.search(
                [
                    ("id", "!=", loop.id),
                    ("product_id", "=", loop.product_id.id),
                    ("location_id", "=", loop.location_id.id),
                ],
                limit=1,
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "Loop %(twin)s already supplies %(product)s at %(location)s: "
                        "archive it before creating another one.",
                        twin=twin.code,
                        product=loop.product_id.display_name,
                        location=loop.location_id.display_name,
                    )
                )

    @api.constrains("product_id", "location_id", "active")
    def _check_no_reorder_rule_on_same_need(self):
        """One replenishment per need: no automatic reorder rule on the loop's product and
        location (the rule side says which rules count)."""
        loops = self.filtered("active")
        if not loops:
            return
        # sudo: a read-only check that must see every rule, whatever the writer may read.
        rules = (
            self.env["stock.warehouse.orderpoint"]
            .sudo()
            .search(
                [
                    ("trigger", "=", "auto"),
                    ("product_id", "in", loops.product_id.ids),
                    ("location_id", "in", loops.location_id.ids),
                ]
            )
        )
        loop_by_need = {(loop.product_id.id, loop.location_id.id): loop for loop in loops}
        for rule in rules:
            loop = loop_by_need.get((rule.product_id.id, rule.location_id.id))
            if loop:
                raise ValidationError(rule._conflict_message(loop))

    @api.constrains("route_id", "location_id", "product_id")
    def _check_route_supplies_location(self):
        """The loop's own route must supply its location: without this check Odoo would
        quietly fall back on the product's or the warehouse's routes (say, buy instead of
        a transfer from the supermarket). Checked on save; a scan only needs the route to
        still have a rule for the location (_get_route_rule)."""
        for loop in self:
            rule = loop._get_rule()
            if rule.route_id != loop.route_id:
                raise ValidationError(loop._route_without_rule_message())

    def _route_without_rule_message(self):
        return self.env._(
            "Route %(route)s has no rule that supplies %(location)s: cards of this "
            "loop could not be replenished through it.",
            route=self.route_id.display_name,
            location=self.location_id.display_name,
        )

    @api.constrains("container_qty", "card_count", "service_level", "review_days", "safety_days")
    def _check_ranges(self):
        """What a manager types (or a sizing writes) stays meaningful: a finite container, a
        loop that fits on a board, a service level below certainty, times within a year."""
        _ = self.env._
        for loop in self:
            if loop.container_qty > MAX_CONTAINER_QTY:
                raise ValidationError(
                    _(
                        "The container quantity of %(loop)s cannot exceed %(max)s.",
                        loop=loop.code,
                        max=MAX_CONTAINER_QTY,
                    )
                )
            if loop.card_count > MAX_CARD_COUNT:
                raise ValidationError(
                    _(
                        "Loop %(loop)s cannot have more than %(max)s cards.",
                        loop=loop.code,
                        max=MAX_CARD_COUNT,
                    )
                )
            if not 0.5 < loop.service_level < 1:  # kanban_sizing.z_for_service_level
                raise ValidationError(
                    _(
                        "The service level of %(loop)s must be above 50 %% and below 100 %%.",
                        loop=loop.code,
                    )
                )
            if not (0 <= loop.review_days <= 365 and 0 <= loop.safety_days <= 365):
                raise ValidationError(
                    _(
                        "The collection interval and safety time of %(loop)s are days between 0 "
                        "and 365.",
                        loop=loop.code,
                    )
                )

    @api.model
    def _check_finite_numbers(self, vals):
        """NaN or infinity (JSON-RPC carries them) cannot be rounded to a unit: refused with a
        message before the ORM tries and fails with a Python error."""
        for name, value in vals.items():
            if isinstance(value, float) and not math.isfinite(value):
                field = self._fields.get(name)
                raise ValidationError(
                    self.env._("%(field)s must be a number.", field=field.string if field else name)
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        """A loop's scans and stockouts are its history (cycle, lead time, stockout KPIs):
        deleting it would take them with it by cascade. Archive it instead."""
        with_history = self.browse()
        for model in ("logistics.kanban.scan", "logistics.stockout.event"):
            # sudo: the history counts whoever may read it (managers do not see every scan).
            for (loop,) in (
                self.env[model].sudo()._read_group([("loop_id", "in", self.ids)], ["loop_id"])
            ):
                with_history |= loop
        if with_history:
            raise UserError(
                self.env._(
                    "Loop %(loop)s has card history (scans, replenishments, stockouts): it "
                    "cannot be deleted. Archive it instead: its history and KPIs are kept.",
                    loop=with_history[0].code,
                )
            )
