from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.service.model import retrying
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import LogisticsCase

RESERVATION_CRON = "industrial_logistics.ir_cron_kanban_reserve_moves"


class KanbanCommittedCase(LogisticsCase):
    """A loop committed in its own cursors, so that two database sessions see it, and
    removed after the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.require_demo()

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


class TestKanbanConcurrency(KanbanCommittedCase):
    """Two scans of the same card at the same time from two database sessions make
    exactly one replenishment. The card must be committed for the second session to
    see it, so this test commits its own data in separate cursors and removes it after.
    """

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


class TestKanbanHotPart(KanbanCommittedCase):
    """Many operators scanning cards of one part at the same time: each scan commits
    its card and replenishment without waiting for the others, and the stock the
    others hold is reserved by the reservation pass, once."""

    def _quant_sql(self, env, lock=False):
        product = env.ref("industrial_logistics.demo_component_c021")
        supermarket = env.ref("industrial_logistics.demo_location_supermarket")
        query = (
            "SELECT COALESCE(SUM(quant.reserved_quantity), 0) FROM stock_quant quant"
            " JOIN stock_location location ON location.id = quant.location_id"
            " WHERE quant.product_id = %s AND location.parent_path LIKE %s"
        )
        if lock:  # a transaction holding the supermarket quants (another reservation)
            query = query.replace("COALESCE(SUM(quant.reserved_quantity), 0)", "quant.id")
            query += " FOR NO KEY UPDATE OF quant"
        env.cr.execute(query, [product.id, f"{supermarket.parent_path}%"])
        return env.cr.fetchall()

    def _reserved(self):
        with self.registry.cursor() as cr:
            return self._quant_sql(self._committed_env(cr))[0][0]

    def _barcodes(self, loop_id):
        with self.registry.cursor() as cr:
            loop = self._committed_env(cr)["logistics.kanban.loop"].browse(loop_id)
            return loop.card_ids.sorted("sequence").mapped("barcode")

    def _move(self, env, barcode):
        _card, moves = self._replenishments(env, barcode)
        return moves

    def test_two_scans_of_two_cards_of_one_part_at_once_both_succeed(self):
        loop_id, _barcode = self._create_committed_loop()
        self.addCleanup(self._remove_committed_loop, loop_id)
        first, second = self._barcodes(loop_id)
        reserved_before = self._reserved()

        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a, env_b = self._committed_env(cr_a), self._committed_env(cr_b)
            # Session B would wait for A's quant lock before this change: make it fail
            # instead of hanging the test if it ever waits again.
            cr_b.execute("SET LOCAL lock_timeout = '3s'")
            # A scans the first card: nobody holds the supermarket quant, it reserves
            # now and holds that quant until it commits...
            result_a = env_a["logistics.kanban.card"].scan(first)
            # ...while B scans the second card of the same part: no waiting, no error.
            result_b = env_b["logistics.kanban.card"].scan(second)
            self.assertEqual(result_a["status"], "ok", result_a["message"])
            self.assertEqual(result_b["status"], "ok", result_b["message"])
            move_a, move_b = self._move(env_a, first), self._move(env_b, second)
            self.assertEqual(move_a.state, "assigned")
            self.assertEqual((move_b.state, move_b.kanban_reserve_pending), ("confirmed", True))
            self.assertTrue(
                env_b["ir.cron.trigger"].search([("cron_id", "=", env_b.ref(RESERVATION_CRON).id)]),
                "B's scan woke the reservation pass up",
            )
        # Both commit; the pass (woken up by B's scan) reserves B's transfer.
        with self.registry.cursor() as cr:
            self.assertFalse(self._committed_env(cr)["stock.move"]._cron_kanban_reserve())

        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            for barcode in (first, second):
                card, moves = self._replenishments(env, barcode)
                self.assertEqual(card.state, "replenishing")
                self.assertEqual(len(moves), 1, "one replenishment per card")
                self.assertEqual(moves.state, "assigned")
                self.assertEqual(moves.quantity, 6)
                self.assertFalse(moves.kanban_reserve_pending)
        # Two containers of 6 reserved on the supermarket quants, no more, no less.
        self.assertEqual(self._reserved(), reserved_before + 12)

    def test_reservation_pass_interrupted_then_played_twice_reserves_once(self):
        loop_id, barcode = self._create_committed_loop()
        self.addCleanup(self._remove_committed_loop, loop_id)
        reserved_before = self._reserved()

        # Another transaction holds the supermarket quants while the card is scanned: the
        # scan commits its replenishment unreserved, flagged for the pass.
        with self.registry.cursor() as cr_hold, self.registry.cursor() as cr:
            self.assertTrue(self._quant_sql(self._committed_env(cr_hold), lock=True))
            env = self._committed_env(cr)
            self.assertEqual(env["logistics.kanban.card"].scan(barcode)["status"], "ok")
            self.assertTrue(self._move(env, barcode).kanban_reserve_pending)
            # The pass cannot take the quants either: it leaves the move pending.
            self.assertTrue(env["stock.move"]._cron_kanban_reserve(attempts=1))
            cr_hold.rollback()
        self.assertEqual(self._reserved(), reserved_before, "nothing reserved yet")

        # The pass runs and the server stops before it commits: nothing was reserved.
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            env["stock.move"]._cron_kanban_reserve()
            self.assertEqual(self._move(env, barcode).state, "assigned")
            cr.rollback()
        # Played again, it reserves; played once more (or by a round build), nothing.
        for _run in range(2):
            with self.registry.cursor() as cr:
                self._committed_env(cr)["stock.move"]._cron_kanban_reserve()
        with self.registry.cursor() as cr:
            move = self._move(self._committed_env(cr), barcode)
            self.assertEqual(move.state, "assigned")
            self.assertFalse(move.kanban_reserve_pending)
            self.assertEqual(len(move.move_line_ids), 1)
            self.assertEqual(move.quantity, 6)
        self.assertEqual(self._reserved(), reserved_before + 6, "one container, once")

    def test_card_locked_by_a_receipt_is_busy_and_the_refused_scan_is_logged(self):
        loop_id, barcode = self._create_committed_loop()
        self.addCleanup(self._remove_committed_loop, loop_id)

        with self.registry.cursor() as cr_receipt, self.registry.cursor() as cr:
            # A receipt (or the lost-card cron) is writing the card and has not committed.
            receipt_card, _moves = self._replenishments(self._committed_env(cr_receipt), barcode)
            receipt_card.write({"date_last_move": receipt_card.date_last_move})
            receipt_card.flush_recordset()
            env = self._committed_env(cr)
            result = env["logistics.kanban.card"].scan(barcode)
            self.assertEqual(result["status"], "error", result["message"])
            self.assertIn("is busy", result["message"])
            self.assertIn("scan it again", result["message"])
            card, moves = self._replenishments(env, barcode)
            self.assertEqual(card.state, "full", "the card is left as it was")
            self.assertFalse(card.group_id or moves, "no replenishment")
            log = card.scan_ids
            self.assertEqual(log.mapped("status"), ["error"], "the refusal is logged")
            self.assertEqual(log.message, result["message"])
            cr_receipt.rollback()
        # Scanned again once the receipt is over: the replenishment is asked for.
        with self.registry.cursor() as cr:
            env = self._committed_env(cr)
            self.assertEqual(env["logistics.kanban.card"].scan(barcode)["status"], "ok")
            card, moves = self._replenishments(env, barcode)
            self.assertEqual((card.state, len(moves)), ("replenishing", 1))


class TestKanbanReservationAtCutoff(LogisticsCase):
    """A transfer a scan left unreserved rides with the next milk-run round: the round
    build reserves it before filling the train."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.require_demo()

    def test_round_build_reserves_the_transfer_a_busy_scan_left_pending(self):
        ref = self.env.ref
        product = ref("industrial_logistics.demo_component_c021")
        supermarket = ref("industrial_logistics.demo_location_supermarket")
        operator = new_test_user(
            self.env, "hot_operator", groups="industrial_logistics.group_logistics_operator"
        )
        loop = self.env["logistics.kanban.loop"].create(
            {
                "code": "T-CUTOFF",
                "product_id": product.id,
                "location_id": ref("industrial_logistics.demo_location_line1_c").id,
                "route_id": ref("industrial_logistics.demo_route_supermarket_resupply").id,
                "container_qty": 6,
                "card_count": 1,
            }
        )
        with self.registry.cursor() as cr_hold:
            # Another session holds the supermarket quants of the part (committed demo
            # stock) while the operator scans: the scan does not wait for it.
            cr_hold.execute(
                "SELECT quant.id FROM stock_quant quant JOIN stock_location location"
                " ON location.id = quant.location_id WHERE quant.product_id = %s"
                " AND location.parent_path LIKE %s FOR NO KEY UPDATE OF quant",
                [product.id, f"{supermarket.parent_path}%"],
            )
            self.assertTrue(cr_hold.fetchall(), "the demo supermarket holds the part")
            result = (
                self.env["logistics.kanban.card"].with_user(operator).scan(loop.card_ids.barcode)
            )
            cr_hold.rollback()
        self.assertEqual(result["status"], "ok", result["message"])
        picking = loop.card_ids.picking_ids
        self.assertEqual(picking.state, "confirmed", "committed unreserved")
        self.assertTrue(picking.move_ids.kanban_reserve_pending)

        round_ = self.env["logistics.milk.run.round"].create(
            {
                "milk_run_id": ref("industrial_logistics.demo_milk_run_lines").id,
                "planned_departure": fields.Datetime.now() + timedelta(days=30),
            }
        )
        round_._build()
        self.assertEqual(picking.state, "assigned", "reserved at the build")
        self.assertFalse(picking.move_ids.kanban_reserve_pending)
        self.assertEqual(picking.move_ids.quantity, 6)
        self.assertEqual(picking.milk_run_round_id, round_, "and on the train")
