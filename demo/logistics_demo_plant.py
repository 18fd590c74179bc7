import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

HISTORY_WEEKS = 26
# Finished goods built per working day on each line: (mean, spread).
DAILY_OUTPUT = {1: (6, 2), 2: (8, 3), 3: (10, 3)}


class LogisticsDemoPlant(models.AbstractModel):
    """Builds the demo plant's six months of stock history at demo install.

    The history is generated, not written as XML rows, so that it always ends
    yesterday and stays consistent (receipts into the supermarket, weekly
    supply of the lines, daily consumption at the line side). A fixed seed
    makes every install produce the same quantities.
    """

    _name = "logistics.demo.plant"
    _description = "Industrial Logistics Demo Plant"

    @api.model
    def _generate_history(self):
        rng = random.Random(2024)
        ref = self.env.ref
        supermarket = ref("industrial_logistics.demo_location_supermarket")
        supplier = ref("stock.stock_location_suppliers")
        inventory = self.env["stock.location"].search(
            [("usage", "=", "inventory"), ("company_id", "=", self.env.company.id)], limit=1
        )
        today = fields.Date.context_today(self)
        first_day = today - timedelta(weeks=HISTORY_WEEKS)
        days = [first_day + timedelta(days=i) for i in range((today - first_day).days)]
        working_days = [day for day in days if day.weekday() < 5]

        # component -> [(line-side location, quantity per finished good, line)]
        usage = defaultdict(list)
        for line in (1, 2, 3):
            bom = ref(f"industrial_logistics.demo_bom_fg0{line}")
            spots = ref(f"industrial_logistics.demo_location_line{line}").child_ids.sorted("name")
            for index, bom_line in enumerate(bom.bom_line_ids.sorted("id")):
                spot = spots[index % len(spots)]
                usage[bom_line.product_id].append((spot, bom_line.product_qty, line))

        output = {
            (line, day): max(0, round(rng.gauss(mean, spread)))
            for day in working_days
            for line, (mean, spread) in DAILY_OUTPUT.items()
        }

        moves = []  # (vals, date)

        def add(product, source, destination, quantity, when):
            if quantity > 0:
                moves.append(((product, source, destination, quantity), when))

        opening = datetime.combine(first_day - timedelta(days=1), time(6, 0))
        for product, uses in usage.items():
            weekly_need = defaultdict(float)
            for spot, per_unit, line in uses:
                average_week = DAILY_OUTPUT[line][0] * per_unit * 5
                add(product, inventory, spot, average_week * 1.5, opening)
                for day in working_days:
                    quantity = output[line, day] * per_unit
                    add(
                        product,
                        spot,
                        product.property_stock_production,
                        quantity,
                        datetime.combine(day, time(14, 0)),
                    )
                    weekly_need[spot, day - timedelta(days=day.weekday())] += quantity
            four_weeks = sum(DAILY_OUTPUT[line][0] * q * 20 for _spot, q, line in uses)
            add(product, inventory, supermarket, four_weeks * 1.5, opening)
            for week in range(0, HISTORY_WEEKS, 4):
                add(
                    product,
                    supplier,
                    supermarket,
                    four_weeks,
                    datetime.combine(first_day + timedelta(weeks=week), time(8, 0)),
                )
            for (spot, monday), quantity in weekly_need.items():
                add(product, supermarket, spot, quantity, datetime.combine(monday, time(6, 0)))
        self._create_done_moves(moves)

    def _create_done_moves(self, moves):
        """Create, validate and back-date the history in one batch."""
        vals_list = [
            self._prepare_done_move_vals(
                product, source, destination, quantity, f"Demo history: {product.display_name}"
            )
            for (product, source, destination, quantity), _when in moves
        ]
        records = self.env["stock.move"].create(vals_list)
        records._action_confirm(merge=False)
        records._action_done()
        dates = [(move.id, when) for move, (_vals, when) in zip(records, moves, strict=False)]
        values = SQL(", ").join(
            SQL("(%s, %s::timestamp)", move_id, when) for move_id, when in dates
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH history(move_id, date) AS (VALUES %s)
            , moves AS (
                UPDATE stock_move m SET date = h.date FROM history h WHERE m.id = h.move_id
            ), lines AS (
                UPDATE stock_move_line l SET date = h.date
                  FROM history h WHERE l.move_id = h.move_id
            )
            UPDATE stock_valuation_layer v SET create_date = h.date
              FROM history h WHERE v.stock_move_id = h.move_id
            """,
                values,
            )
        )
        self.env.invalidate_all()

    @api.model
    def _prepare_done_move_vals(self, product, source, destination, quantity, name):
        """A move carrying its own picked line: confirmed, then `_action_done`, it moves the
        quantity at once without reserving, whatever the source holds (a past day of the demo
        history, a test's fixture)."""
        return {
            "name": name,
            "product_id": product.id,
            "product_uom": product.uom_id.id,
            "product_uom_qty": quantity,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "picked": True,
            "move_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_id": product.uom_id.id,
                        "quantity": quantity,
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "picked": True,
                    }
                )
            ],
        }

    @api.model
    def _generate_card_history(self, weeks=8, seed=7):
        """Back-dated card cycles (scan, then receipt) for the demo loops over the
        last weeks, paced by their real consumption, so that the loops show a measured cycle
        and lead time and the sizing uses them."""
        rng = random.Random(seed)
        now = fields.Datetime.now()
        start = now - timedelta(weeks=weeks)
        loops = self.env["logistics.kanban.loop"].search([])
        consumed = {
            (product.id, location.id): quantity
            for product, location, quantity in self.env["stock.move"]._read_group(
                [
                    ("state", "=", "done"),
                    ("date", ">=", start),
                    ("product_id", "in", loops.product_id.ids),
                    ("location_id", "in", loops.location_id.ids),
                ],
                ["product_id", "location_id"],
                ["product_qty:sum"],
            )
        }
        scans = []
        for loop in loops:
            daily = consumed.get((loop.product_id.id, loop.location_id.id), 0.0) / (weeks * 7)
            if not daily:
                continue
            cycle_days = loop.card_count * loop.container_qty / daily
            lead_days = max(0.1, (loop._sizing_lead_times()[loop][0] or 1) * 0.8)
            for card in loop.card_ids:
                date = start + timedelta(days=rng.uniform(0, cycle_days))
                previous = None
                while date < now - timedelta(days=lead_days * 1.5):
                    lead = lead_days * rng.uniform(0.6, 1.4)
                    scans.append(
                        {
                            "date": date,
                            "user_id": self.env.ref("base.user_admin").id,
                            "company_id": loop.company_id.id,
                            "source": "demo",
                            "barcode": card.barcode,
                            "card_id": card.id,
                            "loop_id": loop.id,
                            "status": "ok",
                            "message": self.env._("Demo history"),
                            "state_before": "full",
                            "state_after": "replenishing",
                            "cycle_days": (date - previous).total_seconds() / 86400
                            if previous
                            else False,
                            "date_received": date + timedelta(days=lead),
                            "lead_time_days": lead,
                        }
                    )
                    previous = date
                    date += timedelta(days=cycle_days * rng.uniform(0.8, 1.2))
                if previous:
                    card.write(
                        {
                            "date_last_empty": previous,
                            "date_last_full": scans[-1]["date_received"],
                            "date_last_move": scans[-1]["date_received"],
                        }
                    )
        self.env["logistics.kanban.scan"].create(scans)
        loops._update_measures()
