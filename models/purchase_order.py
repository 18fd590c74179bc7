from odoo import models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    def _create_picking(self):
        """Confirmed (or approved) orders put the kanban cards of their RFQ lines on their
        way: the card scanned empty turns replenishing."""
        res = super()._create_picking()
        self.env["logistics.kanban.card"]._follow_replenishments(self.order_line.group_id)
        return res
