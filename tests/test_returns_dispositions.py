from odoo.exceptions import UserError, ValidationError

from .common_returns import ReturnsFixtureCase


class TestReturnsDispositions(ReturnsFixtureCase):
    """Each disposition creates its Odoo document and moves exactly its quantity out of the
    returns location; the books follow (FG at 100.00, its parts 2 x 20.00 + 10.00)."""

    def test_return_into_returns_location_opens_one_inspection(self):
        inspection = self.inspection
        self.assertEqual(len(inspection), 1)
        self.assertEqual(inspection.quantity, 5.0)
        self.assertEqual(inspection.product_id, self.fg)
        self.assertEqual(inspection.returned_by, "customer")
        self.assertEqual(inspection.partner_id, self.customer)
        self.assertEqual(inspection.location_id, self.returns)
        self.assertEqual(inspection.state, "to_inspect")
        self.assertFalse(inspection.delivery_warning, "8 FG were delivered to this customer")
        self.assertEqual(self.qty_at(self.fg, self.returns), 5.0)
        # 20 received, 8 delivered, 5 back: 17 in the books at 100.00
        self.assertAlmostEqual(self.stock_value(self.fg), 1700.0)

    def test_restock_moves_the_quantity_to_stock_through_an_internal_transfer(self):
        disposition = self.dispose("restock", 2)
        picking = disposition.picking_id
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(picking.location_dest_id, self.stock)
        self.assertEqual(picking.move_ids.quantity, 2.0)
        self.assertEqual(self.qty_at(self.fg, self.returns), 3.0)
        self.assertEqual(self.qty_at(self.fg, self.stock), 14.0, "20 - 8 + 2")
        self.assertAlmostEqual(self.stock_value(self.fg), 1700.0, msg="internal: no change")
        self.assertAlmostEqual(disposition.recovered_value, 200.0, msg="2 x 100.00")
        self.assertEqual(self.inspection.qty_disposed, 2.0)
        self.assertEqual(self.inspection.state, "in_progress")

    def test_scrap_creates_a_done_scrap_with_the_reason_and_its_value(self):
        self.inspection.reason_id = self.reason
        disposition = self.dispose("scrap", 1)
        scrap = disposition.scrap_id
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.scrap_qty, 1.0)
        self.assertEqual(scrap.location_id, self.returns)
        self.assertEqual(scrap.scrap_reason_tag_ids.name, "Transport damage")
        self.assertEqual(self.qty_at(self.fg, self.returns), 4.0)
        self.assertAlmostEqual(self.stock_value(self.fg), 1600.0, msg="1700 - 100")
        self.assertAlmostEqual(disposition.scrapped_value, 100.0)

    def test_disassemble_runs_an_unbuild_and_puts_the_components_in_stock(self):
        disposition = self.dispose("disassemble", 1)
        unbuild = disposition.unbuild_id
        self.assertEqual(unbuild.state, "done")
        self.assertEqual(unbuild.bom_id, self.bom)
        self.assertEqual(unbuild.location_id, self.returns)
        self.assertEqual(self.qty_at(self.fg, self.returns), 4.0)
        self.assertEqual(self.qty_at(self.c1, self.stock), 12.0, "10 + 2")
        self.assertEqual(self.qty_at(self.c2, self.stock), 11.0, "10 + 1")
        self.assertAlmostEqual(self.stock_value(self.c1), 240.0, msg="12 x 20.00")
        self.assertAlmostEqual(self.stock_value(self.c2), 110.0, msg="11 x 10.00")
        self.assertAlmostEqual(disposition.recovered_value, 50.0, msg="2 x 20 + 1 x 10")

    def test_repair_creates_a_repair_order_whose_parts_are_its_cost(self):
        disposition = self.dispose("repair", 1)
        repair = disposition.repair_id
        self.assertEqual(repair.state, "confirmed")
        self.assertEqual(repair.product_location_src_id, self.returns)
        self.assertEqual(repair.product_qty, 1.0)
        self.assertEqual(self.qty_at(self.fg, self.returns), 5.0, "still there until repaired")
        self.env["stock.move"].create(
            {
                "repair_id": repair.id,
                "repair_line_type": "add",
                "product_id": self.c2.id,
                "product_uom_qty": 1,
                "company_id": self.company.id,
            }
        )
        repair.action_repair_start()
        repair.move_ids.quantity = 1
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(self.qty_at(self.fg, self.returns), 4.0)
        self.assertEqual(self.qty_at(self.fg, self.stock), 13.0, "20 - 8 + 1 repaired")
        self.assertEqual(self.qty_at(self.c2, self.stock), 9.0, "one part used")
        self.assertAlmostEqual(disposition.repair_cost, 10.0, msg="1 C2 at 10.00")
        self.assertAlmostEqual(self.inspection.repair_cost, 10.0)

    def test_recycle_sends_the_quantity_to_the_recycling_location(self):
        disposition = self.dispose("recycle", 2)
        self.assertEqual(disposition.location_dest_id, self.recycling)
        self.assertEqual(disposition.picking_id.state, "done")
        self.assertEqual(self.qty_at(self.fg, self.returns), 3.0)
        self.assertAlmostEqual(self.stock_value(self.fg), 1500.0, msg="1700 - 2 x 100")

    def test_return_to_vendor_ships_to_the_product_vendor(self):
        disposition = self.dispose("vendor", 1)
        picking = disposition.picking_id
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.partner_id, self.vendor, "the product's vendor")
        self.assertEqual(picking.location_dest_id.usage, "supplier")
        self.assertEqual(self.qty_at(self.fg, self.returns), 4.0)
        self.assertAlmostEqual(self.stock_value(self.fg), 1600.0)
        self.assertAlmostEqual(disposition.recovered_value, 100.0)

    def test_a_return_split_four_ways_ends_disposed_with_nothing_left(self):
        for disposition_type, qty in (("restock", 2), ("scrap", 1), ("recycle", 1), ("vendor", 1)):
            self.dispose(disposition_type, qty)
        self.assertEqual(self.inspection.state, "done")
        self.assertTrue(self.inspection.date_disposed)
        self.assertEqual(self.qty_at(self.fg, self.returns), 0.0)

    def test_default_disposition_comes_from_the_reason(self):
        self.inspection.reason_id = self.reason
        disposition = self.env["logistics.return.disposition"].create(
            {"inspection_id": self.inspection.id, "quantity": 1}
        )
        self.assertEqual(disposition.disposition_type, "repair")
        self.assertEqual(disposition.location_dest_id, self.stock)

    # ------------------------------------------------------------------ refusals
    def test_dispositions_beyond_the_returned_quantity_are_refused(self):
        self.dispose("restock", 3)
        with self.assertRaises(ValidationError):
            self.propose("scrap", 3)
        self.assertEqual(len(self.inspection.disposition_ids), 1)
        self.assertEqual(self.qty_at(self.fg, self.returns), 2.0)

    def test_confirming_what_was_already_disposed_elsewhere_is_refused(self):
        first = self.env["logistics.return.disposition"].create(
            {"inspection_id": self.inspection.id, "disposition_type": "restock", "quantity": 3}
        )
        second = self.env["logistics.return.disposition"].create(
            {"inspection_id": self.inspection.id, "disposition_type": "scrap", "quantity": 2}
        )
        first.with_user(self.manager).action_confirm()
        # the second fits (3 + 2 = 5); confirming it twice does not
        second.with_user(self.manager).action_confirm()
        with self.assertRaisesRegex(UserError, "already confirmed"):
            second.with_user(self.manager).action_confirm()
        self.assertEqual(self.inspection.qty_disposed, 5.0)
        self.assertEqual(
            len(self.env["stock.scrap"].search([("origin", "=", self.inspection.name)])), 1
        )

    def test_nothing_leaves_the_returns_location_without_a_disposition(self):
        with self.assertRaisesRegex(UserError, "only through a disposition"):
            self._transfer(self.fg, 1, self.returns, self.stock, self.warehouse.int_type_id)
        self.assertEqual(self.qty_at(self.fg, self.returns), 5.0)
        with self.assertRaisesRegex(UserError, "only through a disposition"):
            scrap = self.env["stock.scrap"].create(
                {
                    "product_id": self.fg.id,
                    "scrap_qty": 1,
                    "location_id": self.returns.id,
                    "company_id": self.company.id,
                }
            )
            scrap.do_scrap()
        self.assertEqual(self.qty_at(self.fg, self.returns), 5.0)
