from odoo.exceptions import UserError
from odoo.tools import mute_logger

from .test_kanban_concurrency import KanbanCommittedCase


class TestKanbanCardAuditConcurrency(KanbanCommittedCase):
    """An audit fix and a scan, or two managers applying the same fix, at the same time from
    two database sessions: one wins, the other is told the card is busy, and the card gets
    exactly one replenishment."""

    def _audit_with_scan_fix(self, loop_id, barcode):
        """A committed, closed audit of the loop in which card 1 was found on the train while
        the system says full: its fix is to scan it."""
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            Audit = env["logistics.kanban.card.audit"]
            audit = Audit.browse(
                Audit.start_audit(env.ref("stock.warehouse0").id, loop_ids=[loop_id])
            )
            audit.scan(barcode, "train")
            audit.action_close()
            line = audit.line_ids.filtered(lambda line: line.card_id.barcode == barcode)
            self.assertEqual(line.fix, "scan")
            return audit.id, line.id

    def _remove_audit(self, audit_id):
        with self.registry.cursor() as cr:
            self._committed_env(cr)["logistics.kanban.card.audit"].browse(audit_id).unlink()

    def _setup(self):
        loop_id, barcode = self._create_committed_loop()
        self.addCleanup(self._remove_committed_loop, loop_id)
        audit_id, line_id = self._audit_with_scan_fix(loop_id, barcode)
        self.addCleanup(self._remove_audit, audit_id)
        return barcode, line_id

    def _line(self, env, line_id):
        return env["logistics.kanban.card.audit.line"].browse(line_id)

    def test_a_fix_while_the_card_is_being_scanned_is_refused_as_busy(self):
        barcode, line_id = self._setup()
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a, env_b = self._committed_env(cr_a), self._committed_env(cr_b)
            # Session A (an operator at the line) scans the card and holds it...
            self.assertEqual(env_a["logistics.kanban.card"].scan(barcode)["status"], "ok")
            # ...so session B's fix, a scan of the same card, is refused at once.
            with self.assertRaises(UserError) as caught:
                self._line(env_b, line_id).action_apply_fix()
            self.assertIn("is busy right now", str(caught.exception))
            self.assertEqual(self._line(env_b, line_id).fix_state, "todo")
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            card, moves = self._replenishments(env, barcode)
            self.assertEqual(len(moves), 1, "exactly one replenishment")
            # Applied later, the fix sees the card has moved: refused, nothing more asked.
            with self.assertRaises(UserError) as caught:
                self._line(env, line_id).action_apply_fix()
            self.assertIn("has moved since the audit", str(caught.exception))
            self.assertEqual(len(card.group_id.stock_move_ids), 1)

    def test_two_managers_applying_the_same_fix_make_one_replenishment(self):
        barcode, line_id = self._setup()
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a, env_b = self._committed_env(cr_a), self._committed_env(cr_b)
            self._line(env_a, line_id).action_apply_fix()
            with self.assertRaises(UserError) as caught, mute_logger("odoo.sql_db"):
                self._line(env_b, line_id).action_apply_fix()
            self.assertIn("is busy right now", str(caught.exception))
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            card, moves = self._replenishments(env, barcode)
            self.assertEqual(len(moves), 1, "exactly one replenishment")
            self.assertEqual(card.state, "replenishing")
            self.assertEqual(self._line(env, line_id).fix_state, "done")
