from lxml import etree

from odoo.tools.safe_eval import safe_eval

from .common_kanban import KanbanCommon


class TestKanbanLoopForm(KanbanCommon):
    """Each stat button of the loop form opens the loop's cards of the state it counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Loop T-RS has three cards: 1 full, 2 replenishing, 3 lost; its fourth is retired.
        cls.loop_resupply.card_count = 4
        for number, state in ((2, "replenishing"), (3, "lost"), (4, "retired")):
            cls.card(cls, cls.loop_resupply, number).state = state
        cls.other_loop_card = cls.card(cls, cls.loop_buy)

    def _cards_opened(self, state=None):
        loop = self.loop_resupply.with_user(self.operator)
        if state:
            loop = loop.with_context(card_state=state)
        action = loop.action_view_cards()
        return self.Card.with_user(self.operator).search(action["domain"]), action

    def test_each_state_opens_only_the_loops_cards_of_that_state(self):
        for number, state in ((1, "full"), (2, "replenishing"), (3, "lost"), (4, "retired")):
            with self.subTest(state=state):
                cards, action = self._cards_opened(state)
                self.assertEqual(cards, self.card(self.loop_resupply, number))
                self.assertEqual(action["context"], {"default_loop_id": self.loop_resupply.id})
        cards, action = self._cards_opened("empty")
        self.assertFalse(cards)
        self.assertEqual(action["name"], "Empty Cards")

    def test_without_a_state_all_the_loops_cards_open(self):
        cards, _action = self._cards_opened()
        self.assertEqual(cards, self.loop_resupply.card_ids)
        self.assertNotIn(self.other_loop_card, cards)

    def test_every_card_stat_button_passes_the_state_it_counts(self):
        arch = self.Loop.get_view(view_type="form")["arch"]
        buttons = etree.fromstring(arch).xpath("//button[@name='action_view_cards']")
        passed = {}
        for button in buttons:
            counted = button.xpath(".//field/@name")[0]
            passed[counted] = safe_eval(button.get("context"))["card_state"]
        self.assertEqual(
            passed,
            {
                f"card_{state}_count": state
                for state in ("full", "empty", "replenishing", "lost", "retired")
            },
        )
