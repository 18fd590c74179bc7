from collections import defaultdict
from datetime import timedelta

from odoo import fields
from odoo.tests import Form

from .common import KanbanCommon


class TestKanbanSizing(KanbanCommon):
    """The sizing wizard sizes loops from the demo plant's consumption history."""

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

    def test_double_bin_proposal_sizes_the_bin_with_safety_stock_and_packaging(self):
        self.env["product.packaging"].create(
            {"name": "Bag of 25", "product_id": self.washer.id, "qty": 25}
        )
        self.loop_double_bin.packaging_id = self.washer.packaging_ids
        wizard = self._wizard(self.loop_double_bin)
        line = self._line(wizard, self.loop_double_bin)
        self.assertEqual(line.recommended_cards, 2)
        self.assertEqual(line.recommended_qty % 25, 0, "rounded up to the packaging")
        self.assertIn("SS = z x sd x sqrt(LT + R)", line.formula)
        self.assertGreater(self.loop_double_bin.safety_stock_qty, 0)
        self.assertEqual(self.loop_double_bin.recommended_container_qty, line.recommended_qty)

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
