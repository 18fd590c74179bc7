from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._receive_kanban_cards()
        return moves

    def _receive_kanban_cards(self):
        """A card turns full again, by itself, when a move of its procurement group
        (directly, or through the RFQ line it created) is done at the loop's location."""
        done = self.filtered(lambda move: move.state == "done")
        groups = done.group_id | done.purchase_line_id.group_id
        if not groups:
            return
        # sudo: whoever validates the transfer, MO or receipt turns the card full, with
        # or without rights on kanban cards; only cards of these groups are touched.
        cards = (
            self.env["logistics.kanban.card"]
            .sudo()
            .search([("group_id", "in", groups.ids), ("state", "in", ("replenishing", "lost"))])
        )
        received = cards.filtered(
            lambda card: any(move._arrives_for_kanban_card(card) for move in done)
        )
        if received:
            received._receive(fields.Datetime.now())

    def _arrives_for_kanban_card(self, card):
        self.ensure_one()
        return (
            card.group_id in (self.group_id | self.purchase_line_id.group_id)
            and self.product_id == card.product_id
            and self.location_dest_id._child_of(card.location_id)
        )

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
