"""18.0.1.1.0, transport: the shipments' transport columns, filled in SQL before the ORM
would compute them record by record on every transfer of the database.

The weight carried is Odoo's weight of the transfer's products (stock_delivery's `weight`,
installed with this version when it was not), the volume the products' volume times the
quantity of the moves not cancelled, the carrier's estimate 0 (transfers without a carrier;
those with one, where stock_delivery was already installed, are estimated in post-transport).
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column


def migrate(cr, version):
    if not version or column_exists(cr, "stock_picking", "transport_cost_estimated"):
        return
    create_column(cr, "stock_picking", "transport_weight", "numeric")
    create_column(cr, "stock_picking", "transport_volume", "numeric")
    create_column(cr, "stock_picking", "transport_cost_estimated", "numeric")
    has_weight = column_exists(cr, "stock_picking", "weight")
    weight = SQL.identifier("p", "weight") if has_weight else SQL("0")
    cr.execute(
        SQL(
            """
        UPDATE stock_picking p
           SET transport_weight = COALESCE(%s, 0),
               transport_cost_estimated = 0,
               transport_volume = COALESCE((
                   SELECT sum(m.product_qty * COALESCE(pt.volume, 0))
                     FROM stock_move m
                     JOIN product_product pp ON pp.id = m.product_id
                     JOIN product_template pt ON pt.id = pp.product_tmpl_id
                    WHERE m.picking_id = p.id AND m.state != 'cancel'), 0)
            """,
            weight,
        )
    )
