from odoo import fields
from odoo.exceptions import AccessError, ValidationError

from .common_transport import TransportCase


class TestTransportCosts(TransportCase):
    def test_estimate_is_the_carriers_fixed_price_or_its_rule(self):
        # Road: fixed 80; Rail: 150 + 0.05 x 200 kg = 160; Courier: fixed 15
        self.assertEqual(self.s1.transport_cost_estimated, 80.0)
        self.assertEqual(self.s3.transport_weight, 200.0)
        self.assertAlmostEqual(self.s3.transport_cost_estimated, 160.0)
        self.assertEqual(self.s4.transport_cost_estimated, 15.0)
        # 100 P x 0.01 m³
        self.assertAlmostEqual(self.s3.transport_volume, 1.0)

    def test_estimate_follows_the_weight_and_is_zero_when_no_rule_matches(self):
        self.s3.with_user(self.manager).transport_weight = 1000.0
        self.assertAlmostEqual(self.s3.transport_cost_estimated, 200.0)  # 150 + 0.05 x 1000
        self.s3.with_user(self.manager).transport_weight = 30000.0  # beyond the 20,000 kg rule
        self.assertEqual(self.s3.transport_cost_estimated, 0.0)

    def test_actual_cost_comes_from_the_carriers_bill_line(self):
        self.assertEqual(self.s3.transport_cost_actual, 200.0)
        self.bill.invoice_line_ids.price_unit = 210.0
        self.assertEqual(self.s3.transport_cost_actual, 210.0)

    def test_a_customer_invoice_line_is_not_a_carrier_bill(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [(0, 0, {"name": "Freight", "price_unit": 30.0})],
            }
        )
        with self.assertRaises(ValidationError):
            self.s1.with_user(self.manager).transport_bill_line_id = invoice.invoice_line_ids
        self.assertFalse(self.s1.transport_bill_line_id)
        self.assertEqual(self.s1.transport_cost_actual, 90.0)

    def test_negative_or_absurd_figures_are_refused_and_nothing_is_written(self):
        s1 = self.s1.with_user(self.manager)
        for values in (
            {"transport_cost_actual": -5.0},
            {"transport_cost_actual": 2_000_000.0},
            {"transport_weight": -1.0},
            {"transport_weight": 5_000_000.0},
            {"transport_volume": -0.5},
            {"transport_mode": "air", "transport_cost_actual": -1.0},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    s1.write(values)
            self.s1.invalidate_recordset()
            self.assertEqual(
                [self.s1.transport_cost_actual, self.s1.transport_weight, self.s1.transport_mode],
                [90.0, 20.0, False],
            )

    def test_storekeepers_read_transport_and_cannot_change_it(self):
        s1 = self.s1.with_user(self.storekeeper)
        self.assertEqual(s1.transport_cost_actual, 90.0)
        self.assertFalse(s1.transport_editable)
        for values in (
            {"transport_cost_actual": 10.0},
            {"transport_mode": "air"},
            {"transport_weight": 1.0},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                s1.write(values)
        self.s1.invalidate_recordset()
        self.assertEqual(self.s1.transport_cost_actual, 90.0)
        self.assertTrue(self.s1.with_user(self.manager).transport_editable)

    def test_manager_records_mode_incoterm_and_actual_cost(self):
        incoterm = self.env.ref("account.incoterm_DAP")
        self.s2.with_user(self.manager).write(
            {
                "transport_mode": "rail",
                "transport_incoterm_id": incoterm.id,
                "transport_cost_actual": 95.5,
            }
        )
        self.assertEqual(
            [self.s2.transport_mode, self.s2.transport_incoterm_id, self.s2.transport_cost_actual],
            ["rail", incoterm, 95.5],
        )

    def test_storekeeper_ships_part_of_a_delivery_the_backorder_keeps_its_transport(self):
        incoterm = self.env.ref("account.incoterm_DAP")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "carrier_id": self.road.id,
                "transport_mode": "road",
                "transport_incoterm_id": incoterm.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "P",
                            "product_id": self.product.id,
                            "product_uom_qty": 4,
                            "location_id": self.stock.id,
                            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.write({"quantity": 3, "picked": True})
        picking = picking.with_user(self.storekeeper).with_context(
            skip_sms=True, cancel_backorder=False
        )
        picking._action_done()
        backorder = self.env["stock.picking"].search([("backorder_id", "=", picking.id)])
        self.assertEqual(picking.state, "done")
        self.assertEqual(
            (backorder.transport_mode, backorder.transport_incoterm_id, backorder.carrier_id),
            ("road", incoterm, self.road),
        )
        self.assertEqual(backorder.move_ids.product_uom_qty, 1)

    def test_a_wrong_product_weight_never_stops_a_transfer(self):
        # 600 kg typed for a 600 g part, 2,000 parts: 1,200,000 kg computed, over the bound
        # of what a person may type (1,000,000 kg). The transfer is still created and
        # validated (a kanban scan must not fail on master data); typing it is refused.
        self.product.weight = 600.0
        picking = self.ship("outgoing", 2000, self.road, fields.Datetime.now())
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.transport_weight, 1_200_000.0)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            picking.with_user(self.manager).transport_weight = 1_200_000.5
        picking.invalidate_recordset()
        self.assertEqual(picking.transport_weight, 1_200_000.0)

    def test_a_carrier_bill_line_over_the_bound_is_refused(self):
        # a bill line of 2,000,000 (over the 1,000,000 a shipment may cost) cannot be linked
        bill = self.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": self.vendor.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [(0, 0, {"name": "Freight", "price_unit": 2_000_000.0})],
            }
        )
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.s1.with_user(self.manager).transport_bill_line_id = bill.invoice_line_ids
        self.s1.invalidate_recordset()
        self.assertFalse(self.s1.transport_bill_line_id)
        self.assertEqual(self.s1.transport_cost_actual, 90.0)
