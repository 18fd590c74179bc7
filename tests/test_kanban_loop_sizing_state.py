from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_kanban import KanbanCommon


@tagged("post_install", "-at_install")
class TestKanbanLoopSizingState(KanbanCommon):
    """Loops compared with their latest sizing: needed cards (or bin quantity), difference,
    state, the filter, the right-sized share on the dashboard and the one-click sizing."""

    def sized(self, loop, cards=0, qty=0.0):
        """Write what the sizing wizard writes on a loop (its recommendation)."""
        loop.write(
            {
                "date_sized": fields.Datetime.now(),
                "recommended_card_count": cards,
                "recommended_container_qty": qty,
            }
        )

    def test_kanban_state_within_one_card(self):
        # T-RS circulates 3 cards: needed 4 -> 3 - 4 = -1 (right), 2 -> +1 (right),
        # 5 -> -2 (under), 1 -> +2 (over); never sized -> not sized.
        loop = self.loop_resupply
        self.assertEqual(loop.card_count, 3)
        self.assertEqual(loop.sizing_state, "not_sized")
        for needed, difference, state in (
            (4, -1, "right"),
            (2, 1, "right"),
            (5, -2, "under"),
            (1, 2, "over"),
        ):
            self.sized(loop, cards=needed)
            self.assertEqual(loop.needed_card_count, needed)
            self.assertEqual(loop.sizing_difference, difference)
            self.assertEqual(loop.sizing_state, state, f"{needed} cards needed")
        # Applying the recommendation (more cards in circulation) makes it right-sized.
        self.sized(loop, cards=5)
        loop.with_user(self.manager).card_count = 5
        self.assertEqual(loop.sizing_state, "right")
        self.assertEqual(loop.sizing_difference, 0)

    def test_double_bin_state_within_one_pack(self):
        # T-DB bins of 30 units, no packaging: one unit of tolerance. Needed 31 -> -1
        # (right); 40 -> -10 (under); 25 -> +5 (over).
        loop = self.loop_double_bin
        for needed, difference, state in ((31, -1, "right"), (40, -10, "under"), (25, 5, "over")):
            self.sized(loop, qty=needed)
            self.assertEqual(loop.sizing_difference, difference)
            self.assertEqual(loop.sizing_state, state, f"{needed} units needed")
        # With a pack of 6 the tolerance is one pack: 30 - 25 = 5 <= 6 -> right-sized.
        packaging = self.env["product.packaging"].create(
            {"name": "Box of 6", "product_id": self.washer.id, "qty": 6}
        )
        loop.packaging_id = packaging
        self.assertEqual(loop.sizing_state, "right")

    def test_filter_finds_the_mis_sized_loops(self):
        self.sized(self.loop_resupply, cards=3)  # right
        self.sized(self.loop_buy, cards=6)  # 2 - 6 = -4: under
        self.sized(self.loop_double_bin, qty=10)  # 30 - 10 = +20: over
        # T-MO is never sized: not in the filter.
        mine = self.loop_resupply | self.loop_buy | self.loop_manufacture | self.loop_double_bin
        found = self.Loop.with_user(self.manager).search(
            [("id", "in", mine.ids), ("sizing_state", "in", ("over", "under"))]
        )
        self.assertEqual(found, self.loop_buy | self.loop_double_bin)

    def test_right_sized_share_on_the_dashboard(self):
        # Only the test loops stay active: T-RS right, T-BUY under, T-DB over, T-MO never
        # sized (left out): 1 right of 3 sized = 33.33 %.
        mine = self.loop_resupply | self.loop_buy | self.loop_manufacture | self.loop_double_bin
        self.Loop.search([("id", "not in", mine.ids)]).active = False
        self.sized(self.loop_resupply, cards=3)
        self.sized(self.loop_buy, cards=6)
        self.sized(self.loop_double_bin, qty=10)
        today = fields.Date.today()
        period = {"date_from": today, "date_to": today, "days": 1, "details": True}
        family = self.env["logistics.kpi.family.kanban"].with_user(self.manager)
        figures = family._kpi_compute(period, {})
        self.assertEqual(figures["loops_sized"], 3)
        self.assertEqual(figures["loops_under_sized"], 1)
        self.assertEqual(figures["loops_over_sized"], 1)
        self.assertEqual(figures["loops_right_sized_share"], 33.33)
        # Narrowed to the bracket's loop (under-sized): 0 of 1.
        figures = family._kpi_compute(period, {"product_id": self.bracket.id})
        self.assertEqual(figures["loops_right_sized_share"], 0.0)
        # No sized loop at all: n/a, not 0 %.
        figures = family._kpi_compute(period, {"product_id": self.workbench.id})
        self.assertIsNone(figures["loops_right_sized_share"])

    def test_size_these_loops_opens_the_wizard_on_the_selection(self):
        action = self.env.ref("industrial_logistics.action_server_logistics_kanban_loop_size")
        selection = self.loop_buy | self.loop_double_bin
        context = {"active_model": "logistics.kanban.loop", "active_ids": selection.ids}
        result = action.with_user(self.manager).with_context(**context).run()
        self.assertEqual(result["res_model"], "logistics.kanban.sizing")
        wizard = (
            self.env["logistics.kanban.sizing"]
            .with_user(self.manager)
            .with_context(**result["context"])
            .create({})
        )
        self.assertEqual(wizard.loop_ids, selection)
        # Operators read loops but do not size them: the action is not theirs.
        with self.assertRaises(AccessError):
            action.with_user(self.operator).with_context(**context).run()
