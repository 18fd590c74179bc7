"""18.0.1.1.0, transport: the transfers that already had a carrier (stock_delivery installed
before this version) get the carrier's estimate; pre-transport set the others to 0."""

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not version or not column_exists(cr, "stock_picking", "carrier_id"):
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    pickings = (
        env["stock.picking"].with_context(active_test=False).search([("carrier_id", "!=", False)])
    )
    if pickings:
        env.add_to_compute(env["stock.picking"]._fields["transport_cost_estimated"], pickings)
        pickings.flush_recordset(["transport_cost_estimated"])
