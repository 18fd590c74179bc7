from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._follow_kanban_cards()
        return moves

    def _follow_kanban_cards(self):
        """Kanban cards follow their replenishment by themselves: a card turns full when
        its replenishment has arrived at the loop's location (a backorder still open
        keeps it replenishing), and empty when it is cancelled. Its moves are those of
        its procurement group and those downstream of them (through the RFQ line it
        created, then the receipt's next steps, say Input → Stock, which Odoo pushes in
        the purchase order's group, not the card's)."""
        self.env["logistics.kanban.card"]._follow_replenishments(self._kanban_upstream_groups())

    def _kanban_upstream_groups(self):
        """Procurement groups of these moves and of every move upstream of them, with
        the groups of the RFQ lines they come from: the groups a kanban card may have
        given to the chain that ends with these moves."""
        groups, moves, seen = self.env["procurement.group"], self, self.browse()
        while moves:
            groups |= moves.group_id | moves.purchase_line_id.group_id
            seen |= moves
            moves = moves.move_orig_ids - seen
        return groups

    def _arrives_for_kanban_card(self, card):
        self.ensure_one()
        return self.product_id == card.product_id and self.location_dest_id._child_of(
            card.location_id
        )

    def _action_cancel(self):
        """A cancelled replenishment leaves its kanban card empty; a transfer cancelled
        while waiting on a milk-run round leaves the round and its batch."""
        res = super()._action_cancel()
        self._follow_kanban_cards()
        cancelled = self.picking_id.filtered(
            lambda p: p.state == "cancel"
            and p.milk_run_round_id.state in ("planned", "loading", "on_route")
        )
        if cancelled:
            self.env["logistics.milk.run.round"]._detach_cancelled_pickings(cancelled)
        return res
