from odoo import models


class LogisticsMilkRunRoundStop(models.Model):
    """After a drop, the driver is asked to confirm the supermarket locations its pick left
    empty or low (opportunistic counts, logistics_count_task_opportunistic.py)."""

    _inherit = "logistics.milk.run.round.stop"

    def get_low_stock_checks(self):
        """The (product, location) pairs this stop's validated transfers left empty or low."""
        self.ensure_one()
        self.round_id._check_driver()
        self.check_access("read")
        # sudo(): the driver is checked above; he reads the transfers' lines, not the quants
        return self.env["logistics.count.task"]._low_stock_checks(
            self.sudo().picking_ids.move_line_ids
        )
