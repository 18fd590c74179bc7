from odoo import api, models
from odoo.exceptions import ValidationError


class StockWarehouseOrderpoint(models.Model):
    """Reorder rules, checked against kanban loops: one replenishment per need."""

    _inherit = "stock.warehouse.orderpoint"

    def _replenishment_conflicts(self):
        """Pairs (rule, loop) of these automatic active rules that share their product
        and exact location with an active kanban loop, in one search.

        Only `trigger='auto'` rules count: the manual ones Odoo's replenishment report
        creates order nothing by themselves (a user clicks "Order"), so they are no
        second replenishment, and refusing them would break that report. A parent or
        child location does not count either: a loop that feeds a line-side location
        from the supermarket and a rule that refills the supermarket (or the whole
        stock) are two echelons of one chain, not two replenishments of one need."""
        rules = self.filtered(lambda rule: rule.active and rule.trigger == "auto")
        if not rules:
            return []
        # sudo: a read-only check that must see every loop, whatever the writer may read.
        loops = (
            self.env["logistics.kanban.loop"]
            .sudo()
            .search(
                [
                    ("product_id", "in", rules.product_id.ids),
                    ("location_id", "in", rules.location_id.ids),
                ]
            )
        )
        loop_by_need = {(loop.product_id.id, loop.location_id.id): loop for loop in loops}
        return [
            (rule, loop_by_need[rule.product_id.id, rule.location_id.id])
            for rule in rules
            if (rule.product_id.id, rule.location_id.id) in loop_by_need
        ]

    @api.constrains("product_id", "location_id", "active", "trigger")
    def _check_no_kanban_loop_on_same_need(self):
        conflicts = self._replenishment_conflicts()
        if conflicts:
            rule, loop = conflicts[0]
            raise ValidationError(rule._conflict_message(loop))

    def _conflict_message(self, loop):
        """The sentence shown by both constraints for this rule and `loop`."""
        return self.env._(
            "Reorder rule %(rule)s and kanban loop %(loop)s would both replenish "
            "%(product)s at %(location)s: archive one of them first (one replenishment "
            "per need).",
            rule=self.display_name,
            loop=loop.code,
            product=self.product_id.display_name,
            location=self.location_id.display_name,
        )
