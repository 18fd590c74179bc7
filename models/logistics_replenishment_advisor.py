import math
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..logistics_algorithms import kanban_sizing, lot_sizing, replenishment_policy, segmentation

WORKING_DAYS_A_YEAR = 250.0


class LogisticsReplenishmentAdvisor(models.Model):
    """Propose a replenishment technique and its parameters per product and location of a
    warehouse, from the done consumption of a window (the KPI consumption view), and apply
    the reorder points to Odoo's reorder rules. The maths is in logistics_algorithms."""

    _name = "logistics.replenishment.advisor"
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
    date_from = fields.Date(
        "History From",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(weeks=13),
    )
    date_to = fields.Date(
        "History To",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=1),
    )
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
    line_ids = fields.One2many("logistics.replenishment.advisor.line", "advisor_id", "Proposals")
    state = fields.Selection(
        [("draft", "Draft"), ("computed", "Computed"), ("applied", "Applied")],
        default="draft",
        required=True,
    )

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
        from the KPI consumption view in one grouped query."""
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
        demand = defaultdict(dict)
        for product, location, day, quantity in self.env["logistics.kpi.consumption"]._read_group(
            domain, ["product_id", "location_id", "date:day"], ["quantity:sum"]
        ):
            demand[product, location][day] = quantity
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
        """{(product, location): rule} and {(product, location): loop}: the active loop,
        and the rule even archived (Odoo allows one rule per product and location, so
        switching back to a rule reactivates it)."""
        rules = (
            self.env["stock.warehouse.orderpoint"]
            .with_context(active_test=False)
            .search([("product_id", "in", products.ids), ("location_id", "in", locations.ids)])
        )
        loops = self.env["logistics.kanban.loop"].search(
            [("product_id", "in", products.ids), ("location_id", "in", locations.ids)]
        )
        return (
            {(rule.product_id, rule.location_id): rule for rule in rules},
            {(loop.product_id, loop.location_id): loop for loop in loops},
        )

    def action_compute(self):
        self.ensure_one()
        self._check_inputs()
        demand = self._consumption_by_need()
        if not demand:
            raise UserError(self.env._("No done consumption in this window: nothing to advise."))
        days = self._working_days()
        calendar_days = (self.date_to - self.date_from).days + 1
        products = self.env["product.product"].union(*(product for product, _loc in demand))
        locations = self.env["stock.location"].union(*(loc for _product, loc in demand))
        abc = self._abc_classes(products)
        rules, loops = self._current_settings(products, locations)
        line_vals = []
        for (product, location), per_day in demand.items():
            series = [per_day.get(day, 0.0) for day in sorted(set(days) | set(per_day))]
            # Demand is per working day: express the lead time in working days too.
            lead_time = self._lead_time_days(product, location) * len(series) / calendar_days
            try:
                vals = self._prepare_line_vals(
                    product,
                    location,
                    series,
                    abc.get(product, "C"),
                    (rules.get((product, location)), loops.get((product, location))),
                    lead_time,
                )
            except ValueError as error:
                raise UserError(
                    self.env._(
                        "%(product)s at %(location)s cannot be sized: %(reason)s. Check its "
                        "cost, the holding cost rate and the ordering cost.",
                        product=product.display_name,
                        location=location.display_name,
                        reason=str(error),
                    )
                ) from error
            line_vals.append(vals)
        self.line_ids = [Command.clear()] + [Command.create(vals) for vals in line_vals]
        self.state = "computed"
        return True

    def _service_level(self, abc_class):
        return self[f"service_level_{abc_class.lower()}"]

    @api.model
    def _lead_time_days(self, product, location):
        """Replenishment lead time in calendar days through the rules Odoo procurement
        would follow for this product and location (vendor delay, manufacturing lead time,
        transfer delays), as the kanban sizing does without card history."""
        rules = product._get_rules_from_location(location)
        if not rules:
            return 0.0
        delays, _description = rules.with_context(bypass_delay_description=True)._get_lead_days(
            product
        )
        return delays["total_delay"]

    def _prepare_line_vals(self, product, location, series, abc_class, current, lead_time_wd):
        """Segment, technique and reorder-point parameters of one need; `current` is the
        (rule, loop) pair in place; the lead time is in working days like the series."""
        rule, loop = current
        stats = kanban_sizing.demand_statistics(series)
        seg = segmentation.segment(abc_class, series)
        profile = segmentation.demand_profile(series)
        service_level = self._service_level(abc_class)
        z = replenishment_policy.z_for_service_level(service_level)
        safety = replenishment_policy.safety_stock(z, stats.std, lead_time_wd)
        unit_cost = product.standard_price
        rate = self.company_id.logistics_holding_cost_rate / 100
        seller = product.seller_ids[:1]
        # A free stock (no cost or no holding rate) has no finite EOQ: order a day's demand.
        eoq = (
            lot_sizing.eoq(stats.mean * WORKING_DAYS_A_YEAR, self.ordering_cost, rate, unit_cost)
            if rate * unit_cost > 0
            else 0.0
        )
        pack = product.packaging_ids[:1].qty or 1.0
        lot = lot_sizing.round_lot(eoq or stats.mean, pack, seller.min_qty)
        levels = replenishment_policy.reorder_point(stats.mean, lead_time_wd, safety, lot)
        # Periodic review: the EOQ in days of demand (POQ), order up to S every T days.
        review_days = lot_sizing.period_order_quantity(
            eoq, stats.mean * WORKING_DAYS_A_YEAR, WORKING_DAYS_A_YEAR
        )
        order_up_to = replenishment_policy.order_up_to_level(
            stats.mean, review_days, lead_time_wd, z, stats.std
        )
        sigma_dl = replenishment_policy.lead_time_demand_std(stats.std, lead_time_wd)
        figures = replenishment_policy.expected_figures(
            stats.mean, lot, safety, sigma_dl, unit_cost, rate, WORKING_DAYS_A_YEAR
        )
        backtest_lt = math.ceil(lead_time_wd)
        proposed = replenishment_policy.backtest(
            series, replenishment_policy.MinMaxPolicy(levels.min_qty, levels.max_qty), backtest_lt
        )
        current = self._backtest_current(series, rule, loop, backtest_lt)
        line_side = location != self.warehouse_id.lot_stock_id
        return {
            "product_id": product.id,
            "location_id": location.id,
            "abc_class": abc_class,
            "xyz_class": seg.xyz_class,
            "pattern": seg.pattern,
            "recommended_technique": segmentation.recommend_technique(seg, line_side),
            "rule_id": rule.id if rule else False,
            "loop_id": loop.id if loop else False,
            "demand_days": profile.demand_periods,
            "history_days": len(series),
            "daily_demand": stats.mean,
            "demand_std": stats.std,
            "lead_time_days": lead_time_wd,
            "service_level": service_level,
            "safety_stock": safety,
            "eoq_qty": eoq,
            "lot_qty": lot,
            "min_qty": levels.min_qty,
            "max_qty": levels.max_qty,
            "qty_multiple": pack,
            "review_days": review_days,
            "order_up_to_qty": order_up_to,
            "average_stock": figures.average_stock,
            "holding_cost": figures.holding_cost,
            "orders_per_year": figures.orders_per_year,
            "expected_service_level": figures.cycle_service_level,
            "proposed_stockout_days": proposed.stockout_days,
            "proposed_average_stock": proposed.average_stock,
            "current_stockout_days": current.stockout_days if current else 0,
            "current_average_stock": current.average_stock if current else 0.0,
        }

    @staticmethod
    def _backtest_current(series, rule, loop, lead_time):
        if rule and rule.active and rule.trigger == "auto":
            policy = replenishment_policy.MinMaxPolicy(rule.product_min_qty, rule.product_max_qty)
        elif loop:
            policy = replenishment_policy.KanbanPolicy(loop.container_qty, loop.card_count)
        else:
            return None
        return replenishment_policy.backtest(series, policy, lead_time)

    def _check_lines_applicable(self, lines):
        """Refuse the whole apply on the first line Odoo could not replenish."""
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
            if not product._get_rules_from_location(location):
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
        """Write the reorder points as Odoo reorder rules, in batches; switching a need from
        a loop to a rule archives the loop first (one replenishment per need). Pull loops
        are resized through the kanban sizing; other techniques are left to the planner."""
        self.ensure_one()
        self._check_inputs()
        lines = self.line_ids.filtered(
            lambda line: line.technique in ("reorder_point", "kanban", "double_bin")
        )
        self._check_lines_applicable(lines)
        loopless = lines.filtered(
            lambda line: line.technique in ("kanban", "double_bin") and not line.loop_id
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
        rule_lines = lines.filtered(lambda line: line.technique == "reorder_point")
        loop_lines = lines - rule_lines
        rule_lines.loop_id.filtered("active").action_archive()
        loop_lines.rule_id.filtered("active").action_archive()
        Rule = self.env["stock.warehouse.orderpoint"]
        new_vals = []
        for line in rule_lines:
            vals = line._prepare_orderpoint_vals()
            if line.rule_id:
                line.rule_id.write(vals)
            else:
                new_vals.append(vals)
        rules = Rule.create(new_vals)
        for line, rule in zip(
            rule_lines.filtered(lambda line: not line.rule_id), rules, strict=True
        ):
            line.rule_id = rule
        loops = loop_lines.loop_id.filtered("active")
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
