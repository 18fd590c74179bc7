from odoo.tests import tagged

from .common_kanban import KanbanCommon


@tagged("post_install", "-at_install")
class TestLotInfo(KanbanCommon):
    """Lot size and setup share of an order made by a kanban card (issue 15, lot sizes).

    T-MO makes workbenches (FG02) in containers of 2 on Assembly Line 2 (efficiency 90 %),
    3 operations of 20, 30 and 8 min a unit; with 10 min setup and 5 min clean-up per
    operation: setup 3 x 15 = 45 min; run 2 x (20 + 30 + 8) / 0.9 = 128.89 min; the lot's setup
    share 45 / 173.89 = 25.88 %."""

    def test_kanban_order_shows_its_container_as_lot_and_its_setup_share(self):
        self.workcenter_line2.write({"time_start": 10, "time_stop": 5})
        self.scan(self.card(self.loop_manufacture))
        production = self.loop_manufacture.card_ids.production_ids
        self.assertEqual(len(production), 1)
        info = production.with_user(self.manager)._logistics_lot_info()[production.id]
        self.assertEqual(
            (info["source"], info["source_name"], info["lot_qty"]), ("kanban", "T-MO", 2)
        )
        self.assertAlmostEqual(info["setup_minutes"], 45)
        self.assertAlmostEqual(info["setup_share"], 45 / (45 + 116 / 0.9), places=4)
