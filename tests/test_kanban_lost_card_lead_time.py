from datetime import timedelta

from odoo import fields

from .common_kanban import KanbanCommon


class TestLostCardLeadTime(KanbanCommon):
    """A loop without a measured cycle yet is checked against its lead time (measured, else
    the route's) instead of being skipped: its cards out for replenishment idle for more than
    k times it are lost (k = 3, the default); its full cards are not judged."""

    def idle(self, card, days):
        card.date_last_move = fields.Datetime.now() - timedelta(days=days)

    def test_cards_out_for_replenishment_are_checked_against_the_route_lead_time(self):
        # T-RS: the supermarket route's delay is 1 day -> lost after 3 days out.
        # T-BUY: the vendor's 12 days (no purchase lead or days to purchase) -> after 36 days.
        self.assertEqual(self.bracket.seller_ids[:1].delay, 12)
        self.assertEqual((self.env.company.po_lead, self.env.company.days_to_purchase), (0, 0))
        self.assertFalse((self.loop_resupply | self.loop_buy).mapped("cycle_time_days")[0])
        rs1, rs2, rs3 = self.loop_resupply.card_ids
        buy1, buy2 = self.loop_buy.card_ids
        for card in (rs1, rs2, buy1, buy2):
            self.scan(card)
        self.idle(rs1, 3.5)  # out 3.5 days > 3: lost
        self.idle(rs2, 2.5)  # out 2.5 days < 3
        self.idle(rs3, 30)  # full at the line for 30 days: consumption, not a lost card
        self.idle(buy1, 35)  # RFQ waiting 35 days < 36
        self.idle(buy2, 37)  # > 36: lost
        lost = self.Card._cron_flag_lost_cards()
        self.assertEqual(lost, rs1 | buy2)
        self.assertEqual(
            [card.state for card in (rs1, rs2, rs3, buy1, buy2)],
            ["lost", "replenishing", "full", "empty", "lost"],
        )

    def test_a_measured_lead_time_comes_before_the_route_and_a_day_is_the_floor(self):
        # Measured lead time 2.5 days: lost after 7.5 days out, so 3.5 days is not lost.
        # Measured 0.1 day: the floor of one day, lost after 3 days.
        rs1 = self.card(self.loop_resupply, 1)
        washer_bin = self.card(self.loop_double_bin, 1)
        self.loop_resupply.sudo().lead_time_measured_days = 2.5
        self.loop_double_bin.sudo().lead_time_measured_days = 0.1
        self.scan(rs1)
        self.scan(washer_bin)
        self.idle(rs1, 3.5)
        self.idle(washer_bin, 3.2)
        self.assertEqual(self.Card._cron_flag_lost_cards(), washer_bin)
        self.idle(rs1, 7.6)
        self.assertEqual(self.Card._cron_flag_lost_cards(), rs1)
