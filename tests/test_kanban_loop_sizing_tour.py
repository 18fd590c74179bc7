from odoo import fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestKanbanLoopSizingTour(HttpCase):
    def test_manager_filters_the_mis_sized_loops_and_sizes_them(self):
        Loop = self.env["logistics.kanban.loop"]
        now = fields.Datetime.now()
        # KB-L1A-C001 circulates 3 cards, 6 needed: under-sized; KB-L1C-C003 3 of 3: right
        for code, needed in (("KB-L1A-C001", 6), ("KB-L1C-C003", 3)):
            Loop.search([("code", "=", code)]).write(
                {"date_sized": now, "recommended_card_count": needed}
            )
        self.start_tour("/odoo", "industrial_logistics_kanban_loop_sizing", login="admin")
