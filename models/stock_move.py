from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_cancel(self):
        """A transfer cancelled while waiting on a milk-run round leaves the round and its batch."""
        res = super()._action_cancel()
        cancelled = self.picking_id.filtered(
            lambda p: p.state == "cancel"
            and p.milk_run_round_id.state in ("planned", "loading", "on_route")
        )
        if cancelled:
            self.env["logistics.milk.run.round"]._detach_cancelled_pickings(cancelled)
        return res
