from odoo import Command, api, fields, models

# Loop measures (cycle, lead time) are the median of this many latest card cycles.
MEASURE_WINDOW = 20

# Upper bounds of what a manager types on a loop: beyond them it is a typo, not a loop.
MAX_CONTAINER_QTY = 1_000_000
MAX_CARD_COUNT = 500


def _prefetched_fields(model):
    """The fields a first read of a `model` record fetches (stored, prefetched, readable
    by the user): what a prefetching search_fetch should read, so that nothing is read
    again afterwards."""
    return [
        name
        for name, field in model._fields.items()
        if field.store and field.prefetch is True and field.is_accessible(model.env)
    ]


class LogisticsKanbanLoop(models.Model):
    """A pull loop: a fixed number of cards authorises the replenishment of one
    product at one consumption location, through one route that Odoo procurement
    follows (internal transfer from a supermarket, manufacturing order or RFQ)."""

    _name = "logistics.kanban.loop"
    _description = "Kanban Loop"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "code, id"
    _check_company_auto = True
    _rec_names_search = ["code", "product_id.default_code", "product_id.name"]

    code = fields.Char(
        required=True,
        copy=False,
        tracking=True,
        default=lambda self: self.env["ir.sequence"].next_by_code("logistics.kanban.loop"),
        help="Printed on the cards; card barcodes are made from it.",
    )
    active = fields.Boolean(default=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        "Responsible",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Told of the loop's line stockouts and lost cards (an activity on the loop and a "
        "live notification); without one, the company's supply-chain managers are.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    loop_type = fields.Selection(
        [("kanban", "Kanban"), ("double_bin", "Double-bin")],
        required=True,
        default="kanban",
        tracking=True,
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        domain="[('is_storable', '=', True)]",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    location_id = fields.Many2one(
        "stock.location",
        "Consumption Location",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        domain="[('usage', '=', 'internal')]",
        help="Line-side location or supermarket where the containers are consumed.",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", related="location_id.warehouse_id", store=True, index=True
    )
    route_id = fields.Many2one(
        "stock.route",
        "Replenishment Route",
        required=True,
        check_company=True,
        tracking=True,
        help="Route Odoo procurement follows for each card: resupply from a supermarket "
        "(internal transfer), manufacture (MO) or buy (RFQ).",
    )
    source_location_id = fields.Many2one(
        "stock.location",
        compute="_compute_source",
        help="Location the containers are picked from, when the route moves them internally.",
    )
    source_description = fields.Char(
        "Supplied from",
        compute="_compute_source",
        help="Where the containers come from, as printed on the cards.",
    )
    container_qty = fields.Float(
        "Container Quantity",
        required=True,
        default=1.0,
        digits="Product Unit of Measure",
        tracking=True,
        help="Quantity of one container (one card), in the product's unit.",
    )
    packaging_id = fields.Many2one(
        "product.packaging",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
        help="Optional packaging: the container quantity is rounded up to it when sized.",
    )
    card_count = fields.Integer(
        "Number of Cards",
        required=True,
        default=2,
        tracking=True,
        help="Cards in circulation. Raising it prints new cards; lowering it retires the "
        "surplus cards once they come back full.",
    )
    card_ids = fields.One2many("logistics.kanban.card", "loop_id", "Cards")
    scan_ids = fields.One2many("logistics.kanban.scan", "loop_id", "Scans")
    stockout_event_ids = fields.One2many("logistics.stockout.event", "loop_id", "Stockouts")
    card_full_count = fields.Integer("Full", compute="_compute_card_state_counts")
    card_empty_count = fields.Integer("Empty", compute="_compute_card_state_counts")
    card_replenishing_count = fields.Integer("Replenishing", compute="_compute_card_state_counts")
    card_lost_count = fields.Integer("Lost", compute="_compute_card_state_counts")
    card_retired_count = fields.Integer("Retired", compute="_compute_card_state_counts")
    stockout_open_count = fields.Integer("Open Stockouts", compute="_compute_stockout_open_count")

    # Measured on the card history (stored: the KPIs read them with SQL).
    cycle_time_days = fields.Float(
        "Measured Cycle (days)",
        readonly=True,
        digits=(16, 2),
        help=f"Median time between two scans of the same card, over the last "
        f"{MEASURE_WINDOW} card cycles.",
    )
    lead_time_measured_days = fields.Float(
        "Measured Lead Time (days)",
        readonly=True,
        digits=(16, 2),
        help=f"Median time from scan to receipt at the consumption location, over the last "
        f"{MEASURE_WINDOW} replenishments.",
    )

    # Latest sizing (written by the sizing wizard), with the formula that produced it.
    service_level = fields.Float(
        default=0.95, help="Share of replenishment cycles without stockout (double-bin)."
    )
    review_days = fields.Float(
        "Collection Interval (days)",
        default=0.0,
        help="Time an empty card waits before it is collected (R in the formula).",
    )
    safety_days = fields.Float("Safety Time (days)", default=0.0, help="S in the formula.")
    demand_daily_qty = fields.Float("Daily Demand", readonly=True, digits="Product Unit of Measure")
    demand_std_qty = fields.Float(
        "Daily Demand Std Dev", readonly=True, digits="Product Unit of Measure"
    )
    sizing_lead_time_days = fields.Float("Sizing Lead Time (days)", readonly=True)
    recommended_card_count = fields.Integer("Recommended Cards", readonly=True)
    recommended_container_qty = fields.Float(
        "Recommended Bin Quantity", readonly=True, digits="Product Unit of Measure"
    )
    safety_stock_qty = fields.Float("Safety Stock", readonly=True, digits="Product Unit of Measure")
    sizing_formula = fields.Text(readonly=True)
    date_sized = fields.Datetime("Sized on", readonly=True)
    # The size the latest sizing asks for, against the one in circulation (stored: filters,
    # colours and the right-sized KPI read it).
    needed_card_count = fields.Integer(
        "Needed Cards",
        compute="_compute_sizing_state",
        store=True,
        help="Cards (kanban) the latest sizing asks for, from the demand and the measured lead "
        "time; run Size again to refresh it.",
    )
    sizing_difference = fields.Float(
        "Size Difference",
        compute="_compute_sizing_state",
        store=True,
        digits="Product Unit of Measure",
        help="What circulates minus what is needed: cards for a kanban loop, quantity per bin "
        "for a double-bin loop. Positive: over-sized; negative: under-sized.",
    )
    sizing_state = fields.Selection(
        [
            ("not_sized", "Not sized"),
            ("right", "Right-sized"),
            ("over", "Over-sized"),
            ("under", "Under-sized"),
        ],
        compute="_compute_sizing_state",
        store=True,
        index=True,
        help="Right-sized within one card (kanban) or one pack, else one unit, per bin "
        "(double-bin) of what the latest sizing asks for.",
    )

    _sql_constraints = [
        (
            "container_qty_positive",
            "CHECK(container_qty > 0)",
            "The container quantity must be positive.",
        ),
        ("card_count_positive", "CHECK(card_count > 0)", "A loop needs at least one card."),
        ("code_uniq", "UNIQUE(code)", "Another loop already has this code."),
    ]

    @api.depends("code", "product_id", "location_id")
    def _compute_display_name(self):
        for loop in self:
            parts = [loop.code, loop.product_id.display_name, loop.location_id.name]
            loop.display_name = " · ".join(part for part in parts if part)

    @api.depends("route_id", "location_id", "product_id")
    def _compute_source(self):
        for loop in self:
            rule = (
                loop._get_rule()
                if loop.route_id and loop.location_id and loop.product_id
                else False
            )
            loop.source_location_id = rule.location_src_id if rule else False
            if not rule:
                loop.source_description = False
            elif rule.location_src_id:
                loop.source_description = rule.location_src_id.name
            else:
                # Bought or made: name the vendor when there is one, else the route.
                vendor = (
                    loop.product_id.seller_ids[:1].partner_id if rule.action == "buy" else False
                )
                loop.source_description = vendor.name if vendor else rule.route_id.name

    def _compute_card_state_counts(self):
        counts = {
            (loop.id, state): count
            for loop, state, count in self.env["logistics.kanban.card"]._read_group(
                [("loop_id", "in", self.ids)], ["loop_id", "state"], ["__count"]
            )
        }
        for loop in self:
            for state in ("full", "empty", "replenishing", "lost", "retired"):
                loop[f"card_{state}_count"] = counts.get((loop.id, state), 0)

    def _compute_stockout_open_count(self):
        counts = dict(
            self.env["logistics.stockout.event"]._read_group(
                [("loop_id", "in", self.ids), ("date_end", "=", False)], ["loop_id"], ["__count"]
            )
        )
        for loop in self:
            loop.stockout_open_count = counts.get(loop, 0)

    @api.depends(
        "loop_type",
        "card_count",
        "container_qty",
        "packaging_id.qty",
        "date_sized",
        "recommended_card_count",
        "recommended_container_qty",
    )
    def _compute_sizing_state(self):
        """Compare what circulates with the latest sizing (the wizard's recommendation, made
        from the demand and the measured lead time); one step of tolerance: one card, or for
        a double-bin one pack (the sizing rounds the bin up to packs), else one unit."""
        for loop in self:
            if not loop.date_sized:
                loop.needed_card_count = 0
                loop.sizing_difference = 0.0
                loop.sizing_state = "not_sized"
                continue
            if loop.loop_type == "double_bin":
                loop.needed_card_count = 2
                difference = loop.container_qty - loop.recommended_container_qty
                step = loop.packaging_id.qty or 1.0
            else:
                loop.needed_card_count = loop.recommended_card_count
                difference = loop.card_count - loop.recommended_card_count
                step = 1
            loop.sizing_difference = difference
            if abs(difference) <= step:
                loop.sizing_state = "right"
            else:
                loop.sizing_state = "over" if difference > 0 else "under"

    @api.onchange("loop_type")
    def _onchange_loop_type(self):
        if self.loop_type == "double_bin":
            self.card_count = 2

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_finite_numbers(vals)
        loops = super().create(vals_list)
        loops._sync_cards()
        return loops

    def write(self, vals):
        self._check_finite_numbers(vals)
        res = super().write(vals)
        if "card_count" in vals:
            self._sync_cards()
        return res

    def _sync_cards(self):
        """Bring the cards in circulation to `card_count`: new cards are added (to be
        printed); surplus ones are retired at once when full, else marked to retire
        when they come back full, so that no container in transit is forgotten."""
        Card = self.env["logistics.kanban.card"]
        new_cards = []
        to_retire_ids = []
        for loop in self:
            live = loop.card_ids.filtered(
                lambda card: card.state != "retired" and not card.is_one_off
            ).sorted("sequence")
            keep = live.filtered(lambda card: not card.to_retire)
            missing = loop.card_count - len(keep)
            if missing > 0:
                # Cards marked to retire go back in circulation before any new card is made.
                revived = live.filtered("to_retire")[:missing]
                revived.to_retire = False
                next_sequence = max(loop.card_ids.mapped("sequence"), default=0) + 1
                new_cards += [
                    {"loop_id": loop.id, "sequence": next_sequence + offset}
                    for offset in range(missing - len(revived))
                ]
            elif missing < 0:
                # Retire the full cards first (highest numbers first), then those still out.
                surplus = keep.sorted(lambda card: (card.state == "full", card.sequence))
                to_retire_ids += surplus[missing:].ids
        if new_cards:
            Card.create(new_cards)
        Card.browse(to_retire_ids)._retire_when_full()

    def action_open_sizing(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Size Kanban Loops"),
            "res_model": "logistics.kanban.sizing",
            "view_mode": "form",
            "target": "new",
            "context": {"default_loop_ids": [Command.set(self.ids)]},
        }

    def action_view_cards(self):
        """The loop's cards; a stat button passes `card_state` in its context so that it
        opens the cards it counts (all states, retired ones included, when not given)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "industrial_logistics.action_logistics_kanban_card"
        )
        action["domain"] = [("loop_id", "in", self.ids)]
        state = self.env.context.get("card_state")
        if state:
            action["domain"].append(("state", "=", state))
            states = dict(
                self.env["logistics.kanban.card"]._fields["state"]._description_selection(self.env)
            )
            action["name"] = self.env._("%(state)s Cards", state=states[state])
        action["context"] = {"default_loop_id": self.id if len(self) == 1 else False}
        return action

    def action_view_stockouts(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "industrial_logistics.action_logistics_stockout_event"
        )
        action["domain"] = [("loop_id", "in", self.ids)]
        return action

    def action_print_cards(self):
        cards = self.card_ids.filtered(lambda card: card.state != "retired")
        return self.env.ref("industrial_logistics.action_report_kanban_cards").report_action(cards)
