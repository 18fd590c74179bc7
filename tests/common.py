from odoo import Command
from odoo.tests import TransactionCase
from odoo.tools import SQL


class LogisticsCase(TransactionCase):
    """The base of the addon's fixtures (tests/common_<feature>.py), built on Odoo's own data.

    A fixture or a test that stands on the demo plant says so with require_demo(): on a
    database installed without demo data it is skipped, never failing half-way.
    """

    @classmethod
    def require_demo(cls, xmlid="industrial_logistics.demo_location_supermarket"):
        """The demo record `xmlid`; the whole class is skipped without the demo plant."""
        record = cls.env.ref(xmlid, raise_if_not_found=False)
        if not record:
            cls.skipTest(cls, "installed without demo data")
        return record

    @classmethod
    def _create_own_company(cls, name, **values):
        """A company of the fixture's own, the environment working in it alone and without
        tracking, so that the demo plant's records never change its figures: cls.company, its
        warehouse cls.warehouse and that warehouse's stock location cls.stock."""
        cls.company = cls.env["res.company"].create({"name": name, **values})
        cls.env = cls.env(
            context=dict(
                cls.env.context, allowed_company_ids=[cls.company.id], tracking_disable=True
            )
        )
        cls.env.user.company_ids |= cls.company
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)])
        cls.stock = cls.warehouse.lot_stock_id

    @classmethod
    def _write_sql(cls, table, record_id, **values):
        """Write `values` in the row of `record_id` straight in SQL: the past dates and states
        a fixture needs, which the ORM computes or refuses."""
        cls.env.flush_all()
        assignments = SQL(", ").join(
            SQL("%s = %s", SQL.identifier(column), value) for column, value in values.items()
        )
        cls.env.cr.execute(
            SQL("UPDATE %s SET %s WHERE id = %s", SQL.identifier(table), assignments, record_id)
        )
        cls.env.invalidate_all()

    @classmethod
    def _backdate_moves(cls, moves, when):
        """Moves, their lines and valuation layers dated `when`, as if done then."""
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                """
            WITH m AS (UPDATE stock_move SET date = %(when)s WHERE id = ANY(%(ids)s)),
                 l AS (UPDATE stock_move_line SET date = %(when)s WHERE move_id = ANY(%(ids)s))
            UPDATE stock_valuation_layer SET create_date = %(when)s
             WHERE stock_move_id = ANY(%(ids)s)
            """,
                when=when,
                ids=moves.ids,
            )
        )
        cls.env.invalidate_all()

    @classmethod
    def _done_move(cls, product, source, destination, quantity):
        """A move of `quantity` done now as the stock app does it: confirmed, reserved from
        `source`, picked and validated, in the environment's company (with
        _create_own_company, the fixture's); _backdate_moves dates it in the past."""
        move = cls.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": quantity,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "company_id": cls.env.company.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        return move

    @classmethod
    def _create_picking(cls, picking_type, source, destination, lines, **values):
        """A draft transfer `source` -> `destination` of one move per (product, quantity) of
        `lines`; `values` adds to the transfer's (partner, dates, company)."""
        return cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                **values,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": quantity,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                    for product, quantity in lines
                ],
            }
        )
