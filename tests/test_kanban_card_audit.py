from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common_kanban import KanbanCommon

LOST = "industrial_logistics.mail_activity_type_lost_card"


class TestKanbanCardAudit(KanbanCommon):
    """An operator scans the cards found of loops T-RS (3 cards, containers of 10 bolts from
    the supermarket) and T-BUY (2 cards, 20 brackets bought); closing the audit lists what does
    not match, and the manager's fixes go through the cards' own actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Audit = cls.env["logistics.kanban.card.audit"]
        cls.storekeeper = new_test_user(
            cls.env, "audit_storekeeper", groups="industrial_logistics.group_logistics_storekeeper"
        )
        cls.loops = cls.loop_resupply | cls.loop_buy
        # Stock to resupply the line from: 100 bolts in the supermarket.
        cls.env["stock.quant"]._update_available_quantity(cls.bolt, cls.supermarket, 100)

    def start(self, user=None, **scope):
        scope.setdefault("loop_ids", self.loops.ids)
        Audit = self.Audit.with_user(user or self.operator)
        return Audit.browse(Audit.start_audit(self.warehouse.id, **scope))

    def on_hand(self, location):
        return self.bolt.with_context(location=location.id).qty_available

    def line(self, audit, card):
        return audit.line_ids.filtered(lambda line: line.card_id == card)

    def close_found_audit(self):
        """Cards scanned, then an audit that finds them as the comment says, closed: its
        cards (rs1, rs2, rs3, buy1, buy2) and the audit."""
        rs1, rs2, rs3 = (self.card(self.loop_resupply, n) for n in (1, 2, 3))
        buy1, buy2 = self.card(self.loop_buy, 1), self.card(self.loop_buy, 2)
        self.scan(rs2)  # a transfer of 10 bolts supermarket -> L1-A, reserved
        self.scan(buy1)  # an RFQ of 20 brackets: empty until purchasing confirms it
        self.assertEqual((rs2.state, buy1.state), ("replenishing", "empty"))
        audit = self.start()
        self.assertEqual(audit.card_count, 5)
        self.assertEqual(audit.line_ids.card_id, self.loops.card_ids)
        # Found: RS-1 full at the line (right), RS-2 full at the line (its transfer was never
        # validated), RS-3 on the train (emptied, never scanned), BUY-1 full at the line while
        # its RFQ waits; BUY-2 not found.
        answers = [
            audit.scan(rs1.barcode, "line"),
            audit.scan(rs2.barcode, "line"),
            audit.scan(rs3.barcode, "train"),
            audit.scan(buy1.barcode, "line"),
        ]
        self.assertEqual([answer["status"] for answer in answers], ["ok"] * 4)
        self.assertEqual((answers[-1]["seen"], answers[-1]["total"]), (4, 5))
        self.assertEqual(audit.scan(rs1.barcode, "line")["status"], "warning")
        audit.action_close()
        self.assertEqual(audit.state, "closed")
        return audit, (rs1, rs2, rs3, buy1, buy2)

    def test_audit_reconciles_the_cards_and_the_manager_fixes_them(self):
        audit, (rs1, rs2, rs3, buy1, buy2) = self.close_found_audit()
        # 1 where it should be, 3 mismatches, 1 not seen; 3 automatic fixes, 1 by hand.
        self.assertEqual((audit.not_seen_count, audit.mismatch_count), (1, 3))
        self.assertEqual(audit.fix_todo_count, 3)
        expected = {
            rs1: ("ok", "none", "none"),
            rs2: ("mismatch", "receive", "todo"),
            rs3: ("mismatch", "scan", "todo"),
            buy1: ("mismatch", "review", "manual"),
            buy2: ("not_seen", "flag_lost", "todo"),
        }
        for card, (result, fix, fix_state) in expected.items():
            line = self.line(audit, card)
            self.assertEqual((line.result, line.fix, line.fix_state), (result, fix, fix_state))
        self.assertIn("Fix: receive it", self.line(audit, rs2).fix_note)

        # The operator cannot apply them, by the screen's method or by writing.
        with self.assertRefused(AccessError, "Only Supply Chain Managers"):
            audit.with_user(self.operator).action_apply_fixes()
        with self.assertRaises(AccessError):
            self.line(audit, buy2).with_user(self.operator).write({"fix_state": "done"})

        line_before, supermarket_before = self.on_hand(self.l1a), self.on_hand(self.supermarket)
        audit.with_user(self.manager).action_apply_fixes()
        self.assertEqual(audit.fix_todo_count, 0)
        # RS-2's transfer validated: 10 bolts moved from the supermarket to L1-A, card full.
        self.assertEqual(rs2.state, "full")
        self.assertEqual(self.on_hand(self.l1a), line_before + 10)
        self.assertEqual(self.on_hand(self.supermarket), supermarket_before - 10)
        # RS-3 scanned by the manager: one new transfer of 10, through the card's scan.
        self.assertEqual(rs3.state, "replenishing")
        self.assertEqual(len(rs3.picking_ids), 1)
        self.assertEqual(rs3.scan_ids.source, "card_audit")
        # BUY-2 flagged lost; the loop's responsible (none: the managers) told.
        self.assertEqual(buy2.state, "lost")
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "logistics.kanban.loop"), ("res_id", "=", self.loop_buy.id)]
        )
        self.assertEqual(activities.activity_type_id, self.env.ref(LOST))
        self.assertIn(self.manager, activities.user_id)
        # BUY-1 untouched: its RFQ is purchasing's call.
        self.assertEqual(buy1.state, "empty")
        self.assertEqual(self.line(audit, rs2).fixed_by_id, self.manager)

    def test_a_fix_no_longer_applies_once_the_card_has_moved(self):
        rs3 = self.card(self.loop_resupply, 3)
        audit = self.start(loop_ids=self.loop_resupply.ids)
        audit.scan(rs3.barcode, "supermarket")
        audit.action_close()
        line = self.line(audit, rs3)
        self.assertEqual(line.fix, "scan")
        self.scan(rs3)  # the operator scans it in the meantime: one transfer
        with self.assertRefused(UserError, "has moved since the audit (now replenishing)"):
            line.with_user(self.manager).action_apply_fix()
        self.assertEqual(line.fix_state, "todo")
        self.assertEqual(len(rs3.picking_ids), 1, "no second replenishment")
        # Apply all: written on the line, not raised.
        audit.with_user(self.manager).action_apply_fixes()
        self.assertIn("has moved since the audit", line.fix_note)
        self.assertEqual(line.fix_state, "todo")

    def test_a_lost_card_found_full_at_the_line_is_marked_full(self):
        rs1 = self.card(self.loop_resupply, 1)
        rs1.write({"state": "lost"})
        audit = self.start(user=self.storekeeper, loop_ids=self.loop_resupply.ids)
        audit.scan(rs1.barcode, "line")
        audit.action_close()
        line = self.line(audit, rs1)
        self.assertEqual((line.result, line.fix), ("mismatch", "mark_full"))
        line.with_user(self.manager).action_apply_fix()
        self.assertEqual(rs1.state, "full")
        with self.assertRefused(UserError, "already applied"):
            line.with_user(self.manager).action_apply_fix()

    def test_scans_out_of_scope_are_refused_and_write_nothing(self):
        audit = self.start(loop_ids=self.loop_resupply.ids)
        foreign = self.foreign_company_loop()
        refused = {
            "KB-NOPE": "Unknown barcode",
            self.card(self.loop_buy).barcode: "is not in this audit",
            foreign.card_ids.barcode: "Unknown barcode",
            "": "Empty scan",
        }
        for barcode, fragment in refused.items():
            answer = audit.scan(barcode, "line")
            self.assertEqual(answer["status"], "error", barcode)
            self.assertIn(fragment, answer["message"])
        self.assertEqual(audit.seen_count, 0)
        with self.assertRefused(UserError, "Say where the card was found"):
            audit.scan(self.card(self.loop_resupply).barcode, "office")
        with self.assertRefused(UserError, "not a kanban card barcode"):
            audit.scan("X" * 200, "line")
        self.assertFalse(audit.line_ids.filtered("seen"))
        audit.action_close()
        with self.assertRefused(UserError, "takes no more scans"):
            audit.scan(self.card(self.loop_resupply).barcode, "line")

    def test_bad_scopes_are_refused_and_no_audit_is_left(self):
        count = self.Audit.search_count([])
        with self.assertRefused(UserError, "Choose a warehouse"):
            self.Audit.with_user(self.operator).start_audit(0)
        with self.assertRefused(UserError, "must be loops of warehouse"):
            self.start(loop_ids=[self.foreign_company_loop().id])
        with self.assertRefused(UserError, "must be a location of warehouse"):
            self.start(location_id=self.env.ref("stock.stock_location_customers").id)
        with self.assertRefused(AccessError, "Only Logistics Operators"):
            self.start(user=self.stock_user)
        self.assertEqual(self.Audit.search_count([]), count)

    def test_operators_read_audits_but_cannot_write_them(self):
        audit = self.start()
        with self.assertRaises(AccessError):
            audit.with_user(self.operator).write({"state": "closed"})
        with self.assertRaises(AccessError):
            self.Audit.with_user(self.operator).create({"warehouse_id": self.warehouse.id})
        self.assertEqual(audit.with_user(self.operator).state, "in_progress")
