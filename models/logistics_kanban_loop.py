import math

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

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

    @api.constrains("loop_type", "card_count")
    def _check_double_bin_has_two_cards(self):
        for loop in self:
            if loop.loop_type == "double_bin" and loop.card_count != 2:
                raise ValidationError(
                    self.env._(
                        "Double-bin loop %(loop)s must have exactly two cards (bins A and B), "
                        "not %(count)s.",
                        loop=loop.display_name,
                        count=loop.card_count,
                    )
                )

    @api.constrains("product_id", "location_id", "active")
    def _check_one_active_loop_per_product_and_location(self):
        for loop in self.filtered("active"):
            twin = self.search(
                [
                    ("id", "!=", loop.id),
                    ("product_id", "=", loop.product_id.id),
                    ("location_id", "=", loop.location_id.id),
                ],
                limit=1,
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "Loop %(twin)s already supplies %(product)s at %(location)s: "
                        "archive it before creating another one.",
                        twin=twin.code,
                        product=loop.product_id.display_name,
                        location=loop.location_id.display_name,
                    )
                )

    @api.constrains("product_id", "location_id", "active")
    def _check_no_reorder_rule_on_same_need(self):
        """One replenishment per need: no automatic reorder rule on the loop's product and
        location (the rule side says which rules count)."""
        loops = self.filtered("active")
        if not loops:
            return
        # sudo: a read-only check that must see every rule, whatever the writer may read.
        rules = (
            self.env["stock.warehouse.orderpoint"]
            .sudo()
            .search(
                [
                    ("trigger", "=", "auto"),
                    ("product_id", "in", loops.product_id.ids),
                    ("location_id", "in", loops.location_id.ids),
                ]
            )
        )
        loop_by_need = {(loop.product_id.id, loop.location_id.id): loop for loop in loops}
        for rule in rules:
            loop = loop_by_need.get((rule.product_id.id, rule.location_id.id))
            if loop:
                raise ValidationError(rule._conflict_message(loop))

    @api.constrains("route_id", "location_id", "product_id")
    def _check_route_supplies_location(self):
        """The loop's own route must supply its location: without this check Odoo would
        quietly fall back on the product's or the warehouse's routes (say, buy instead of
        a transfer from the supermarket). Checked on save; a scan only needs the route to
        still have a rule for the location (_get_route_rule)."""
        for loop in self:
            rule = loop._get_rule()
            if rule.route_id != loop.route_id:
                raise ValidationError(loop._route_without_rule_message())

    def _route_without_rule_message(self):
        return self.env._(
            "Route %(route)s has no rule that supplies %(location)s: cards of this "
            "loop could not be replenished through it.",
            route=self.route_id.display_name,
            location=self.location_id.display_name,
        )

    @api.constrains("container_qty", "card_count", "service_level", "review_days", "safety_days")
    def _check_ranges(self):
        """What a manager types (or a sizing writes) stays meaningful: a finite container, a
        loop that fits on a board, a service level below certainty, times within a year."""
        _ = self.env._
        for loop in self:
            if loop.container_qty > MAX_CONTAINER_QTY:
                raise ValidationError(
                    _(
                        "The container quantity of %(loop)s cannot exceed %(max)s.",
                        loop=loop.code,
                        max=MAX_CONTAINER_QTY,
                    )
                )
            if loop.card_count > MAX_CARD_COUNT:
                raise ValidationError(
                    _(
                        "Loop %(loop)s cannot have more than %(max)s cards.",
                        loop=loop.code,
                        max=MAX_CARD_COUNT,
                    )
                )
            if not 0.5 < loop.service_level < 1:  # kanban_sizing.z_for_service_level
                raise ValidationError(
                    _(
                        "The service level of %(loop)s must be above 50 %% and below 100 %%.",
                        loop=loop.code,
                    )
                )
            if not (0 <= loop.review_days <= 365 and 0 <= loop.safety_days <= 365):
                raise ValidationError(
                    _(
                        "The collection interval and safety time of %(loop)s are days between 0 "
                        "and 365.",
                        loop=loop.code,
                    )
                )

    @api.model
    def _check_finite_numbers(self, vals):
        """NaN or infinity (JSON-RPC carries them) cannot be rounded to a unit: refused with a
        message before the ORM tries and fails with a Python error."""
        for name, value in vals.items():
            if isinstance(value, float) and not math.isfinite(value):
                field = self._fields.get(name)
                raise ValidationError(
                    self.env._("%(field)s must be a number.", field=field.string if field else name)
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        """A loop's scans and stockouts are its history (cycle, lead time, stockout KPIs):
        deleting it would take them with it by cascade. Archive it instead."""
        with_history = self.browse()
        for model in ("logistics.kanban.scan", "logistics.stockout.event"):
            # sudo: the history counts whoever may read it (managers do not see every scan).
            for (loop,) in (
                self.env[model].sudo()._read_group([("loop_id", "in", self.ids)], ["loop_id"])
            ):
                with_history |= loop
        if with_history:
            raise UserError(
                self.env._(
                    "Loop %(loop)s has card history (scans, replenishments, stockouts): it "
                    "cannot be deleted. Archive it instead: its history and KPIs are kept.",
                    loop=with_history[0].code,
                )
            )

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

    def _get_rule(self):
        """The rule Odoo procurement picks for this loop (the route decides)."""
        self.ensure_one()
        return self.env["procurement.group"]._get_rule(
            self.product_id,
            self.location_id,
            {"route_ids": self.route_id, "warehouse_id": self.warehouse_id},
        )

    def _prefetch_procurement_locations(self):
        """Procurement through the loop's route reads the locations it goes through one
        query at a time (the loop's location and its ancestors, the rule's source and its
        ancestors, the partner locations), and the rule lookup reads the loop's location:
        read them all in one query, with the fields a first read would prefetch. The
        ancestors come from parent_path in the query itself, so the loop's location need
        not be read first; sources of every rule of the route are included because the
        rule is not known yet (a route has a handful). Primary-key lookups only (an OR
        of both would scan the location table: 20 ms on 10,000 locations)."""
        self.ensure_one()
        Location = self.env["stock.location"].with_context(active_test=False)
        partner_ids = [
            self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False)
            for xmlid in ("stock.stock_location_customers", "stock.stock_location_suppliers")
        ]
        ids = SQL(
            """(
            SELECT unnest(string_to_array(rtrim(location.parent_path, '/'), '/'))::int
              FROM stock_location location
             WHERE location.id = %(location)s
             UNION ALL
            SELECT unnest(string_to_array(rtrim(source.parent_path, '/'), '/'))::int
              FROM stock_rule rule
              JOIN stock_location source ON source.id = rule.location_src_id
             WHERE rule.route_id = %(route)s
             UNION ALL
            SELECT unnest(%(partners)s::int[])
            )""",
            location=self.location_id.id,
            route=self.route_id.id,
            partners=[id_ for id_ in partner_ids if id_],
        )
        Location.search_fetch([("id", "in", ids)], _prefetched_fields(Location))

    def _prefetch_product_category(self):
        """Reservation reads the product's category (removal strategy), then putaway its
        parent categories one query at a time: read the category and its ancestors in
        one query."""
        self.ensure_one()
        Category = self.env["product.category"]
        ids = SQL(
            """(
            SELECT unnest(string_to_array(rtrim(category.parent_path, '/'), '/'))::int
              FROM product_product product
              JOIN product_template template ON template.id = product.product_tmpl_id
              JOIN product_category category ON category.id = template.categ_id
             WHERE product.id = %s
            )""",
            self.product_id.id,
        )
        Category.search_fetch([("id", "in", ids)], _prefetched_fields(Category))

    def _get_route_rule(self):
        """The rule of the loop's route that supplies its location, picked as
        procurement.group._get_rule does when a route is given (nearest ancestor of the
        location first, the warehouse's rule before a rule for any warehouse, then
        sequence) but among this route's rules only, so that a scan does not read the
        product's, category's and warehouse's routes. Empty when there is none."""
        self.ensure_one()
        rules = self.route_id.rule_ids.filtered(
            lambda rule: rule.action != "push"
            and (not rule.warehouse_id or rule.warehouse_id == self.warehouse_id)
        )
        for location_id in reversed(self.location_id.parent_path.split("/")[:-1]):
            candidates = rules.filtered(
                lambda rule, location_id=int(location_id): rule.location_dest_id.id == location_id
            )
            if candidates:
                return candidates.sorted(
                    lambda rule: (rule.warehouse_id != self.warehouse_id, rule.sequence)
                )[0]
        return self.env["stock.rule"]

    def _update_measures(self):
        """Measured cycle and lead time: medians over the latest card cycles, one query."""
        if not self:
            return
        self.env["logistics.kanban.scan"].flush_model()
        self.env.cr.execute(
            SQL(
                """
            SELECT loop.id,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY c.cycle_days)
                      FROM (SELECT s.cycle_days FROM logistics_kanban_scan s
                             WHERE s.loop_id = loop.id AND s.cycle_days IS NOT NULL
                             ORDER BY s.date DESC LIMIT %(window)s) c),
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY l.lead_time_days)
                      FROM (SELECT s.lead_time_days FROM logistics_kanban_scan s
                             WHERE s.loop_id = loop.id AND s.lead_time_days IS NOT NULL
                             ORDER BY s.date DESC LIMIT %(window)s) l)
              FROM logistics_kanban_loop loop
             WHERE loop.id = ANY(%(ids)s)
            """,
                window=MEASURE_WINDOW,
                ids=self.ids,
            )
        )
        # sudo: the measures follow from the card history (an operator's scan, a receipt
        # validated by a storekeeper), they are no edit of the loop by that user.
        for loop_id, cycle, lead_time in self.env.cr.fetchall():
            self.sudo().browse(loop_id).write(
                {"cycle_time_days": cycle or 0.0, "lead_time_measured_days": lead_time or 0.0}
            )

    def _sizing_lead_times(self):
        """{loop: (lead time in days, "measured" | "route")}: the median of the card
        history when there is one, else the delays of the rules Odoo procurement goes
        through for the loop's route (vendor lead time, manufacturing lead time, transfer
        delays). Odoo finds a rule by climbing from the location to the nearest ancestor
        a rule of the route delivers to, so the rules are looked up once per route and
        such ancestor, not once per loop."""
        result, rules_by_key = {}, {}
        destinations = {route: set(route.rule_ids.location_dest_id.ids) for route in self.route_id}
        for loop in self:
            if loop.lead_time_measured_days > 0:
                result[loop] = (loop.lead_time_measured_days, "measured")
                continue
            ancestors = [int(id_) for id_ in loop.location_id.parent_path.split("/")[:-1]]
            anchor = next(
                (id_ for id_ in reversed(ancestors) if id_ in destinations[loop.route_id]),
                loop.location_id.id,
            )
            key = (loop.route_id.id, anchor)
            if key not in rules_by_key:
                rules_by_key[key] = loop.product_id._get_rules_from_location(
                    loop.location_id, route_ids=loop.route_id
                )
            delays, _description = (
                rules_by_key[key]
                .with_context(bypass_delay_description=True)
                ._get_lead_days(loop.product_id)
            )
            result[loop] = (delays["total_delay"], "route")
        return result

    def _responsible_users(self):
        """Who is told of the loop's trouble: its responsible, else the company's
        supply-chain managers."""
        self.ensure_one()
        if self.user_id.active:
            return self.user_id
        # sudo: an operator declaring a stockout may not read the group's members.
        managers = self.env.ref("industrial_logistics.group_logistics_manager").sudo().users
        return managers.filtered(
            lambda user: not user.share and self.company_id in user.company_ids
        ).with_env(self.env)

    def _notify_responsible(self, activity_xmlid, summaries):
        """One activity on each loop for each of its responsible users, with a live
        notification, in that user's language; `summaries`: {loop: function(env) returning the
        activity's summary in the language of env}. Returns {loop: users}."""
        told = {}
        for loop in self:
            users = loop._responsible_users()
            told[loop] = users
            for user in users:
                summary = summaries[loop](loop.with_context(lang=user.lang).env)
                # sudo: the people told need not be the caller (an operator, the cron), who
                # may not schedule activities for others; the caller was checked before.
                loop.sudo().with_context(mail_activity_quick_update=True).activity_schedule(
                    activity_xmlid, summary=summary, user_id=user.id
                )
                user._bus_send(
                    "simple_notification",
                    {
                        "type": "warning",
                        "title": loop.display_name,
                        "message": summary,
                        "sticky": True,
                    },
                )
        return told

    @api.model
    def _notify_lost_cards(self, cards):
        """The lost-card cron's run: one activity per loop with cards flagged lost, for its
        responsible (or the supply-chain managers), naming the cards."""
        summaries = {
            loop: lambda env, lost=lost: env._(
                "%(count)s card(s) flagged lost: %(cards)s",
                count=len(lost),
                cards=", ".join(sorted(lost.mapped("barcode"))),
            )
            for loop, lost in cards.grouped("loop_id").items()
        }
        return cards.loop_id._notify_responsible(
            "industrial_logistics.mail_activity_type_lost_card", summaries
        )

    def _done_activities(self, activity_xmlid, feedback):
        """Mark done the loops' open activities of that type (the trouble is over)."""
        if not self:
            return
        activity_type = self.env.ref(activity_xmlid, raise_if_not_found=False)
        if not activity_type:
            return
        # sudo: whoever ends the trouble (an operator, a receipt) closes its activities.
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        if activities:
            activities.action_feedback(feedback=feedback)

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
