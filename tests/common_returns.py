from odoo import Command
from odoo.tests import new_test_user

from .common import LogisticsCase


class ReturnsFixtureCase(LogisticsCase):
    """A company of its own, so that the demo's returns never change the figures.

    Products (standard cost, sale price):
      FG  100.00 / 150.00, bill of materials: 2 C1 (20.00) + 1 C2 (10.00) = 50.00 of parts;
      CONS, a consumable (not stocked).
    WH/Stock holds 20 FG, 10 C1, 10 C2. The customer received 8 FG (a done delivery), then
    sends 5 FG back into WH/Returns: one inspection of 5 FG valued 500.00 in the returns
    location. Roles: an inspector (storekeeper) and a manager (supply-chain manager).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_own_company("Returns Fixture Co")
        cls.company.logistics_return_hourly_rate = 40.0
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls._create_locations()
        cls._create_partners()
        cls._create_products()
        for product, qty in ((cls.fg, 20), (cls.c1, 10), (cls.c2, 10)):
            cls._receive(product, qty)
        cls._create_reason()
        cls._create_users()
        cls._create_customer_return()

    @classmethod
    def _create_locations(cls):
        """WH/Returns, where the returns are received, and the company's recycling location."""
        cls.returns = cls.env["stock.location"].create(
            {
                "name": "Returns",
                "usage": "internal",
                "location_id": cls.warehouse.view_location_id.id,
                "logistics_returns": True,
                "company_id": cls.company.id,
            }
        )
        cls.recycling = cls.env["stock.location"].create(
            {
                "name": "Recycling",
                "usage": "inventory",
                "logistics_recycling": True,
                "company_id": cls.company.id,
            }
        )

    @classmethod
    def _create_partners(cls):
        cls.customer = cls.env["res.partner"].create({"name": "Returning Customer"})
        cls.other_customer = cls.env["res.partner"].create({"name": "Never Served"})
        cls.vendor = cls.env["res.partner"].create({"name": "Parts Vendor"})

    @classmethod
    def _create_products(cls):
        """FG bought from the vendor and made of 2 C1 + 1 C2, and a consumable."""
        cls.category = cls.env["product.category"].create({"name": "Returns fixture"})
        cls.fg = cls._product("RT FG", 100.0, 150.0)
        cls.c1 = cls._product("RT C1", 20.0, 30.0)
        cls.c2 = cls._product("RT C2", 10.0, 15.0)
        cls.consumable = cls.env["product.product"].create(
            {"name": "RT consumable", "type": "consu", "is_storable": False}
        )
        cls.env["product.supplierinfo"].create(
            {"partner_id": cls.vendor.id, "product_tmpl_id": cls.fg.product_tmpl_id.id}
        )
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.fg.product_tmpl_id.id,
                "product_qty": 1,
                "company_id": cls.company.id,
                "bom_line_ids": [
                    Command.create({"product_id": cls.c1.id, "product_qty": 2}),
                    Command.create({"product_id": cls.c2.id, "product_qty": 1}),
                ],
            }
        )

    @classmethod
    def _create_reason(cls):
        cls.reason = cls.env["logistics.return.reason"].create(
            {
                "code": "RT-DMG",
                "name": "Transport damage",
                "category": "transport_damage",
                "default_disposition": "repair",
                "company_id": cls.company.id,
            }
        )

    @classmethod
    def _create_users(cls):
        """The inspector (storekeeper) and the manager, both in the fixture company alone."""
        cls.inspector = new_test_user(
            cls.env,
            "rt_inspector",
            groups="industrial_logistics.group_logistics_storekeeper",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.manager = new_test_user(
            cls.env,
            "rt_manager",
            groups="industrial_logistics.group_logistics_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    @classmethod
    def _create_customer_return(cls):
        """8 FG delivered to the customer, 5 sent back into WH/Returns: the inspection."""
        cls._transfer(cls.fg, 8, cls.stock, cls.customers, cls.warehouse.out_type_id)
        cls.return_picking = cls._transfer(
            cls.fg, 5, cls.customers, cls.returns, cls.warehouse.in_type_id
        )
        cls.inspection = cls.env["logistics.return.inspection"].search(
            [("picking_id", "=", cls.return_picking.id)]
        )

    @classmethod
    def _product(cls, name, cost, price):
        product = cls.env["product.product"].create(
            {
                "name": name,
                "type": "consu",
                "is_storable": True,
                "categ_id": cls.category.id,
                "list_price": price,
            }
        )
        product = product.with_company(cls.company)
        product.standard_price = cost
        return product

    @classmethod
    def _receive(cls, product, qty):
        supplier = cls.env.ref("stock.stock_location_suppliers")
        return cls._transfer(product, qty, supplier, cls.stock, cls.warehouse.in_type_id)

    @classmethod
    def _transfer(cls, product, qty, source, destination, picking_type, partner=None):
        picking = cls._create_picking(
            picking_type,
            source,
            destination,
            [(product, qty)],
            partner_id=(partner or cls.customer).id,
            company_id=cls.company.id,
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        picking._action_done()
        return picking

    def qty_at(self, product, location):
        return product.with_context(location=location.id).qty_available

    def stock_value(self, product):
        """The product's stock value in the books of the fixture company."""
        layers = self.env["stock.valuation.layer"].search(
            [("product_id", "=", product.id), ("company_id", "=", self.company.id)]
        )
        return sum(layers.mapped("value"))

    def propose(self, disposition_type, quantity, **vals):
        """A disposition of the inspection proposed by the inspector."""
        return (
            self.env["logistics.return.disposition"]
            .with_user(self.inspector)
            .create(
                {
                    "inspection_id": self.inspection.id,
                    "disposition_type": disposition_type,
                    "quantity": quantity,
                    **vals,
                }
            )
        )

    def dispose(self, disposition_type, quantity, **vals):
        """A disposition proposed by the inspector, confirmed by the manager."""
        disposition = self.propose(disposition_type, quantity, **vals)
        disposition.with_user(self.manager).action_confirm()
        return disposition.with_user(self.env.user)
