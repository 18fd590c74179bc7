from datetime import datetime

from odoo import Command

from .common import LogisticsCase


class MilkRunCase(LogisticsCase):
    """A supermarket at (0, 0) and three line-side locations of WH/Stock, each with one spot.

    Coordinates in metres; the train drives 10 m/min and handles each stop in 0 minutes unless a
    test says otherwise, so planned times are easy to compute by hand.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env.ref("stock.warehouse0")
        cls._create_locations()
        cls._create_products()
        cls._create_circuit()
        # Mondays 8:00: a working day of the calendar.
        cls.monday_8 = datetime(2026, 3, 2, 8, 0)

    @classmethod
    def _create_locations(cls):
        """The supermarket, the three lines with a spot each, and a location no stop serves."""
        stock = cls.warehouse.lot_stock_id
        Location = cls.env["stock.location"]

        def location(name, parent, x, y, barcode):
            return Location.create(
                {
                    "name": name,
                    "location_id": parent.id,
                    "usage": "internal",
                    "posx": x,
                    "posy": y,
                    "barcode": barcode,
                }
            )

        cls.supermarket = location("MR Supermarket", stock, 0, 0, "MR-SM")
        cls.line_a = location("MR Line A", stock, 10, 0, "MR-A")
        cls.line_b = location("MR Line B", stock, 10, 10, "MR-B")
        cls.line_c = location("MR Line C", stock, 0, 10, "MR-C")
        cls.spot_a = location("Spot A1", cls.line_a, 10, 0, "MR-A1")
        cls.spot_b = location("Spot B1", cls.line_b, 10, 10, "MR-B1")
        cls.spot_c = location("Spot C1", cls.line_c, 0, 10, "MR-C1")
        cls.elsewhere = location("MR Not served", stock, 50, 50, "MR-X")

    @classmethod
    def _create_products(cls):
        """Two parts, 1,000 of each in the supermarket."""
        cls.product = cls.env["product.product"].create(
            {"name": "MR bolt", "is_storable": True, "weight": 2.0, "volume": 0.01}
        )
        cls.product_2 = cls.env["product.product"].create(
            {"name": "MR nut", "is_storable": True, "weight": 1.0, "volume": 0.01}
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.product, cls.supermarket, 1000)
        Quant._update_available_quantity(cls.product_2, cls.supermarket, 1000)

    @classmethod
    def _create_circuit(cls):
        """Circuit MR loop: departures 8:00 and 14:00 on a 5-day UTC calendar, stops A, B, C."""
        cls.calendar = cls.env["resource.calendar"].create({"name": "MR 5 days UTC", "tz": "UTC"})
        cls.picking_type = cls.warehouse.int_type_id
        cls.milk_run = cls.env["logistics.milk.run"].create(
            {
                "name": "MR loop",
                "source_location_id": cls.supermarket.id,
                "picking_type_id": cls.picking_type.id,
                "calendar_id": cls.calendar.id,
                "capacity_containers": 4,
                "speed_m_per_min": 10,
                "handling_minutes": 0,
                "cutoff_minutes": 15,
                "punctuality_tolerance_minutes": 5,
                "routing_time_budget_s": 0.2,
                "departure_ids": [
                    Command.create({"departure_time": 8.0}),
                    Command.create({"departure_time": 14.0}),
                ],
                "stop_ids": [
                    Command.create({"sequence": 10, "location_id": cls.line_a.id}),
                    Command.create({"sequence": 20, "location_id": cls.line_b.id}),
                    Command.create({"sequence": 30, "location_id": cls.line_c.id}),
                ],
            }
        )
        cls.stop_a, cls.stop_b, cls.stop_c = cls.milk_run.stop_ids.sorted("sequence")

    def make_picking(self, destination, lines, need_date, picking_type=None):
        """A ready internal transfer supermarket -> destination; one move (one container) a line."""
        picking_type = picking_type or self.picking_type
        picking = self._create_picking(
            picking_type, self.supermarket, destination, lines, scheduled_date=need_date
        )
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.state, "assigned")
        return picking

    def make_round(self, departure=None, milk_run=None):
        return self.env["logistics.milk.run.round"].create(
            {
                "milk_run_id": (milk_run or self.milk_run).id,
                "planned_departure": departure or self.monday_8,
            }
        )
