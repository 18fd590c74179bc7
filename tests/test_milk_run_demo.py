from .common import LogisticsCase

# The cards demo/demo_milk_run.xml scans, in that order.
SCANNED = [
    "KB-L1C-C003-01",
    "KB-L2A-C018-01",
    "KB-L3C-C005-01",
    "DB-L1B-C002-01",
    "KB-L2A-C018-02",
    "KB-L3C-C005-02",
    "KB-L1C-C003-02",
]


class TestMilkRunDemo(LogisticsCase):
    """The demo circuit's round carries the transfers made by the demo kanban scans
    (demo/demo_milk_run.xml scans seven cards of demo/kanban_demo.xml), not transfers of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.milk_run = cls.require_demo("industrial_logistics.demo_milk_run_lines")
        cls.round = cls.milk_run.round_ids.filtered(lambda r: r.state == "loading")
        cls.scanned_cards = cls.env["logistics.kanban.card"].search(
            [("barcode", "in", SCANNED), ("state", "=", "replenishing")]
        )

    def test_demo_round_carries_the_transfers_of_the_demo_kanban_scans(self):
        self.assertEqual(len(self.round), 1, "the demo builds one round")
        self.assertEqual(len(self.scanned_cards), 7, "every scanned card is replenishing")
        card_transfers = self.scanned_cards.group_id.stock_move_ids.picking_id
        self.assertEqual(len(card_transfers), 7, "one transfer per scanned card")
        # Capacity 6 containers, one container per transfer: 6 on the round, in scan order.
        self.assertEqual(len(self.round.picking_ids), 6)
        self.assertLessEqual(self.round.picking_ids, card_transfers, "only kanban transfers")
        self.assertEqual(self.round.containers, 6)
        self.assertEqual(self.round.batch_id.picking_ids, self.round.picking_ids)
        self.assertEqual(
            sorted(self.round.round_stop_ids.stop_id.location_id.mapped("name")),
            ["Line 1", "Line 2", "Line 3"],
        )

    def test_demo_overflow_is_the_last_kanban_transfer_and_says_why(self):
        # The 7th card scanned (KB-L1C-C003-02) does not fit: it waits with its reason.
        left = self.scanned_cards.group_id.stock_move_ids.picking_id - self.round.picking_ids
        self.assertEqual(left.group_id.name, "KB-L1C-C003-02")
        self.assertEqual(left.state, "assigned")
        self.assertIn("train full", left.milk_run_overflow_reason)
        self.assertEqual(self.round.overflow_count, 1)
        self.assertIn(left.name, self.round.overflow_note)
