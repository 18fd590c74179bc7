from psycopg2.errors import LockNotAvailable

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tools import mute_logger

from .common import LogisticsCase


class TestOpportunisticCountConcurrency(LogisticsCase):
    """A confirmation locks the quants it counts: a move under way refuses it (try again), and
    a move done while it is open cannot overwrite it. The demo supermarket's quants are
    committed, so a second database session sees and locks them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supermarket = cls.require_demo()
        cls.storekeeper = cls.env.ref("industrial_logistics.demo_user_storekeeper")
        cls.quant = cls.env["stock.quant"].search(
            [("location_id", "=", cls.supermarket.id), ("quantity", ">", 0)], order="id", limit=1
        )
        cls.product = cls.quant.product_id

    def _book(self):
        return sum(
            self.env["stock.quant"]
            .search(
                [("location_id", "=", self.supermarket.id), ("product_id", "=", self.product.id)]
            )
            .mapped("quantity")
        )

    def _confirm(self, quantity):
        return (
            self.env["logistics.count.task"]
            .with_user(self.storekeeper)
            .action_confirm_remaining(self.supermarket.id, self.product.id, quantity)
        )

    def test_a_move_under_way_refuses_the_confirmation_and_nothing_is_created(self):
        with self.registry.cursor() as cr:
            # another session moving this stock holds the quant as Odoo's moves do
            cr.execute(
                "SELECT id FROM stock_quant WHERE id = %s FOR NO KEY UPDATE", [self.quant.id]
            )
            with self.assertRaisesRegex(UserError, "being moved .* right now"):
                self._confirm(self._book())
            cr.rollback()
        self.assertFalse(
            self.env["logistics.count.task"].search(
                [("is_opportunistic", "=", True), ("location_id", "=", self.supermarket.id)]
            )
        )
        # the other session gone, the same confirmation goes through
        self.assertEqual(self._confirm(self._book())["status"], "ok")

    def test_a_move_during_an_open_confirmation_takes_a_quant_of_its_own(self):
        book = self._book()
        self.assertEqual(self._confirm(book)["status"], "ok")
        # until the confirmation commits, its quants are locked...
        with self.registry.cursor() as cr, mute_logger("odoo.sql_db"):
            with self.assertRaises(LockNotAvailable):
                cr.execute(
                    "SELECT id FROM stock_quant WHERE id = %s FOR NO KEY UPDATE NOWAIT",
                    [self.quant.id],
                )
            cr.rollback()
        # ...and a move done meanwhile neither waits nor writes on them: Odoo skips a locked
        # quant and books the move on a new one, so the confirmed figure and the move add up
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Quant = env["stock.quant"]
            Quant._update_available_quantity(
                Quant.browse(self.quant.id).product_id, Quant.browse(self.quant.id).location_id, 1
            )
            quants = Quant.search(
                [("location_id", "=", self.supermarket.id), ("product_id", "=", self.product.id)]
            )
            moved = quants.filtered(lambda quant: quant.id != self.quant.id and quant.quantity == 1)
            self.assertTrue(moved, "the move went to a quant of its own")
            self.assertEqual(Quant.browse(self.quant.id).quantity, self.quant.quantity)
            cr.rollback()  # leave the demo stock as it was
        self.assertEqual(self._book(), book)
