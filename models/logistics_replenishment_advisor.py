from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .logistics_replenishment_advisor_line import (
    APPLIED_TECHNIQUES,
    LOOP_TECHNIQUES,
    RULE_TECHNIQUES,
)
from .logistics_replenishment_sizing import Need, weekly_buckets


class LogisticsReplenishmentAdvisor(models.Model):
    """Propose a replenishment technique and its parameters per product and location of a
    warehouse, from the done consumption of a window (the KPI consumption view), and apply
    the reorder points to Odoo's reorder rules. The maths is in logistics_algorithms."""

    _name = "logistics.replenishment.advisor"
    _inherit = ["logistics.history.window"]
    _description = "Replenishment Policy Advisor"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, default=lambda self: self.env._("Replenishment advice"))
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        default=lambda self: self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        ),
    )
    categ_id = fields.Many2one("product.category", "Product Category")
    product_ids = fields.Many2many("product.product", string="Products", check_company=True)
    location_ids = fields.Many2many("stock.location", string="Locations", check_company=True)
    ordering_cost = fields.Float(
        default=50.0, help="Cost of one order or setup, in company currency."
    )
    service_level_a = fields.Float(
        help="Target cycle service level of the items of class A in the warehouse.",
        default=0.98,
        digits=(16, 4),
    )
    service_level_b = fields.Float(
        help="Target cycle service level of the items of class B in the warehouse.",
        default=0.95,
        digits=(16, 4),
    )
    service_level_c = fields.Float(
        help="Target cycle service level of the items of class C in the warehouse.",
        default=0.90,
        digits=(16, 4),
    )
    small_part_max_cost = fields.Float(
        "Small Part Cost",
        default=5.0,
        help="Items of this unit cost or less are small parts: double-bin at the line, "
        "periodic review when their vendor supplies many items of the scope.",
    )
    shared_vendor_min_items = fields.Integer(
        "Items of a Shared Vendor",
        default=5,
        help="A vendor supplying at least this many items of the scope gets one order per "
        "review period for its small items (periodic review).",
    )
    line_ids = fields.One2many("logistics.replenishment.advisor.line", "advisor_id", "Proposals")
    conflict_count = fields.Integer(
        "Needs Replenished Twice",
        compute="_compute_conflict_count",
        help="Proposals whose need has both an automatic reorder rule and a kanban loop.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("computed", "Computed"), ("applied", "Applied")],
        default="draft",
        required=True,
    )

    @api.depends("line_ids.has_conflict")
    def _compute_conflict_count(self):
        for advisor in self:
            advisor.conflict_count = len(advisor.line_ids.filtered("has_conflict"))

    @api.constrains("date_from", "date_to")
    def _check_window(self):
        for advisor in self:
            if advisor.date_from > advisor.date_to:
                raise ValidationError(self.env._("The history must start before it ends."))

    def _check_inputs(self):
        """Refuse what the formulas cannot use, before anything is computed or written."""
        for advisor in self:
            for level in (
                advisor.service_level_a,
                advisor.service_level_b,
                advisor.service_level_c,
            ):
                if not 0 < level < 1:
                    raise UserError(
                        self.env._(
                            "A service level must lie strictly between 0 %% and 100 %%, "
                            "not %(level)s %%: 100 %% would need an infinite stock.",
                            level=round(level * 100, 2),
                        )
                    )
            if advisor.ordering_cost < 0:
                raise UserError(
                    self.env._(
                        "The ordering cost cannot be negative (%(cost)s).",
                        cost=advisor.ordering_cost,
                    )
                )

    def _consumption_by_need(self):
        """{(product, location): {day: quantity}} of done consumption in the window, read
        from the KPI consumption view in one grouped query (plain values: a million moves
        make a million day rows, too many to turn into records one by one)."""
        domain = [
            ("warehouse_id", "=", self.warehouse_id.id),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        if self.categ_id:
            domain.append(("categ_id", "child_of", self.categ_id.id))
        if self.product_ids:
            domain.append(("product_id", "in", self.product_ids.ids))
        if self.location_ids:
            domain.append(("location_id", "in", self.location_ids.ids))
        Consumption = self.env["logistics.kpi.consumption"]
        Consumption.flush_model()
        query = Consumption._search(domain)
        table = SQL.identifier(Consumption._table)
        columns = [
            SQL("%s.%s", table, SQL.identifier(name))
            for name in ("product_id", "location_id", "date")
        ]
        query.groupby = SQL(", ").join(columns)
        rows = self.env.execute_query(query.select(*columns, SQL("sum(%s.quantity)", table)))
        # one recordset each, so that reading their fields later prefetches them all
        products = self.env["product.product"].browse({row[0] for row in rows})
        locations = self.env["stock.location"].browse({row[1] for row in rows})
        product_of = {product.id: product for product in products}
        location_of = {location.id: location for location in locations}
        demand = defaultdict(dict)
        for product_id, location_id, day, quantity in rows:
            demand[product_of[product_id], location_of[location_id]][day] = quantity
        return demand

    def _working_days(self):
        """Working days of the window, from the company calendar (the sizing wizard's)."""
        sizing = self.env["logistics.kanban.sizing"].new(
            {"date_from": self.date_from, "date_to": self.date_to}
        )
        return sorted(sizing._working_days_by_company(self.company_id)[self.company_id])

    def _abc_classes(self, products):
        """{product: current ABC class in the warehouse}."""
        rows = self.env["logistics.abc.history"].search_fetch(
            [
                ("warehouse_id", "=", self.warehouse_id.id),
                ("product_id", "in", products.ids),
                ("is_current", "=", True),
            ],
            ["product_id", "abc_class"],
        )
        return {row.product_id: row.abc_class for row in rows}

    def _current_settings(self, products, locations):
        """{(product, location): rule} and {(product, location): loop}, archived ones
        included (an active one first): switching a need back to its former technique
        brings that rule or loop back rather than making a second one."""
        rules = (
            self.env["stock.warehouse.orderpoint"]
            .with_context(active_test=False)
            .search([("product_id", "in", products.ids), ("location_id", "in", locations.ids)])
        )
        loops = (
            self.env["logistics.kanban.loop"]
            .with_context(active_test=False)
            .search(
                [("product_id", "in", products.ids), ("location_id", "in", locations.ids)],
                order="active, id",
            )
        )
        # later entries win: the active loop, else the newest archived one
        return (
            {(rule.product_id, rule.location_id): rule for rule in rules},
            {(loop.product_id, loop.location_id): loop for loop in loops},
        )

    def action_compute(self):
        """Size every need of the scope; the planner's choices of technique, lot method
        and fixed lot on the previous proposals are kept."""
        self.ensure_one()
        self._check_inputs()
        demand = self._consumption_by_need()
        if not demand:
            raise UserError(self.env._("No done consumption in this window: nothing to advise."))
        days = self._working_days()
        calendar_days = (self.date_to - self.date_from).days + 1
        products = self.env["product.product"].union(*(product for product, _loc in demand))
        locations = self.env["stock.location"].union(*(loc for _product, loc in demand))
        self._check_products(products)
        abc = self._abc_classes(products)
        rules, loops = self._current_settings(products, locations)
        Sizing = self.env["logistics.replenishment.sizing"]
        LeadTime = self.env["logistics.replenishment.lead.time"]
        measured = LeadTime._measured_lead_times(
            self.warehouse_id, products, locations, self.date_from, self.date_to
        )
        # one read of the vendors, packagings and routes of all the products, not one a need
        products.fetch(["seller_ids", "packaging_ids", "route_ids", "categ_id"])
        products.seller_ids.fetch(["partner_id", "min_qty", "delay"])
        rules_cache = {}
        shared_vendors = self._shared_vendors(products)
        overrides = {
            (line.product_id, line.location_id): line._planner_choices() for line in self.line_ids
        }
        settings = {
            "service_levels": {c: self._service_level(c) for c in ("A", "B", "C")},
            "ordering_cost": self.ordering_cost,
            "holding_rate": self.company_id.logistics_holding_cost_rate / 100,
        }
        line_vals = []
        for (product, location), per_day in demand.items():
            dates = sorted(set(days) | set(per_day))
            series = [per_day.get(day, 0.0) for day in dates]
            # Demand is per working day: express the lead time in working days too.
            factor = len(series) / calendar_days
            lead, lead_std, source, samples = LeadTime._lead_time(
                measured, product, location, rules_cache
            )
            need = Need(
                product,
                location,
                series,
                weekly_buckets(dates, series),
                abc.get(product, "C"),
                (rules.get((product, location)), loops.get((product, location))),
                (lead * factor, lead_std * factor, source, samples),
                {
                    "line_side": location != self.warehouse_id.lot_stock_id,
                    "small_parts": product.standard_price <= self.small_part_max_cost,
                    "shared_vendor": product.seller_ids[:1].partner_id in shared_vendors,
                },
                overrides.get((product, location), {}),
            )
            seller = product.seller_ids[:1]
            settings["pack_qty"] = product.packaging_ids[:1].qty or 1.0
            settings["vendor_min_qty"] = seller.min_qty
            try:
                line_vals.append(Sizing._size(need, settings))
            except ValueError as error:
                raise UserError(
                    self.env._(
                        "%(product)s at %(location)s cannot be sized: %(reason)s. Check its "
                        "cost, the holding cost rate, the ordering cost and its fixed lot.",
                        product=product.display_name,
                        location=location.display_name,
                        reason=Sizing._error_reason(error),
                    )
                ) from error
        self.line_ids = [Command.clear()] + [Command.create(vals) for vals in line_vals]
        self.state = "computed"
        return True

    def _service_level(self, abc_class):
        return self[f"service_level_{abc_class.lower()}"]

    def _shared_vendors(self, products):
        """Main vendors of at least `shared_vendor_min_items` products of the scope: their
        small items can share one order per review period."""
        count = defaultdict(int)
        for product in products:
            count[product.seller_ids[:1].partner_id] += 1
        return {
            vendor
            for vendor, items in count.items()
            if vendor and items >= self.shared_vendor_min_items
        }

    def _check_products(self, products):
        """A negative cost makes every figure meaningless: refuse before sizing."""
        negative = products.filtered(lambda product: product.standard_price < 0)
        if negative:
            raise UserError(
                self.env._(
                    "%(product)s has a negative cost (%(cost)s): correct it before sizing.",
                    product=negative[0].display_name,
                    cost=negative[0].standard_price,
                )
            )

    def _check_lines_applicable(self, lines, rules_cache):
        """Refuse the whole apply on the first line Odoo could not replenish."""
        LeadTime = self.env["logistics.replenishment.lead.time"]
        for line in lines:
            product, location = line.product_id, line.location_id
            if not product.is_storable:
                raise UserError(
                    self.env._(
                        "%(product)s is not tracked in stock: it cannot have a reorder rule "
                        "or a kanban loop.",
                        product=product.display_name,
                    )
                )
            if not LeadTime._rules(product, location, rules_cache):
                raise UserError(
                    self.env._(
                        "%(product)s has no route that replenishes %(location)s: give it a "
                        "vendor or a route first.",
                        product=product.display_name,
                        location=location.display_name,
                    )
                )
            if "buy" in product.route_ids.rule_ids.mapped("action") and not product.seller_ids:
                raise UserError(
                    self.env._(
                        "%(product)s is bought but has no vendor.", product=product.display_name
                    )
                )

    def action_apply(self):
        """Write the proposals to Odoo's own objects, in batches: reorder rules (a periodic
        review is a rule reviewed by the cron every its period, up to its level), pull
        loops resized through the kanban sizing. One technique per need: switching a need
        from a loop to a rule archives the loop, and the reverse (the archived one comes
        back when the planner switches again). Make / buy to order is left to the planner."""
        self.ensure_one()
        self._check_inputs()
        lines = self.line_ids.filtered(lambda line: line.technique in APPLIED_TECHNIQUES)
        rules_cache = {}
        self._check_lines_applicable(lines, rules_cache)
        loopless = lines.filtered(
            lambda line: line.technique in LOOP_TECHNIQUES and not line.loop_id
        )
        if loopless:
            raise UserError(
                self.env._(
                    "%(product)s at %(location)s has no kanban loop yet: create it (the "
                    "advisor resizes existing loops) or choose another technique.",
                    product=loopless[0].product_id.display_name,
                    location=loopless[0].location_id.display_name,
                )
            )
        rule_lines = lines.filtered(lambda line: line.technique in RULE_TECHNIQUES)
        loop_lines = lines - rule_lines
        # archive before bringing back: the constraint refuses two at any moment
        rule_lines.loop_id.filtered("active").action_archive()
        loop_lines.rule_id.filtered("active").action_archive()
        loop_lines.loop_id.filtered(lambda loop: not loop.active).action_unarchive()
        self._apply_rules(rule_lines, rules_cache)
        loops = loop_lines.loop_id
        if loops:
            sizing = self.env["logistics.kanban.sizing"].create(
                {
                    "loop_ids": [Command.set(loops.ids)],
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )
            sizing.action_compute()
            sizing.action_apply()
        self.state = "applied"
        return True

    def _apply_rules(self, lines, rules_cache):
        """Write the existing rules, create the missing ones in one create."""
        calendar_ratio = ((self.date_to - self.date_from).days + 1) / max(
            1, len(self._working_days())
        )
        new_vals, new_lines = [], self.env["logistics.replenishment.advisor.line"]
        for line in lines:
            vals = line._prepare_orderpoint_vals(calendar_ratio, rules_cache)
            if line.rule_id:
                line.rule_id.write(vals)
            else:
                new_vals.append(vals)
                new_lines |= line
        rules = self.env["stock.warehouse.orderpoint"].create(new_vals)
        for line, rule in zip(new_lines, rules, strict=True):
            line.rule_id = rule

    def action_fix_conflicts(self):
        """One click for the needs an automatic rule and a loop both replenish (data older
        than the constraint): keep what each proposal's technique says, archive the other."""
        self.ensure_one()
        self.line_ids.filtered("has_conflict").action_fix_conflict()
        return True
