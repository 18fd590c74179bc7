from odoo.tests import HttpCase, new_test_user, tagged

from .common import LogisticsCase


class ReturnsHandheldTourCase(HttpCase, LogisticsCase):
    """Two returns waiting in the demo returns location, from a customer that never received
    them (so the screen warns): 2 pumps (barcode RET-TOUR-PUMP) and 3 valves of lot
    LOT-TOUR-VALVE; reasons "Tour dented" (proposes a scrap) and "Tour surplus" (a restock)."""

    def set_up_returns(self):
        self.returns = self.require_demo("industrial_logistics.demo_location_returns")
        self.stock = self.returns.warehouse_id.lot_stock_id
        self.customer = self.env["res.partner"].create({"name": "Tour Customer"})
        Reason = self.env["logistics.return.reason"]
        self.dented = Reason.create(
            {"code": "T-DENT", "name": "Tour dented", "default_disposition": "scrap"}
        )
        self.surplus = Reason.create(
            {"code": "T-SURP", "name": "Tour surplus", "default_disposition": "restock"}
        )
        Product = self.env["product.product"]
        self.pump = Product.create(
            {"name": "Tour pump", "is_storable": True, "barcode": "RET-TOUR-PUMP"}
        )
        self.valve = Product.create({"name": "Tour valve", "is_storable": True, "tracking": "lot"})
        self.lot = self.env["stock.lot"].create(
            {"name": "LOT-TOUR-VALVE", "product_id": self.valve.id}
        )
        self.pump_return = self.receive_return(self.pump, 2)
        self.valve_return = self.receive_return(self.valve, 3, self.lot)

    def receive_return(self, product, quantity, lot=None):
        customers = self.env.ref("stock.stock_location_customers")
        picking = self._create_picking(
            self.returns.warehouse_id.in_type_id,
            customers,
            self.returns,
            [(product, quantity)],
            partner_id=self.customer.id,
        )
        picking.action_confirm()
        picking.move_ids.quantity = quantity
        picking.move_ids.move_line_ids.lot_id = lot
        picking.move_ids.picked = True
        picking._action_done()
        return self.env["logistics.return.inspection"].search([("picking_id", "=", picking.id)])

    def qty_at(self, product, location):
        return product.with_context(location=location.id).qty_available


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestReturnsHandheldTourDesktop(ReturnsHandheldTourCase):
    def test_inspector_records_the_findings_and_proposes_a_split(self):
        self.set_up_returns()
        inspector = new_test_user(
            self.env,
            "return_tour_inspector",
            groups="industrial_logistics.group_logistics_storekeeper",
        )
        self.start_tour(
            "/odoo", "industrial_logistics_return_inspection_inspector", login=inspector.login
        )
        inspection = self.pump_return
        self.assertEqual(inspection.reason_id, self.dented)
        self.assertEqual(inspection.inspector_id, inspector)
        self.assertEqual(inspection.state, "in_progress")
        self.assertIn("Housing dented on one side", inspection.notes)
        self.assertEqual(inspection.photo_ids.mapped("name"), ["dent.png"])
        self.assertEqual(inspection.photo_ids.mimetype, "image/png")
        self.assertEqual(
            (inspection.photo_ids.res_model, inspection.photo_ids.res_id),
            ("logistics.return.inspection", inspection.id),
        )
        # proposed, not done: one scrap and one restock of one pump each, nothing moved
        self.assertEqual(
            sorted(inspection.disposition_ids.mapped(lambda d: (d.disposition_type, d.quantity))),
            [("restock", 1.0), ("scrap", 1.0)],
        )
        self.assertEqual(set(inspection.disposition_ids.mapped("state")), {"draft"})
        self.assertEqual(self.qty_at(self.pump, self.returns), 2.0)
        self.assertEqual(self.valve_return.state, "to_inspect")


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestReturnsHandheldTourPhone(ReturnsHandheldTourCase):
    """On a phone-sized handheld with a touch screen."""

    browser_size = "375x667"
    touch_enabled = True

    def test_manager_disposes_of_a_lot_on_a_phone(self):
        self.set_up_returns()
        manager = new_test_user(
            self.env,
            "return_tour_manager",
            groups="industrial_logistics.group_logistics_manager",
        )
        stock_before = self.qty_at(self.valve, self.stock)
        self.start_tour(
            "/odoo", "industrial_logistics_return_inspection_manager", login=manager.login
        )
        inspection = self.valve_return
        self.assertEqual(inspection.state, "done")
        self.assertEqual(inspection.reason_id, self.surplus)
        done = {d.disposition_type: d for d in inspection.disposition_ids}
        self.assertEqual(set(done), {"restock", "scrap"})
        self.assertEqual((done["restock"].quantity, done["scrap"].quantity), (2.0, 1.0))
        self.assertEqual(done["restock"].picking_id.state, "done")
        self.assertEqual(done["scrap"].scrap_id.state, "done")
        self.assertEqual(done["scrap"].scrap_id.lot_id, self.lot)
        # 2 valves back in stock, 1 scrapped, none left in the returns location
        self.assertEqual(self.qty_at(self.valve, self.stock), stock_before + 2.0)
        self.assertEqual(self.qty_at(self.valve, self.returns), 0.0)
        self.assertEqual(self.pump_return.state, "to_inspect")
