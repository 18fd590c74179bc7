from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase
from odoo.tools import mute_logger


class TestKanbanConcurrency(TransactionCase):
    """Two scans of the same card at the same time from two database sessions make
    exactly one replenishment. The card must be committed for the second session to
    see it, so this test commits its own data in separate cursors and removes it after.
    """

    def _committed_env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _create_committed_loop(self):
        # Each `with registry.cursor()` block commits when it ends without error.
        with self.registry.cursor() as cr:
            leftover = self._committed_env(cr)["logistics.kanban.loop"].search(
                [("code", "=", "T-CONCURRENT"), ("active", "in", (True, False))]
            )
        if leftover:  # from an interrupted run
            self._remove_committed_loop(leftover.id)
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            ref = env.ref
            loop = env["logistics.kanban.loop"].create(
                {
                    "code": "T-CONCURRENT",
                    "product_id": ref("industrial_logistics.demo_component_c021").id,
                    "location_id": ref("industrial_logistics.demo_location_line1_c").id,
                    "route_id": ref("industrial_logistics.demo_route_supermarket_resupply").id,
                    "container_qty": 6,
                    "card_count": 2,
                }
            )
            return loop.id, loop.card_ids[0].barcode

    def _remove_committed_loop(self, loop_id):
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            loop = env["logistics.kanban.loop"].browse(loop_id)
            groups = loop.card_ids.group_id
            pickings = groups.stock_move_ids.picking_id
            pickings.action_cancel()
            pickings.unlink()
            groups.stock_move_ids.unlink()
            loop.scan_ids.unlink()
            loop.unlink()
            groups.unlink()

    def _replenishments(self, env, barcode):
        card = env["logistics.kanban.card"].search([("barcode", "=", barcode)])
        return card, card.group_id.stock_move_ids

    def test_two_simultaneous_scans_of_one_card_make_exactly_one_replenishment(self):
        loop_id, barcode = self._create_committed_loop()
        self.addCleanup(self._remove_committed_loop, loop_id)

        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a, env_b = self._committed_env(cr_a), self._committed_env(cr_b)
            # Session A scans and holds the card's row lock until it commits...
            first = env_a["logistics.kanban.card"].scan(barcode)
            # ...so session B, scanning the same card meanwhile, is turned away at once.
            second = env_b["logistics.kanban.card"].scan(barcode)
            self.assertEqual(first["status"], "ok", first["message"])
            self.assertEqual(second["status"], "warning", second["message"])
            self.assertIn("somewhere else", second["message"])
            _card, moves_b = self._replenishments(env_b, barcode)
            self.assertFalse(moves_b, "session B created no replenishment")
        # Both sessions commit as their blocks end: B's refused scan, then A's replenishment.

        # A third session, after both, sees the card replenishing: a warning, nothing more.
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            third = env["logistics.kanban.card"].scan(barcode)
            self.assertEqual(third["status"], "warning")
            self.assertIn("already scanned", third["message"])
            card, moves = self._replenishments(env, barcode)
            self.assertEqual(card.state, "replenishing")
            self.assertEqual(len(moves), 1, "exactly one replenishment")
            self.assertEqual(len(moves.picking_id), 1)
            statuses = card.scan_ids.sorted("id").mapped("status")
            self.assertEqual(statuses, ["ok", "warning", "warning"], "every attempt is logged")

    def test_scan_racing_a_committed_scan_is_retried_and_warns(self):
        loop_id, barcode = self._create_committed_loop()
        self.addCleanup(self._remove_committed_loop, loop_id)

        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a, env_b = self._committed_env(cr_a), self._committed_env(cr_b)
            # Session B's transaction has started (its snapshot sees the card full)...
            self._replenishments(env_b, barcode)
            # ...when session A scans the card and commits.
            self.assertEqual(env_a["logistics.kanban.card"].scan(barcode)["status"], "ok")
            cr_a.commit()
            # B's lock meets a row changed after its snapshot: PostgreSQL refuses it, and
            # the request is played again from a fresh snapshot, as Odoo does for every
            # RPC call, where it finds the card replenishing.
            calls = []

            def scan_b():
                calls.append(barcode)
                return env_b["logistics.kanban.card"].scan(barcode)

            with mute_logger("odoo.sql_db", "odoo.service.model"):
                second = retrying(scan_b, env_b)
            self.assertEqual(len(calls), 2, "the first attempt hit the serialization error")
            self.assertEqual(second["status"], "warning", second["message"])
            self.assertIn("already scanned", second["message"])
            card, moves = self._replenishments(env_b, barcode)
            self.assertEqual(len(moves), 1, "exactly one replenishment")
            self.assertEqual(card.state, "replenishing")
