from collections import defaultdict

from odoo import Command, models
from odoo.exceptions import UserError

from .logistics_replenishment_advisor_line import (
    APPLIED_TECHNIQUES,
    LOOP_TECHNIQUES,
    RULE_TECHNIQUES,
)


class LogisticsReplenishmentAdvisor(models.Model):
    """Applying the proposals to Odoo's own objects: reorder rules, kanban loops and the
    order routes of the make / buy to order items; one technique per need."""

    _inherit = "logistics.replenishment.advisor"

    def action_apply(self):
        """Write the proposals to Odoo's own objects, in batches: reorder rules (a periodic
        review is a rule reviewed by the cron every its period, up to its level), pull
        loops resized through the kanban sizing, Odoo's MTO route (and the buy or
        manufacture route it needs) for the items made or bought to order. One technique per
        need: switching a need archives the rule or loop of its former technique, and
        switching back brings it back (and takes off the order routes the advisor added).
        A refusal rolls the whole apply back (one transaction)."""
        self.ensure_one()
        self._check_inputs()
        lines = self.line_ids.filtered(lambda line: line.technique in APPLIED_TECHNIQUES)
        to_order = self.line_ids.filtered(lambda line: line.technique == "to_order")
        # the order routes go first: the checks then see the routes the needs will have,
        # and the restored rule or loop is the only replenishment of its need
        self._revert_to_order(lines)
        rules_cache = {}
        self._check_lines_applicable(lines, rules_cache)
        self._check_loops_exist(lines)
        added_routes = self._to_order_routes(to_order)
        rule_lines = lines.filtered(lambda line: line.technique in RULE_TECHNIQUES)
        loop_lines = lines - rule_lines
        # archive before bringing back: the constraint refuses two at any moment
        rule_lines.loop_id.filtered("active").action_archive()
        loop_lines.rule_id.filtered("active").action_archive()
        loop_lines.loop_id.filtered(lambda loop: not loop.active).action_unarchive()
        self._apply_rules(rule_lines, rules_cache)
        self._resize_loops(loop_lines.loop_id)
        self._apply_to_order(to_order, added_routes)
        self.state = "applied"
        return True

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
            self._check_vendor(product)

    def _check_vendor(self, product):
        if "buy" in product.route_ids.rule_ids.mapped("action") and not product.seller_ids:
            raise UserError(
                self.env._("%(product)s is bought but has no vendor.", product=product.display_name)
            )

    def _check_loops_exist(self, lines):
        """The advisor resizes loops, it does not design them (supermarket, cards, route)."""
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

    def _apply_rules(self, lines, rules_cache):
        """Write the existing rules, create the missing ones in one create."""
        calendar_ratio = self._history_calendar_days() / max(1, len(self._working_days()))
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

    def _resize_loops(self, loops):
        """The kanban sizing over the advisor's window, applied as its wizard would."""
        if not loops:
            return
        sizing = self.env["logistics.kanban.sizing"].create(
            {
                "loop_ids": [Command.set(loops.ids)],
                "date_from": self.date_from,
                "date_to": self.date_to,
            }
        )
        sizing.action_compute()
        sizing.action_apply()

    def _mto_route(self):
        """The warehouse's "Replenish on Order (MTO)" route, refused when Odoo would not
        use it: missing, or archived (Odoo ships it archived)."""
        rule = self.warehouse_id.with_context(active_test=False).mto_pull_id
        route = rule.route_id
        if not route:
            raise UserError(
                self.env._(
                    "Warehouse %(warehouse)s has no Replenish on Order (MTO) route: items "
                    "cannot be made or bought to order there.",
                    warehouse=self.warehouse_id.display_name,
                )
            )
        if not (route.active and rule.active):
            raise UserError(
                self.env._(
                    "The route %(route)s is archived: unarchive it (Inventory > "
                    "Configuration > Routes) to make or buy items to order.",
                    route=route.display_name,
                )
            )
        return route

    def _to_order_routes(self, lines):
        """{line: routes to add to its product}: the MTO route, and the buy route (a vendor)
        or the manufacture route (a bill of materials) when the product has neither, so that
        procurement can order it; refused when it can be neither bought nor made."""
        if not lines:
            return {}
        mto = self._mto_route()
        warehouse = self.warehouse_id
        boms = self.env["mrp.bom"]._bom_find(lines.product_id, company_id=self.company_id.id)
        added = {}
        for line in lines:
            product = line.product_id
            self._check_vendor(product)
            routes = product.route_ids | product.categ_id.total_route_ids
            supply = self.env["stock.route"]
            if not {"buy", "manufacture"} & set(routes.rule_ids.mapped("action")):
                if product.seller_ids and warehouse.buy_pull_id.route_id:
                    supply = warehouse.buy_pull_id.route_id
                elif boms.get(product) and warehouse.manufacture_pull_id.route_id:
                    supply = warehouse.manufacture_pull_id.route_id
                else:
                    raise UserError(
                        self.env._(
                            "%(product)s has neither a vendor nor a bill of materials: it "
                            "can be neither bought nor made to order.",
                            product=product.display_name,
                        )
                    )
            added[line] = (mto | supply) - product.route_ids
        return added

    def _apply_to_order(self, lines, added_routes):
        """Archive every active rule and loop of the needs made or bought to order (not only
        the ones the proposals show), then add the order routes to their products; each
        proposal remembers the routes the advisor added, so that switching back removes
        those and no other."""
        if not lines:
            return
        needs = {(line.product_id.id, line.location_id.id) for line in lines}
        domain = [
            ("product_id", "in", lines.product_id.ids),
            ("location_id", "in", lines.location_id.ids),
        ]
        for model in ("logistics.kanban.loop", "stock.warehouse.orderpoint"):
            self.env[model].search(domain).filtered(
                lambda record: (record.product_id.id, record.location_id.id) in needs
            ).action_archive()
        by_routes = defaultdict(lambda: self.env["logistics.replenishment.advisor.line"])
        for line, routes in added_routes.items():
            if routes:
                by_routes[routes] |= line
        for routes, group in by_routes.items():
            group.product_id.write({"route_ids": [Command.link(route.id) for route in routes]})
            group.write({"to_order_route_ids": [Command.link(route.id) for route in routes]})

    def _revert_to_order(self, lines):
        """Take off the order routes the advisor added to the products of these needs,
        unless another need of the product stays made or bought to order."""
        reverted = lines.filtered("to_order_route_ids")
        if not reverted:
            return
        staying = (self.line_ids - reverted).filtered(lambda line: line.technique == "to_order")
        by_routes = defaultdict(lambda: self.env["product.product"])
        for line in reverted:
            if line.product_id not in staying.product_id:
                by_routes[line.to_order_route_ids] |= line.product_id
        for routes, products in by_routes.items():
            products.write({"route_ids": [Command.unlink(route.id) for route in routes]})
        reverted.to_order_route_ids = [Command.clear()]
