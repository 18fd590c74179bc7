from odoo import models
from odoo.tools import SQL

from .logistics_kanban_loop import _prefetched_fields


class LogisticsKanbanLoopProcurement(models.Model):
    """The procurement rule a loop's route picks, and the prefetches that keep finding it cheap."""

    _inherit = "logistics.kanban.loop"

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
