from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import TransactionCase
from odoo.tools import SQL, mute_logger

PRODUCT_NAME = "RT concurrent product"


class TestReturnsConcurrency(TransactionCase):
    """Two managers confirm dispositions of the same return at the same time from two
    database sessions: together they would dispose of 6 of the 5 returned; exactly one
    goes through. The return must be committed for both sessions to see it, so the test
    commits its own data and removes it after."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _create_committed_return(self):
        self._remove_committed_return()  # what an interrupted run left behind
        with self.registry.cursor() as cr:
            env = self._env(cr)
            warehouse = env.ref("stock.warehouse0")
            returns = env["stock.location"].create(
                {
                    "name": "RT concurrent returns",
                    "usage": "internal",
                    "location_id": warehouse.view_location_id.id,
                    "logistics_returns": True,
                }
            )
            product = env["product.product"].create(
                {"name": PRODUCT_NAME, "type": "consu", "is_storable": True}
            )
            env["stock.quant"]._update_available_quantity(product, returns, 5)
            inspection = env["logistics.return.inspection"].create(
                {
                    "company_id": warehouse.company_id.id,
                    "product_id": product.id,
                    "quantity": 5,
                    "location_id": returns.id,
                    "returned_by": "line",
                    "date_received": "2026-01-05 08:00:00",
                }
            )
            return inspection.id

    def _remove_committed_return(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            products = (
                env["product.product"]
                .with_context(active_test=False)
                .search([("name", "=", PRODUCT_NAME)])
            )
            if not products:
                return
            ids = tuple(products.ids)
            # done moves and scraps cannot be deleted through the ORM: remove them in SQL
            for table in (
                "logistics_return_disposition",
                "stock_valuation_layer",
                "stock_move_line",
                "stock_move",
                "stock_scrap",
                "stock_quant",
            ):
                column = "product_id"
                if table == "logistics_return_disposition":
                    cr.execute(
                        SQL(
                            "DELETE FROM logistics_return_disposition WHERE inspection_id IN "
                            "(SELECT id FROM logistics_return_inspection WHERE product_id IN %s)",
                            ids,
                        )
                    )
                    continue
                cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE %s IN %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        ids,
                    )
                )
            cr.execute(SQL("DELETE FROM logistics_return_inspection WHERE product_id IN %s", ids))
            templates = products.product_tmpl_id
            products.unlink()
            templates.unlink()
            env["stock.location"].search([("name", "=", "RT concurrent returns")]).unlink()

    def _propose(self, env, inspection_id, qty):
        return env["logistics.return.disposition"].create(
            {"inspection_id": inspection_id, "disposition_type": "scrap", "quantity": qty}
        )

    def test_two_simultaneous_confirmations_never_dispose_of_more_than_returned(self):
        inspection_id = self._create_committed_return()
        self.addCleanup(self._remove_committed_return)

        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a, env_b = self._env(cr_a), self._env(cr_b)
            # each session proposes 3 of the 5: each alone fits
            first = self._propose(env_a, inspection_id, 3)
            second = self._propose(env_b, inspection_id, 3)
            # A confirms and holds the return's row until it commits...
            first.action_confirm()
            # ...so B, confirming meanwhile, is turned away at once, with nothing written
            with self.assertRaisesRegex(UserError, "somewhere else"):
                second.action_confirm()
            self.assertEqual(second.state, "draft")
            self.assertFalse(second.scrap_id)
        # both commit: A's scrap, B's proposal

        # B tries again after A committed: 3 + 3 > 5, refused; 2 are left
        with self.registry.cursor() as cr:
            env = self._env(cr)
            inspection = env["logistics.return.inspection"].browse(inspection_id)
            pending = inspection.disposition_ids.filtered(lambda d: d.state == "draft")
            with self.assertRaisesRegex(UserError, "only 2.0 are left"):
                pending.action_confirm()
            self.assertEqual(inspection.qty_disposed, 3.0)
            product = inspection.product_id
            scraps = env["stock.scrap"].search([("product_id", "=", product.id)])
            self.assertEqual(len(scraps), 1)
            self.assertEqual(sum(scraps.mapped("scrap_qty")), 3.0)
            quant_qty = product.with_context(location=inspection.location_id.id).qty_available
            self.assertEqual(quant_qty, 2.0, "5 returned, 3 scrapped, nothing else moved")

    def test_confirmation_racing_a_committed_one_is_retried_and_refused(self):
        inspection_id = self._create_committed_return()
        self.addCleanup(self._remove_committed_return)
        with self.registry.cursor() as cr_b:
            env_b = self._env(cr_b)
            second = self._propose(env_b, inspection_id, 3)
            cr_b.commit()
            # B's new transaction takes its snapshot: nothing disposed of yet...
            cr_b.execute("SELECT 1")
            with self.registry.cursor() as cr_a:
                # ...when A disposes of 2 and commits
                self._propose(self._env(cr_a), inspection_id, 2).action_confirm()
            # B's lock meets a row changed after its snapshot: played again from a fresh
            # one, as Odoo does for every RPC call, B sees 2 disposed and 3 fit exactly
            calls = []

            def confirm_b():
                calls.append(1)
                env_b["logistics.return.disposition"].browse(second.id).action_confirm()

            with mute_logger("odoo.sql_db", "odoo.service.model"):
                retrying(confirm_b, env_b)
            self.assertEqual(len(calls), 2, "the first attempt hit the serialization error")
            inspection = env_b["logistics.return.inspection"].browse(inspection_id)
            self.assertEqual(inspection.qty_disposed, 5.0)
            self.assertEqual(inspection.state, "done")
