from odoo import api, fields, models


class LogisticsShopLevellingLine(models.TransientModel):
    """One manufacturing order of a levelling proposal: where it is, where it would go."""

    _name = "logistics.shop.levelling.line"
    _description = "Levelling Proposal per Manufacturing Order"
    _order = "proposed_end, id"

    wizard_id = fields.Many2one("logistics.shop.levelling", required=True, ondelete="cascade")
    production_id = fields.Many2one("mrp.production", required=True, readonly=True)
    apply = fields.Boolean(default=True, help="Write the proposed dates of this order.")
    started = fields.Boolean(readonly=True, help="Started: it stays where it is.")
    deadline = fields.Datetime(readonly=True)
    components_arrival = fields.Datetime(
        readonly=True, help="Expected arrival of its last component: it starts no earlier."
    )
    components_missing = fields.Boolean(
        readonly=True, help="A component is neither in stock nor expected: no date to wait for."
    )
    current_start = fields.Datetime(readonly=True)
    current_end = fields.Datetime(readonly=True)
    proposed_start = fields.Datetime(readonly=True)
    proposed_end = fields.Datetime(readonly=True)
    change = fields.Selection(
        [
            ("turns_on_time", "Turns on time"),
            ("turns_late", "Turns late"),
            ("stays_late", "Stays late"),
            ("on_time", "On time"),
        ],
        compute="_compute_change",
        store=True,
    )
    split_quantities = fields.Char(
        "Split into", readonly=True, help="The pieces' quantities when the order is split."
    )
    operation_ids = fields.One2many("logistics.shop.levelling.operation", "line_id")

    @api.depends("deadline", "current_end", "proposed_end")
    def _compute_change(self):
        for line in self:
            if not line.deadline:
                line.change = "on_time"
                continue
            was_late = not line.current_end or line.current_end > line.deadline
            late = line.proposed_end > line.deadline
            line.change = {
                (True, False): "turns_on_time",
                (False, True): "turns_late",
                (True, True): "stays_late",
                (False, False): "on_time",
            }[(was_late, late)]
