from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestReturnsTour(HttpCase):
    def test_manager_inspects_splits_and_confirms_a_return(self):
        ref = self.env.ref
        returns = ref("industrial_logistics.demo_location_returns")
        customers = ref("stock.stock_location_customers")
        workbench = ref("industrial_logistics.demo_finished_fg02")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": ref("stock.picking_type_in").id,
                "location_id": customers.id,
                "location_dest_id": returns.id,
                "partner_id": ref("base.res_partner_2").id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Workbench returned",
                            "product_id": workbench.id,
                            "product_uom_qty": 2,
                            "product_uom": workbench.uom_id.id,
                            "location_id": customers.id,
                            "location_dest_id": returns.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.button_validate()
        inspection = self.env["logistics.return.inspection"].search(
            [("picking_id", "=", picking.id)]
        )
        self.assertEqual(inspection.state, "to_inspect")
        self.start_tour("/odoo", "industrial_logistics_returns_inspection", login="admin")
        self.assertEqual(inspection.state, "done")
        self.assertEqual(
            sorted(inspection.disposition_ids.mapped("disposition_type")), ["restock", "scrap"]
        )
        self.assertEqual(inspection.disposition_ids.scrap_id.state, "done")
        self.assertEqual(inspection.disposition_ids.picking_id.state, "done")
