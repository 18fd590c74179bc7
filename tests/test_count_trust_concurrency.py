from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

LOCATION = "T-CC-CONCURRENT"


@tagged("post_install", "-at_install")
class TestCountConcurrency(TransactionCase):
    """Two sessions on one count, and a move done in another session while counting.

    A second session must see the first one's data, so this test commits its own data (a
    location holding 1,000 of a part of its own, in the demo warehouse whose policy counts C
    parts at +-5 %, and a task of the demo storekeeper) and removes it after.
    """

    def _env(self, cr, uid=SUPERUSER_ID):
        return api.Environment(cr, uid, {})

    def _storekeeper_id(self, env):
        return env.ref("industrial_logistics.demo_user_storekeeper").id

    def _create_committed_count(self, counted):
        """Location, part, 1,000 in stock and a task scanned and counted, all committed."""
        if not self.env.ref("industrial_logistics.demo_user_storekeeper", False):
            self.skipTest("installed without demo data")
        self._remove_committed_count()  # leftovers of an interrupted run
        with self.registry.cursor() as cr:
            env = self._env(cr)
            location = env["stock.location"].create(
                {
                    "name": LOCATION,
                    "barcode": LOCATION,
                    "location_id": env.ref("stock.warehouse0").lot_stock_id.id,
                }
            )
            product = env["product.product"].create(
                {"name": f"{LOCATION} part", "is_storable": True}
            )
            env["stock.quant"]._update_available_quantity(product, location, 1000)
            task = env["logistics.count.task"].create(
                {
                    "warehouse_id": env.ref("stock.warehouse0").id,
                    "location_id": location.id,
                    "date_planned": fields.Date.today(),
                    "abc_class": "C",
                    "user_id": self._storekeeper_id(env),
                }
            )
            counting = task.with_user(self._storekeeper_id(env))
            counting.action_scan(LOCATION)
            if counted is not None:
                counting.action_set_counted_qty(task.line_ids.id, counted)
            ids = (task.id, location.id, product.id)
        self.addCleanup(self._remove_committed_count)
        return ids

    def _remove_committed_count(self):
        with self.registry.cursor() as cr:
            cr.execute(SQL("SELECT id FROM stock_location WHERE name = %s", LOCATION))
            location_ids = tuple(row[0] for row in cr.fetchall())
            if not location_ids:
                return
            cr.execute(
                SQL(
                    "SELECT DISTINCT product_id FROM stock_quant WHERE location_id IN %s",
                    location_ids,
                )
            )
            product_ids = tuple(row[0] for row in cr.fetchall()) or (0,)
            # done moves and posted count lines cannot be removed through the ORM (on purpose)
            for query in (
                "DELETE FROM stock_valuation_layer WHERE product_id IN %(products)s",
                "DELETE FROM stock_move_line WHERE product_id IN %(products)s",
                "DELETE FROM stock_move WHERE product_id IN %(products)s",
                "DELETE FROM stock_quant WHERE product_id IN %(products)s",
                """DELETE FROM mail_message WHERE model = 'logistics.count.task' AND res_id IN
                   (SELECT id FROM logistics_count_task WHERE location_id IN %(locations)s)""",
                "DELETE FROM logistics_count_task WHERE location_id IN %(locations)s",
                "DELETE FROM stock_location WHERE id IN %(locations)s",
            ):
                cr.execute(SQL(query, products=product_ids, locations=location_ids))
            self._env(cr)["product.product"].browse(product_ids).exists().product_tmpl_id.unlink()

    def _inventory_moves(self, env, product_id):
        return env["stock.move"].search(
            [("product_id", "=", product_id), ("is_inventory", "=", True)]
        )

    def _quantity(self, env, product_id, location_id):
        return sum(
            env["stock.quant"]
            .search([("product_id", "=", product_id), ("location_id", "=", location_id)])
            .mapped("quantity")
        )

    def test_two_sessions_submitting_one_count_at_once_post_it_once(self):
        # 990 counted on 1,000 (-10, within 5 %): posted once, 990 remain
        task_id, location_id, product_id = self._create_committed_count(990)
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = self._env(cr_a, self._storekeeper_id(self._env(cr_a)))
            env_b = self._env(cr_b, self._env(cr_b).ref("base.user_admin").id)
            # the storekeeper submits and holds the task's row lock until he commits...
            env_a["logistics.count.task"].browse(task_id).action_submit()
            # ...so the manager submitting it meanwhile is told it is busy, nothing posted
            with self.assertRaises(UserError) as caught, mute_logger("odoo.sql_db"):
                env_b["logistics.count.task"].browse(task_id).action_submit()
            self.assertIn("Someone else is saving this count", str(caught.exception))
            cr_b.rollback()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self.assertEqual(env["logistics.count.task"].browse(task_id).state, "done")
            self.assertEqual(len(self._inventory_moves(env, product_id)), 1)
            self.assertEqual(self._quantity(env, product_id, location_id), 990)

    def test_two_sessions_typing_one_line_at_once_keep_one_figure(self):
        task_id, _location_id, _product_id = self._create_committed_count(None)
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = self._env(cr_a, self._storekeeper_id(self._env(cr_a)))
            env_b = self._env(cr_b, self._env(cr_b).ref("base.user_admin").id)
            task_a = env_a["logistics.count.task"].browse(task_id)
            line_id = task_a.line_ids.id
            task_a.action_set_counted_qty(line_id, 990)
            with self.assertRaises(UserError) as caught, mute_logger("odoo.sql_db"):
                env_b["logistics.count.task"].browse(task_id).action_set_counted_qty(line_id, 995)
            self.assertIn("Someone else is saving this count", str(caught.exception))
            cr_b.rollback()
        with self.registry.cursor() as cr:
            line = self._env(cr)["logistics.count.line"].browse(line_id)
            self.assertEqual((line.counted_qty, line.theoretical_qty), (990, 1000))

    def test_a_submission_racing_a_committed_one_finds_the_count_closed(self):
        task_id, location_id, product_id = self._create_committed_count(990)
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = self._env(cr_a, self._storekeeper_id(self._env(cr_a)))
            env_b = self._env(cr_b, self._env(cr_b).ref("base.user_admin").id)
            # session B's transaction has started (it sees the count open)...
            self.assertEqual(env_b["logistics.count.task"].browse(task_id).state, "in_progress")
            # ...when session A submits and commits
            env_a["logistics.count.task"].browse(task_id).action_submit()
            cr_a.commit()
            calls = []

            def submit_b():
                calls.append(task_id)
                return env_b["logistics.count.task"].browse(task_id).action_submit()

            # B's lock meets a row changed after its snapshot: the call is played again from
            # a fresh snapshot, as Odoo does for every RPC call, and finds the count closed
            with (
                self.assertRaises(UserError) as caught,
                mute_logger("odoo.sql_db", "odoo.service.model"),
            ):
                retrying(submit_b, env_b)
            self.assertEqual(len(calls), 2, "the first attempt hit the serialization error")
            self.assertIn("cannot be counted any more", str(caught.exception))
            cr_b.rollback()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self.assertEqual(len(self._inventory_moves(env, product_id)), 1)
            self.assertEqual(self._quantity(env, product_id, location_id), 990)

    def test_a_move_committed_by_another_session_during_the_posting_is_kept(self):
        # 990 counted when the books said 1,000 (-10); while the count is being submitted,
        # another session sends 5 to the line and commits: 1,000 - 5 - 10 = 985 remain
        task_id, location_id, product_id = self._create_committed_count(990)
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = self._env(cr_a, self._storekeeper_id(self._env(cr_a)))
            env_b = self._env(cr_b)
            # session A's submission has started: it read the books (1,000)...
            self.assertEqual(self._quantity(env_a, product_id, location_id), 1000)
            # ...when session B's move of 5 is done and committed
            location = env_b["stock.location"].browse(location_id)
            product = env_b["product.product"].browse(product_id)
            move = env_b["stock.move"].create(
                env_b["logistics.demo.plant"]._prepare_done_move_vals(
                    product, location, product.property_stock_production, 5, "To the line"
                )
            )
            move._action_confirm()
            move._action_done()
            cr_b.commit()
            calls = []

            def submit_a():
                calls.append(task_id)
                return env_a["logistics.count.task"].browse(task_id).action_submit()

            with mute_logger("odoo.sql_db", "odoo.service.model"):
                retrying(submit_a, env_a)
            cr_a.commit()
            self.assertEqual(len(calls), 2, "the stale books were refused, not posted")
        with self.registry.cursor() as cr:
            env = self._env(cr)
            self.assertEqual(self._quantity(env, product_id, location_id), 985)
            self.assertEqual(self._inventory_moves(env, product_id).product_qty, 10)
