import math

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.logistics_kanban_loop import MAX_CONTAINER_QTY


class LogisticsKanbanOneOffCard(models.TransientModel):
    """Issue a one-off (event-driven) card on a loop: a one-time need (a project, a trial, a
    peak) of a given quantity. The card asks for one replenishment of that quantity through
    the loop's route, at once or when it is scanned, and retires itself when it arrives."""

    _name = "logistics.kanban.one.off.card"
    _description = "New One-off Kanban Card"

    loop_id = fields.Many2one("logistics.kanban.loop", required=True, readonly=True)
    product_uom_id = fields.Many2one(related="loop_id.product_uom_id")
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    need = fields.Char(
        required=True, help="What the card is for: the project, trial or peak; printed on it."
    )
    request_now = fields.Boolean(
        "Ask for it now",
        default=True,
        help="Replenish at once; otherwise the card is printed and asks when it is scanned.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "logistics.kanban.loop":
            values.setdefault("loop_id", self.env.context.get("active_id"))
        return values

    def _check_values(self):
        _ = self.env._
        loop = self.loop_id
        if not loop.active:
            raise UserError(_("Loop %(loop)s is archived: it takes no new card.", loop=loop.code))
        if loop.loop_type == "double_bin":
            raise UserError(
                _(
                    "Loop %(loop)s is a double-bin loop: its two bins take no one-off card.",
                    loop=loop.code,
                )
            )
        if not (math.isfinite(self.quantity) and 0 < self.quantity <= MAX_CONTAINER_QTY):
            raise UserError(
                _(
                    "The quantity of a one-off card must be above 0 and at most %(max)s.",
                    max=MAX_CONTAINER_QTY,
                )
            )
        if not (self.need or "").strip():
            raise UserError(_("Say what the one-off card is for (a project, a trial, a peak)."))

    def action_create(self):
        """Create the card (and ask for its replenishment now, through the scan), then open
        it to print it."""
        self.ensure_one()
        self._check_values()
        loop = self.loop_id
        card = self.env["logistics.kanban.card"].create(
            {
                "loop_id": loop.id,
                "sequence": max(
                    loop.with_context(active_test=False).card_ids.mapped("sequence"), default=0
                )
                + 1,
                "is_one_off": True,
                "one_off_qty": self.quantity,
                "one_off_need": self.need.strip(),
                "to_retire": True,
            }
        )
        if self.request_now:
            result = card.scan(card.barcode, source="one_off")
            if result["status"] == "error":
                raise UserError(result["message"])
        return {
            "type": "ir.actions.act_window",
            "res_model": "logistics.kanban.card",
            "res_id": card.id,
            "view_mode": "form",
            "target": "current",
        }
