from datetime import datetime, time, timedelta

from odoo import api, models
from odoo.tools import SQL

# Fewer receipts than this say too little of a lead time: Odoo's delays are used instead.
MIN_LEAD_TIME_SAMPLES = 3


class LogisticsReplenishmentLeadTime(models.AbstractModel):
    """The replenishment lead time of each need as it was measured in the history, one query
    per source (purchase receipts, manufacturing orders, internal transfers) whatever the
    number of products, falling back to the delays Odoo plans with when too few were done."""

    _name = "logistics.replenishment.lead.time"
    _description = "Replenishment Lead Time Measurement"

    @api.model
    def _measured_lead_times(self, warehouse, products, locations, date_from, date_to):
        """{source: {key: (samples, mean days, std days)}} of the replenishments done in the
        window, in calendar days: "purchase" and "production" keyed by product id (what the
        warehouse receives or makes), "transfer" by (product id, destination location id)."""
        window = (
            datetime.combine(date_from, time.min),
            datetime.combine(date_to + timedelta(days=1), time.min),
        )
        self.env.flush_all()
        return {
            "purchase": self._purchase_lead_times(warehouse, products, window),
            "production": self._production_lead_times(warehouse, products, window),
            "transfer": self._transfer_lead_times(products, locations, window),
        }

    @api.model
    def _purchase_lead_times(self, warehouse, products, window):
        """{product id: (samples, mean, std)}: purchase order confirmed -> receipt done."""
        rows = self.env.execute_query(
            SQL(
                """SELECT m.product_id, count(*), avg(%(days)s), stddev_pop(%(days)s)
                     FROM stock_move m
                     JOIN purchase_order_line l ON l.id = m.purchase_line_id
                     JOIN purchase_order o ON o.id = l.order_id
                     JOIN stock_location src ON src.id = m.location_id
                     JOIN stock_picking_type t ON t.id = m.picking_type_id
                    WHERE m.state = 'done' AND src.usage = 'supplier'
                      AND o.date_approve IS NOT NULL AND m.date >= o.date_approve
                      AND t.warehouse_id = %(warehouse)s AND m.product_id = ANY(%(products)s)
                      AND m.date >= %(start)s AND m.date < %(stop)s
                 GROUP BY m.product_id""",
                # purchase order confirmation -> receipt done
                days=SQL("extract(epoch FROM m.date - o.date_approve) / 86400.0"),
                warehouse=warehouse.id,
                products=products.ids,
                start=window[0],
                stop=window[1],
            )
        )
        return {row[0]: tuple(row[1:]) for row in rows}

    @api.model
    def _production_lead_times(self, warehouse, products, window):
        """{product id: (samples, mean, std)}: manufacturing order created -> done."""
        rows = self.env.execute_query(
            SQL(
                """SELECT p.product_id, count(*), avg(%(days)s), stddev_pop(%(days)s)
                     FROM mrp_production p
                     JOIN stock_picking_type t ON t.id = p.picking_type_id
                    WHERE p.state = 'done' AND p.date_finished >= p.create_date
                      AND t.warehouse_id = %(warehouse)s AND p.product_id = ANY(%(products)s)
                      AND p.date_finished >= %(start)s AND p.date_finished < %(stop)s
                 GROUP BY p.product_id""",
                # Odoo stores no confirmation date on an MO; the ones a rule or a card
                # creates are confirmed when created, so creation -> done.
                days=SQL("extract(epoch FROM p.date_finished - p.create_date) / 86400.0"),
                warehouse=warehouse.id,
                products=products.ids,
                start=window[0],
                stop=window[1],
            )
        )
        return {row[0]: tuple(row[1:]) for row in rows}

    @api.model
    def _transfer_lead_times(self, products, locations, window):
        """{(product id, destination id): (samples, mean, std)}: internal move created ->
        done."""
        rows = self.env.execute_query(
            SQL(
                """SELECT m.product_id, m.location_dest_id, count(*), avg(%(days)s),
                          stddev_pop(%(days)s)
                     FROM stock_move m
                     JOIN stock_location src ON src.id = m.location_id
                     JOIN stock_picking_type t ON t.id = m.picking_type_id
                    WHERE m.state = 'done' AND t.code = 'internal' AND src.usage = 'internal'
                      AND m.date >= m.create_date
                      AND m.product_id = ANY(%(products)s)
                      AND m.location_dest_id = ANY(%(locations)s)
                      AND m.date >= %(start)s AND m.date < %(stop)s
                 GROUP BY m.product_id, m.location_dest_id""",
                # the move is created when the need is procured, done when it arrives
                days=SQL("extract(epoch FROM m.date - m.create_date) / 86400.0"),
                products=products.ids,
                locations=locations.ids,
                start=window[0],
                stop=window[1],
            )
        )
        return {(row[0], row[1]): tuple(row[2:]) for row in rows}

    @api.model
    def _rules(self, product, location, cache):
        """The rules procurement would follow to replenish `location` with `product`
        (Odoo's `_get_rules_from_location`), looked up once per set of routes and location:
        they depend on the product only through its routes and its category's."""
        # first by the product's own routes and category (cheap to read), then by the set
        # of routes they make (what the rules depend on)
        quick_key = (product.route_ids._ids, product.categ_id.id, location.id)
        if quick_key not in cache:
            key = (
                frozenset((product.route_ids | product.categ_id.total_route_ids).ids),
                location.id,
            )
            if key not in cache:
                cache[key] = product._get_rules_from_location(location)
            cache[quick_key] = cache[key]
        return cache[quick_key]

    @api.model
    def _lead_time(self, measured, product, location, cache=None):
        """(days, std days, source code, samples) of one need: the history of the source
        its first replenishment rule uses, else Odoo's delays for those rules (vendor
        delay, manufacturing lead time, rule delays), as procurement would plan them.
        `cache` keeps the rules found between calls (see `_rules`)."""
        rules = self._rules(product, location, {} if cache is None else cache)
        action = rules[:1].action
        if action == "buy":
            source, key = "purchase", product.id
        elif action == "manufacture":
            source, key = "production", product.id
        else:
            source, key = "transfer", (product.id, location.id)
        samples, mean, std = measured[source].get(key, (0, 0.0, 0.0))
        if samples >= MIN_LEAD_TIME_SAMPLES:
            return float(mean), float(std or 0.0), source, samples
        if not rules:
            return 0.0, 0.0, "none", 0
        delays, _description = rules.with_context(bypass_delay_description=True)._get_lead_days(
            product
        )
        return float(delays["total_delay"]), 0.0, "odoo", samples
