from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from .common import LogisticsCase


class TransportCase(LogisticsCase):
    """A warehouse of its own (TWH), so the demo deliveries never change the figures.

    Product P: 2 kg, 0.01 m³, cost 50. Carriers: Road (fixed price 80), Rail (by rule:
    150 + 0.05 per kg up to 20,000 kg), Courier (fixed 15).
      S3 receipt of 100 P by Rail: 200 kg, value 5,000, estimate 150 + 0.05 x 200 = 160,
         actual 200 from a line of the carrier's vendor bill.
      S1 delivery of 10 P by Road: 20 kg, value 500, estimate 80, actual 90 typed, on time.
      S2 delivery of 30 P by Road: 60 kg, value 1,500, estimate 80, no actual (cost = 80),
         done 10 days ago, scheduled 11 days ago: late.
      S4 delivery of 2 P by Courier: 4 kg, value 100, estimate 15, no actual, on time.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].create({"name": "Transport WH", "code": "TWH"})
        cls.stock = cls.warehouse.lot_stock_id
        cls._create_users()
        cls._create_product_and_partners()
        cls._create_carriers()
        cls._create_shipments()
        cls.env.flush_all()

    @classmethod
    def _create_users(cls):
        cls.manager = new_test_user(
            cls.env,
            "transport_manager",
            groups="industrial_logistics.group_logistics_manager,stock.group_stock_manager",
        )
        cls.storekeeper = new_test_user(
            cls.env,
            "transport_storekeeper",
            groups="industrial_logistics.group_logistics_storekeeper,stock.group_stock_user",
        )

    @classmethod
    def _create_product_and_partners(cls):
        """Product P (2 kg, 0.01 m³, cost 50), the customer and the carriers' vendor."""
        cls.product = cls.env["product.product"].create(
            {
                "name": "Transport P",
                "type": "consu",
                "is_storable": True,
                "weight": 2.0,
                "volume": 0.01,
                "standard_price": 50.0,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Transport customer"})
        cls.vendor = cls.env["res.partner"].create({"name": "Transport vendor"})

    @classmethod
    def _create_carriers(cls):
        """Road (fixed 80), Courier (fixed 15), Rail (150 + 0.05 per kg up to 20,000 kg)."""
        cls.road = cls.carrier("Road", "fixed", 80.0)
        cls.courier = cls.carrier("Courier", "fixed", 15.0)
        cls.rail = cls.carrier("Rail", "base_on_rule", 0.0)
        cls.env["delivery.price.rule"].create(
            {
                "carrier_id": cls.rail.id,
                "variable": "weight",
                "operator": "<=",
                "max_value": 20000,
                "list_base_price": 150.0,
                "list_price": 0.05,
                "variable_factor": "weight",
            }
        )

    @classmethod
    def _create_shipments(cls):
        """S3 with its carrier bill line, S1 with its typed actual cost, S2 late, S4."""
        now = fields.Datetime.now()
        cls.s3 = cls.ship("incoming", 100, cls.rail, now + timedelta(days=1))
        cls.bill = cls.env["account.move"].create(
            {
                "move_type": "in_invoice",
                "partner_id": cls.vendor.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create({"name": "Rail freight S3", "quantity": 1, "price_unit": 200.0})
                ],
            }
        )
        cls.s3.transport_bill_line_id = cls.bill.invoice_line_ids
        cls.s1 = cls.ship("outgoing", 10, cls.road, now + timedelta(days=1))
        cls.s1.transport_cost_actual = 90.0
        cls.s2 = cls.ship("outgoing", 30, cls.road, now - timedelta(days=11))
        cls.s4 = cls.ship("outgoing", 2, cls.courier, now + timedelta(days=1))
        # S2 left 10 days ago (a day after its scheduled date)
        cls.s2.date_done = now - timedelta(days=10)

    @classmethod
    def carrier(cls, name, delivery_type, price):
        product = cls.env["product.product"].create(
            {"name": f"Freight {name}", "type": "service", "list_price": price}
        )
        return cls.env["delivery.carrier"].create(
            {
                "name": name,
                "delivery_type": delivery_type,
                "product_id": product.id,
                "fixed_price": price,
            }
        )

    @classmethod
    def ship(cls, code, quantity, carrier, scheduled):
        """A done receipt (code incoming) or delivery of `quantity` P with `carrier`."""
        kind = cls.warehouse.in_type_id if code == "incoming" else cls.warehouse.out_type_id
        partner = cls.vendor if code == "incoming" else cls.customer
        source, destination = kind.default_location_src_id, kind.default_location_dest_id
        if code == "incoming":
            source = cls.env.ref("stock.stock_location_suppliers")
        else:
            destination = cls.env.ref("stock.stock_location_customers")
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": kind.id,
                "partner_id": partner.id,
                "carrier_id": carrier.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "scheduled_date": scheduled,
                "move_ids": [
                    Command.create(
                        {
                            "name": cls.product.name,
                            "product_id": cls.product.id,
                            "product_uom": cls.product.uom_id.id,
                            "product_uom_qty": quantity,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.write({"quantity": quantity, "picked": True})
        picking.with_context(skip_sms=True)._action_done()
        return picking

    def kpis(self, user=None, days=30):
        env = self.env(user=user) if user else self.env
        today = fields.Date.context_today(env.user)
        period = {
            "date_from": today - timedelta(days=days),
            "date_to": today,
            "days": days + 1,
            "details": True,
        }
        return env["logistics.kpi.family.transport"]._kpi_compute(
            period, {"warehouse_id": self.warehouse.id}
        )
