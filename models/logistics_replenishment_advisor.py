from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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
        """{(product, location): (dates, quantities)} of done consumption in the window, the
        days in order, read from the KPI consumption view in one query that sums each day and
        gathers a need's days in one row (a million moves make a million day rows: arrays
        keep them out of Python's tuples)."""
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
        daily = query.select(*columns, SQL("sum(%s.quantity) AS quantity", table))
        rows = self.env.execute_query(
            SQL(
                """SELECT product_id, location_id, array_agg(date ORDER BY date),
                          array_agg(quantity ORDER BY date)
                     FROM (%s) AS daily
                 GROUP BY product_id, location_id""",
                daily,
            )
        )
        # one recordset each, so that reading their fields later prefetches them all
        products = self.env["product.product"].browse({row[0] for row in rows})
        locations = self.env["stock.location"].browse({row[1] for row in rows})
        product_of = {product.id: product for product in products}
        location_of = {location.id: location for location in locations}
        return {
            (product_of[product_id], location_of[location_id]): (dates, quantities)
            for product_id, location_id, dates, quantities in rows
        }

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
        products = self.env["product.product"].union(*(product for product, _loc in demand))
        locations = self.env["stock.location"].union(*(loc for _product, loc in demand))
        self._check_products(products)
        context = self._sizing_context(products, locations)
        Sizing = self.env["logistics.replenishment.sizing"]
        line_vals = []
        for (product, location), (dates, quantities) in demand.items():
            need, settings = self._prepare_need(context, product, location, dates, quantities)
            try:
                vals = Sizing._size(need, settings)
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
            kept = context["kept"].get((product.id, location.id))
            line_vals.append(self._prepare_line_vals(vals, kept))
        self.line_ids = [Command.clear()] + [Command.create(vals) for vals in line_vals]
        self.state = "computed"
        return True

    def _sizing_context(self, products, locations):
        """What every need of the scope shares, read once for all of them: working days,
        ABC classes, rules and loops in place, measured lead times, vendors, packagings and
        routes, the planner's choices, the advisor's settings."""
        days = self._working_days()
        rules, loops = self._current_settings(products, locations)
        measured = self.env["logistics.replenishment.lead.time"]._measured_lead_times(
            self.warehouse_id, products, locations, self.date_from, self.date_to
        )
        # one read of the vendors, packagings and routes of all the products, not one a need
        products.fetch(["seller_ids", "packaging_ids", "route_ids", "categ_id"])
        products.seller_ids.fetch(["partner_id", "min_qty", "delay"])
        return {
            "days": days,
            "day_index": {day: index for index, day in enumerate(days)},
            "calendar_days": self._history_calendar_days(),
            "abc": self._abc_classes(products),
            "rules": rules,
            "loops": loops,
            "measured": measured,
            "rules_cache": {},
            "shared_vendors": self._shared_vendors(products),
            "overrides": {
                (line.product_id, line.location_id): line._planner_choices()
                for line in self.line_ids
            },
            # the routes applying "to order" added stay known through a recompute
            "kept": {
                (line.product_id.id, line.location_id.id): line.to_order_route_ids
                for line in self.line_ids
                if line.to_order_route_ids
            },
            "service_levels": {c: self._service_level(c) for c in ("A", "B", "C")},
        }

    def _prepare_need(self, context, product, location, dates, quantities):
        """The Need of one product at one location and the sizing settings it uses."""
        days, day_index = context["days"], context["day_index"]
        if all(day in day_index for day in dates):
            series = [0.0] * len(days)
            for day, quantity in zip(dates, quantities, strict=True):
                series[day_index[day]] = quantity
        else:  # consumption on a day off counts as one more day of the history
            per_day = dict(zip(dates, quantities, strict=True))
            days = sorted(set(days) | per_day.keys())
            series = [per_day.get(day, 0.0) for day in days]
        # Demand is per working day: express the lead time in working days too.
        factor = len(series) / context["calendar_days"]
        lead, lead_std, source, samples = self.env["logistics.replenishment.lead.time"]._lead_time(
            context["measured"], product, location, context["rules_cache"]
        )
        seller = product.seller_ids[:1]
        need = Need(
            product,
            location,
            series,
            weekly_buckets(days, series),
            context["abc"].get(product, "C"),
            (context["rules"].get((product, location)), context["loops"].get((product, location))),
            (lead * factor, lead_std * factor, source, samples),
            {
                "line_side": location != self.warehouse_id.lot_stock_id,
                "small_parts": product.standard_price <= self.small_part_max_cost,
                "shared_vendor": seller.partner_id in context["shared_vendors"],
            },
            context["overrides"].get((product, location), {}),
        )
        settings = {
            "service_levels": context["service_levels"],
            "ordering_cost": self.ordering_cost,
            "holding_rate": self.company_id.logistics_holding_cost_rate / 100,
            "pack_qty": product.packaging_ids[:1].qty or 1.0,
            "vendor_min_qty": seller.min_qty,
        }
        return need, settings

    @api.model
    def _prepare_line_vals(self, vals, kept_routes):
        """The values of one proposal line, without the empty figures (a missing number
        reads as 0, a missing link as none): fewer values for the ORM to convert, line by
        line."""
        vals = {name: value for name, value in vals.items() if value}
        if kept_routes:
            vals["to_order_route_ids"] = [Command.set(kept_routes.ids)]
        return vals

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

    def action_fix_conflicts(self):
        """One click for the needs an automatic rule and a loop both replenish (data older
        than the constraint): keep what each proposal's technique says, archive the other."""
        self.ensure_one()
        self.line_ids.filtered("has_conflict").action_fix_conflict()
        return True
