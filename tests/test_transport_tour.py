from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestTransportPickingTour(HttpCase):
    def demo_delivery(self):
        return self.env["stock.picking"].search(
            [("carrier_id", "=", self.env.ref("industrial_logistics.demo_carrier_road").id)],
            order="id",
            limit=1,
        )

    def test_manager_types_the_actual_cost_of_a_delivery(self):
        picking = self.demo_delivery()
        self.assertEqual(picking.transport_cost_actual, 85.0)
        url = f"/odoo/action-stock.action_picking_tree_all/{picking.id}"
        self.start_tour(url, "industrial_logistics_transport_picking", login="admin")
        self.assertEqual(picking.transport_cost_actual, 88.5)

    def test_storekeeper_reads_the_transport_of_a_delivery(self):
        new_test_user(
            self.env,
            "transport_tour_storekeeper",
            groups="industrial_logistics.group_logistics_storekeeper",
        )
        picking = self.demo_delivery()
        url = f"/odoo/action-stock.action_picking_tree_all/{picking.id}"
        self.start_tour(
            url, "industrial_logistics_transport_picking_read", login="transport_tour_storekeeper"
        )
        self.assertEqual(picking.transport_cost_actual, 85.0)
