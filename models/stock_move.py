from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._receive_kanban_cards()
        return moves

    def _receive_kanban_cards(self):
        """A card turns full again, by itself, when the last move of its replenishment
        is done at the loop's location: a move of its procurement group, or downstream of
        one (through the RFQ line it created, then the receipt's next steps, say Input →
        Stock, which Odoo pushes in the purchase order's group, not the card's). A step
        that ends elsewhere (WH/Input) leaves the card replenishing."""
        done = self.filtered(lambda move: move.state == "done")
        upstream_groups = done._kanban_upstream_groups()
        groups = self.env["procurement.group"].union(*upstream_groups.values())
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
            lambda card: any(
                card.group_id in upstream_groups[move] and move._arrives_for_kanban_card(card)
                for move in done
            )
        )
        if received:
            received._receive(fields.Datetime.now())

    def _kanban_upstream_groups(self):
        """{move: procurement groups of the move and of every move upstream of it, with
        the groups of the RFQ lines they come from}: the groups a kanban card may have
        given to the chain that ends with this move."""
        result = {}
        for move in self:
            groups, moves, seen = self.env["procurement.group"], move, self.browse()
            while moves:
                groups |= moves.group_id | moves.purchase_line_id.group_id
                seen |= moves
                moves = moves.move_orig_ids - seen
            result[move] = groups
        return result

    def _arrives_for_kanban_card(self, card):
        self.ensure_one()
        return self.product_id == card.product_id and self.location_dest_id._child_of(
            card.location_id
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
