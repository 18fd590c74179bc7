from collections import defaultdict
from datetime import date, datetime, time, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import Form

from .common_kanban import KanbanCommon


class TestKanbanSizing(KanbanCommon):
    """The sizing wizard sizes loops from the fixture's consumption history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.date_from = cls.today - timedelta(weeks=8)
        cls.date_to = cls.today - timedelta(days=1)

    def _wizard(self, loops, **values):
        form = Form(
            self.env["logistics.kanban.sizing"]
            .with_user(self.manager)
            .with_context(active_model="logistics.kanban.loop", active_ids=loops.ids)
        )
        form.date_from = values.get("date_from", self.date_from)
        form.date_to = values.get("date_to", self.date_to)
        form.backtest_weeks = values.get("backtest_weeks", 4)
        wizard = form.save()
        wizard.action_compute()
        return wizard

    def _line(self, wizard, loop):
        return wizard.line_ids.filtered(lambda line: line.loop_id == loop)

    def _daily_consumption(self, loop):
        per_day = defaultdict(float)
        for move in self.env["stock.move"].search(
            [
                ("state", "=", "done"),
                ("product_id", "=", loop.product_id.id),
                ("location_id", "=", loop.location_id.id),
                ("location_dest_id.usage", "=", "production"),
            ]
        ):
            day = fields.Datetime.context_timestamp(self.env.user, move.date).date()
            if self.date_from <= day <= self.date_to:
                per_day[day] += move.product_qty
        return per_day

    def test_wizard_opened_on_selected_loops_sizes_them(self):
        wizard = self._wizard(self.loop_resupply | self.loop_double_bin)
        self.assertEqual(wizard.loop_ids, self.loop_resupply | self.loop_double_bin)
        self.assertEqual(len(wizard.line_ids), 2)

    def test_demand_is_the_mean_consumption_per_working_day(self):
        wizard = self._wizard(self.loop_resupply)
        consumption = self._daily_consumption(self.loop_resupply)
        calendar = self.env.company.resource_calendar_id
        working_days = {
            day
            for day in (self.date_from + timedelta(days=n) for n in range(60))
            if day <= self.date_to
            and str(day.weekday()) in calendar.attendance_ids.mapped("dayofweek")
        }
        self.assertTrue(consumption and set(consumption) <= working_days)
        expected = sum(consumption.values()) / len(working_days)
        self.assertAlmostEqual(self._line(wizard, self.loop_resupply).demand_daily_qty, expected)

    def test_consumption_of_all_loops_is_read_in_one_query(self):
        wizard = self._wizard(self.loop_resupply)
        loops = self.loop_resupply | self.loop_buy | self.loop_double_bin
        self.env.flush_all()
        with self.assertQueryCount(1):
            demand = wizard._consumption_by_loop(loops)
        self.assertEqual(
            set(demand), set((self.loop_resupply | self.loop_buy | self.loop_double_bin).ids)
        )

    def test_lead_time_falls_back_on_the_route_delays_then_on_the_measured_median(self):
        wizard = self._wizard(self.loop_resupply | self.loop_buy)
        resupply, buy = self._line(wizard, self.loop_resupply), self._line(wizard, self.loop_buy)
        self.assertEqual((resupply.lead_time_source, resupply.lead_time_days), ("route", 1.0))
        seller = self.bracket.seller_ids[:1]
        company = self.env.company
        self.assertEqual(buy.lead_time_source, "route")
        self.assertEqual(
            buy.lead_time_days, seller.delay + company.po_lead + company.days_to_purchase
        )
        self.loop_resupply.sudo().lead_time_measured_days = 2.5
        wizard.action_compute()
        resupply = self._line(wizard, self.loop_resupply)
        self.assertEqual((resupply.lead_time_source, resupply.lead_time_days), ("measured", 2.5))

    def test_kanban_proposal_follows_the_card_formula_and_is_shown_on_the_loop(self):
        wizard = self._wizard(self.loop_resupply)
        line = self._line(wizard, self.loop_resupply)
        self.assertIn("N = ceil(D x (LT + R + S) / Q)", line.formula)
        self.assertEqual(line.current_cards, 3)
        self.assertEqual(line.difference, line.recommended_cards - 3)
        loop = self.loop_resupply
        self.assertEqual(loop.recommended_card_count, line.recommended_cards)
        self.assertEqual(loop.sizing_formula, line.formula)
        self.assertAlmostEqual(loop.demand_daily_qty, line.demand_daily_qty)
        self.assertTrue(loop.date_sized)

    def _spring_loop(self, location, packaging_qty=None):
        """A double-bin loop of a new product measured at 1.4 calendar days of lead time:
        1 working day over the two weeks of WINDOW (10 working days of 14)."""
        spring = self.env["product.product"].create(
            {"name": f"Spring {location.name}", "type": "consu", "is_storable": True}
        )
        packaging = self.env["product.packaging"]
        if packaging_qty:
            packaging = packaging.create(
                {"name": "Bag", "product_id": spring.id, "qty": packaging_qty}
            )
        loop = self.Loop.create(
            self.loop_vals(
                f"T-SP-{location.id}",
                spring,
                location,
                self.route_resupply,
                30,
                loop_type="double_bin",
                packaging_id=packaging.id,
            )
        )
        loop.sudo().lead_time_measured_days = 1.4
        return loop

    def _consume(self, loop, quantity_by_day):
        """Done moves of the loop's product from its location to production, at noon."""
        product, location = loop.product_id, loop.location_id
        self.env["stock.quant"]._update_available_quantity(
            product, location, sum(quantity_by_day.values())
        )
        moves = self.env["stock.move"].create(
            [
                {
                    "name": product.name,
                    "product_id": product.id,
                    "product_uom": product.uom_id.id,
                    "product_uom_qty": quantity,
                    "location_id": location.id,
                    "location_dest_id": product.property_stock_production.id,
                }
                for quantity in quantity_by_day.values()
            ]
        )
        moves._action_confirm()
        moves._action_assign()
        moves.picked = True
        moves._action_done()
        for move, day in zip(moves, quantity_by_day, strict=True):
            move.date = datetime.combine(day, time(12))

    # Monday 2 June to Sunday 15 June 2025: 14 calendar days, 10 working days.
    WINDOW = (date(2025, 6, 2), date(2025, 6, 15))

    def test_double_bin_proposal_sizes_the_bin_with_safety_stock_and_packaging(self):
        loop = self._spring_loop(self.l1c, packaging_qty=25)
        working_days = [self.WINDOW[0] + timedelta(days=n) for n in range(14)]
        working_days = [day for day in working_days if day.weekday() < 5]
        # 15 on the five first working days, 25 on the five last ones.
        self._consume(loop, {day: 15 if n < 5 else 25 for n, day in enumerate(working_days)})
        wizard = self._wizard(
            loop, date_from=self.WINDOW[0], date_to=self.WINDOW[1], backtest_weeks=2
        )
        line = self._line(wizard, loop)
        # D = 200 / 10 = 20 a day, sd = 5 (population), LT = 1.4 x 10 / 14 = 1 working day,
        # R = S = 0, z(95 %) = 1.6449: SS = 1.6449 x 5 x sqrt(1) = 8.22;
        # bin = ceil((20 x 1 + 8.22) / 25) x 25 = ceil(1.13) x 25 = 50 (nearest would be 25).
        self.assertAlmostEqual(line.demand_daily_qty, 20)
        self.assertAlmostEqual(loop.demand_std_qty, 5)
        self.assertAlmostEqual(loop.safety_stock_qty, 8.22, places=2)  # stored to 2 digits
        self.assertEqual(line.recommended_cards, 2)
        self.assertEqual(line.recommended_qty, 50)
        self.assertEqual(line.difference, 50 - 30)
        self.assertIn("SS = z x sd x sqrt(LT + R)", line.formula)
        self.assertEqual(loop.recommended_container_qty, 50)

    def test_difference_follows_the_recommended_bin_quantity(self):
        loop = self._spring_loop(self.l1c)
        wizard = self._wizard(loop, date_from=self.WINDOW[0], date_to=self.WINDOW[1])
        line = self._line(wizard, loop)
        # No consumption: one unit is the smallest bin, 1 - 30 = -29.
        self.assertEqual((line.recommended_qty, line.difference), (1, -29))
        line.recommended_qty = 45
        self.assertEqual(line.difference, 45 - 30)

    def test_loops_sized_alike_are_written_back_in_one_write(self):
        loops = self._spring_loop(self.l1b) | self._spring_loop(self.l1c)
        written = []
        write = type(self.Loop).write

        def record_write(records, vals):
            if records._name == "logistics.kanban.loop" and "sizing_formula" in vals:
                written.append(records)
            return write(records, vals)

        with patch.object(type(self.Loop), "write", record_write):
            self._wizard(loops, date_from=self.WINDOW[0], date_to=self.WINDOW[1])
        # Same route, lead time, bin and (empty) history: one write for both loops.
        self.assertEqual(written, [loops])
        self.assertEqual(loops.mapped("recommended_container_qty"), [1, 1])

    def test_loops_resized_alike_are_applied_in_one_write(self):
        loops = self._spring_loop(self.l1b) | self._spring_loop(self.l1c)
        wizard = self._wizard(loops, date_from=self.WINDOW[0], date_to=self.WINDOW[1])
        written = []
        write = type(self.Loop).write

        def record_write(records, vals):
            if records._name == "logistics.kanban.loop":
                written.append((records, vals))
            return write(records, vals)

        with patch.object(type(self.Loop), "write", record_write):
            wizard.action_apply()
        # Both bins go from 30 to the 1 unit their empty history asks for: one write.
        self.assertEqual(written, [(loops, {"container_qty": 1})])
        self.assertEqual(loops.mapped("container_qty"), [1, 1])
        written.clear()
        with patch.object(type(self.Loop), "write", record_write):
            wizard.action_apply()
        self.assertEqual(written, [], "loops already at their size are not written again")

    def test_backtest_replays_recent_demand_for_current_and_proposed_sizes(self):
        self.loop_resupply.write({"container_qty": 1, "card_count": 1})
        wizard = self._wizard(self.loop_resupply, backtest_weeks=4)
        line = self._line(wizard, self.loop_resupply)
        self.assertEqual(line.backtest_days, 20, "four weeks of working days")
        self.assertGreater(line.current_stockout_days, 0, "one unit a time cannot keep up")
        self.assertLess(line.proposed_stockout_days, line.current_stockout_days)
        self.assertGreater(line.proposed_average_stock, line.current_average_stock)

    def test_applying_adds_cards_to_print_and_resizes_bins(self):
        self.loop_resupply.write({"container_qty": 1, "card_count": 1})
        wizard = self._wizard(self.loop_resupply | self.loop_double_bin)
        kanban = self._line(wizard, self.loop_resupply)
        double_bin = self._line(wizard, self.loop_double_bin)
        action = wizard.action_apply()
        self.assertEqual(self.loop_resupply.card_count, kanban.recommended_cards)
        self.assertEqual(
            len(self.loop_resupply.card_ids.filtered(lambda card: card.state != "retired")),
            kanban.recommended_cards,
        )
        self.assertEqual(self.loop_double_bin.container_qty, double_bin.recommended_qty)
        self.assertEqual(len(self.loop_double_bin.card_ids), 2)
        new_cards = self.Card.search(action["domain"])
        self.assertEqual(len(new_cards), kanban.recommended_cards - 1)
        self.assertEqual(new_cards.loop_id, self.loop_resupply)

    def test_unticked_proposals_are_not_applied(self):
        self.loop_resupply.write({"container_qty": 1, "card_count": 1})
        wizard = self._wizard(self.loop_resupply)
        wizard.line_ids.to_apply = False
        wizard.action_apply()
        self.assertEqual(self.loop_resupply.card_count, 1)
