from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from .common import LogisticsCase


class KanbanCommon(LogisticsCase):
    """Loops of the three route types on a plant of the fixture's own, and the three roles.

    Company "Kanban Fixture Co", its warehouse (code "Kanba", Odoo's from the company name): a
    Supermarket, Line 1 (L1-A, L1-B, L1-C), Line 2 (L2-B) and an FG Supermarket, all under its
    stock location; the route "Supermarket resupply" (one pull rule Supermarket -> stock,
    internal transfer, 1 day, as demo/kanban_demo.xml's), the warehouse's Buy and
    Manufacture routes. Products as the demo plant names them: bolt = Axle 20 mm (C010),
    bracket = Fork arm (C011), washer = Handle bar (C014), bought from Acier Lorrain Steel
    (12 days); workbench = Workbench 1200 (FG02), made on Assembly Line 2 (efficiency 90 %,
    3 operations of 20, 30 and 8 min a unit) of 2 worktop frames and 4 socket screws.
    Stock: 256 bolts, brackets and washers in the supermarket (as the demo's), 20 frames and
    40 screws in the stock location.
    Consumption: every working day of the last HISTORY_WEEKS weeks, at noon, the line-side
    locations send their part to production: bolts at L1-A, brackets at L1-B, washers at L1-C,
    Monday to Friday the quantities of DAILY_USE (bolt: mean 6 a day).
    Loops: T-RS (3 cards of 10 bolts at L1-A, resupply), T-BUY (2 cards of 20 brackets at
    L1-B, buy), T-MO (2 cards of 2 workbenches at the FG Supermarket, manufacture), T-DB
    (double bin of 30 washers at L1-C, resupply). A second company of the fixture's own,
    cls.foreign_company, holds the foreign-company loop.
    """

    HISTORY_WEEKS = 9  # the sizing wizard reads the last 8 weeks by default
    # Quantity used Monday to Friday (weekday 0 to 4).
    DAILY_USE = {"bolt": (5, 7, 6, 4, 8), "bracket": (3, 5, 4, 2, 6), "washer": (10, 14, 12, 8, 16)}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_own_company("Kanban Fixture Co")
        # The kanban tests read the loops' chatter and activities: tracking on, as in use.
        context = dict(cls.env.context)
        context.pop("tracking_disable")
        cls.env = cls.env(context=context)
        cls.Card = cls.env["logistics.kanban.card"]
        cls.Loop = cls.env["logistics.kanban.loop"]
        cls.Scan = cls.env["logistics.kanban.scan"]
        cls._create_locations()
        cls._create_resupply_route()
        cls.route_buy = cls.warehouse.buy_pull_id.route_id
        cls.route_manufacture = cls.warehouse.manufacture_pull_id.route_id
        cls._create_products()
        cls._create_workbench_bom()
        cls._create_stock()
        cls._create_consumption_history()
        cls._create_users()
        cls._create_loops()
        cls.foreign_company = cls.env["res.company"].create({"name": "Kanban Foreign Co"})

    @classmethod
    def _location(cls, name, parent, barcode):
        return cls.env["stock.location"].create(
            {"name": name, "location_id": parent.id, "usage": "internal", "barcode": barcode}
        )

    @classmethod
    def _create_locations(cls):
        """The supermarket and the line-side locations, named as on the demo plant."""
        cls.supermarket = cls._location("Supermarket", cls.stock, "KF-SUPERMARKET")
        line1 = cls._location("Line 1", cls.stock, "KF-LINE1")
        cls.l1a = cls._location("L1-A", line1, "KF-L1-A")
        cls.l1b = cls._location("L1-B", line1, "KF-L1-B")
        cls.l1c = cls._location("L1-C", line1, "KF-L1-C")
        line2 = cls._location("Line 2", cls.stock, "KF-LINE2")
        cls.l2b = cls._location("L2-B", line2, "KF-L2-B")
        cls.fg_supermarket = cls._location("FG Supermarket", cls.stock, "KF-FG-SUPERMARKET")

    @classmethod
    def _create_resupply_route(cls):
        """As demo/kanban_demo.xml: a pull rule from the supermarket towards WH/Stock; the
        line-side locations lie under it, so procurement picks it for them."""
        cls.warehouse.int_type_id.active = True
        cls.route_resupply = cls.env["stock.route"].create(
            {
                "name": "Supermarket resupply",
                "sequence": 30,
                "product_selectable": False,
                "company_id": cls.company.id,
                "rule_ids": [
                    Command.create(
                        {
                            "name": "Supermarket → line side",
                            "action": "pull",
                            "procure_method": "make_to_stock",
                            "location_src_id": cls.supermarket.id,
                            "location_dest_id": cls.stock.id,
                            "picking_type_id": cls.warehouse.int_type_id.id,
                            "warehouse_id": cls.warehouse.id,
                            "company_id": cls.company.id,
                            "group_propagation_option": "propagate",
                            "delay": 1,
                        }
                    )
                ],
            }
        )

    @classmethod
    def _product(cls, name, code, barcode, cost, price, route, vendor=None, vendor_price=0.0):
        values = {
            "name": name,
            "default_code": code,
            "barcode": barcode,
            "type": "consu",
            "is_storable": True,
            "standard_price": cost,
            "list_price": price,
            "route_ids": [Command.link(route.id)],
        }
        if vendor:
            values["seller_ids"] = [
                Command.create(
                    {"partner_id": vendor.id, "price": vendor_price, "delay": 12, "min_qty": 1}
                )
            ]
        return cls.env["product.product"].create(values)

    @classmethod
    def _create_products(cls):
        """The demo plant's names, codes and prices; barcodes of the fixture's own."""
        steel = cls.env["res.partner"].create({"name": "Acier Lorrain Steel", "is_company": True})
        buy = cls.route_buy
        cls.bolt = cls._product("Axle 20 mm", "C010", "KF-C010", 7.30, 11.68, buy, steel, 6.93)
        cls.bracket = cls._product("Fork arm", "C011", "KF-C011", 24.50, 39.20, buy, steel, 23.27)
        cls.washer = cls._product("Handle bar", "C014", "KF-C014", 11.60, 18.56, buy, steel, 11.02)
        cls.screw = cls._product("Socket screw M6x20", "C004", "KF-C004", 0.12, 0.19, buy)
        cls.frame = cls._product("Worktop frame", "C012", "KF-C012", 38.00, 60.80, buy)
        cls.workbench = cls._product(
            "Workbench 1200", "FG02", "KF-FG02", 0.0, 350.00, cls.route_manufacture
        )

    @classmethod
    def _create_workbench_bom(cls):
        """Assembly Line 2 (efficiency 90 %) makes a workbench of 2 frames and 4 screws in
        three operations of 20, 30 and 8 minutes, as the demo's FG02."""
        cls.workcenter_line2 = cls.env["mrp.workcenter"].create(
            {"name": "Assembly Line 2", "code": "KAL2", "time_efficiency": 90, "costs_hour": 42}
        )
        cls.workbench_bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.workbench.product_tmpl_id.id,
                "product_id": cls.workbench.id,
                "product_qty": 1,
                "type": "normal",
                "company_id": cls.company.id,
                "bom_line_ids": [
                    Command.create({"product_id": cls.frame.id, "product_qty": 2}),
                    Command.create({"product_id": cls.screw.id, "product_qty": 4}),
                ],
                "operation_ids": [
                    Command.create(
                        {
                            "name": name,
                            "workcenter_id": cls.workcenter_line2.id,
                            "time_cycle_manual": minutes,
                            "sequence": sequence,
                        }
                    )
                    for sequence, name, minutes in (
                        (10, "Pre-assembly", 20),
                        (20, "Final assembly", 30),
                        (30, "Test and pack", 8),
                    )
                ],
            }
        )

    @classmethod
    def _create_stock(cls):
        """What the supermarket resupplies the lines from, and the workbench's parts."""
        quant = cls.env["stock.quant"]
        for product, location, quantity in (
            (cls.bolt, cls.supermarket, 256),
            (cls.bracket, cls.supermarket, 256),
            (cls.washer, cls.supermarket, 256),
            (cls.frame, cls.stock, 20),
            (cls.screw, cls.stock, 40),
        ):
            quant._update_available_quantity(product, location, quantity)

    @classmethod
    def _create_consumption_history(cls):
        """Done moves line side -> production at noon (UTC) of every working day of the last
        HISTORY_WEEKS weeks, the quantities of DAILY_USE, from an opening stock that covers
        them (so that no line-side quant goes negative)."""
        uses = (
            (cls.bolt, cls.l1a, cls.DAILY_USE["bolt"]),
            (cls.bracket, cls.l1b, cls.DAILY_USE["bracket"]),
            (cls.washer, cls.l1c, cls.DAILY_USE["washer"]),
        )
        production = cls.bolt.with_company(cls.company).property_stock_production
        today = fields.Date.context_today(cls.env.user)
        days = [today - timedelta(days=n) for n in range(1, cls.HISTORY_WEEKS * 7 + 1)]
        days = [day for day in days if day.weekday() < 5]
        plant = cls.env["logistics.demo.plant"]
        vals_list, dates = [], []
        for product, location, daily in uses:
            opening = sum(daily[day.weekday()] for day in days)
            cls.env["stock.quant"]._update_available_quantity(product, location, opening)
            for day in days:
                vals_list.append(
                    plant._prepare_done_move_vals(
                        product, location, production, daily[day.weekday()], "Kanban fixture use"
                    )
                )
                dates.append(datetime.combine(day, time(12)))
        moves = cls.env["stock.move"].create(vals_list)
        moves._action_confirm(merge=False)
        moves._action_done()
        by_date = defaultdict(lambda: cls.env["stock.move"])
        for move, when in zip(moves, dates, strict=True):
            by_date[when] |= move
        for when, dated in by_date.items():
            cls._backdate_moves(dated, when)

    @classmethod
    def _create_users(cls):
        company = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.operator = new_test_user(
            cls.env,
            "kanban_operator",
            groups="industrial_logistics.group_logistics_operator",
            **company,
        )
        cls.manager = new_test_user(
            cls.env,
            "kanban_manager",
            groups="industrial_logistics.group_logistics_manager",
            **company,
        )
        cls.stock_user = new_test_user(
            cls.env, "kanban_stock_user", groups="stock.group_stock_user", **company
        )

    @classmethod
    def _create_loops(cls):
        cls.loop_resupply = cls.Loop.create(
            cls.loop_vals("T-RS", cls.bolt, cls.l1a, cls.route_resupply, 10, card_count=3)
        )
        cls.loop_buy = cls.Loop.create(
            cls.loop_vals("T-BUY", cls.bracket, cls.l1b, cls.route_buy, 20)
        )
        cls.loop_manufacture = cls.Loop.create(
            cls.loop_vals("T-MO", cls.workbench, cls.fg_supermarket, cls.route_manufacture, 2)
        )
        cls.loop_double_bin = cls.Loop.create(
            cls.loop_vals(
                "T-DB", cls.washer, cls.l1c, cls.route_resupply, 30, loop_type="double_bin"
            )
        )

    @staticmethod
    def loop_vals(code, product, location, route, container_qty=5, **values):
        """Values of a two-card loop of `product` at `location` through `route`."""
        return {
            "code": code,
            "product_id": product.id,
            "location_id": location.id,
            "route_id": route.id,
            "container_qty": container_qty,
            "card_count": 2,
            **values,
        }

    def foreign_company_loop(self):
        """A one-card loop of the fixture's second company, on its own warehouse."""
        foreign = self.foreign_company
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", foreign.id)], limit=1)
        return self.Loop.with_company(foreign).create(
            self.loop_vals(
                "T-FOR",
                self.bolt,
                warehouse.lot_stock_id,
                self.route_buy,
                company_id=foreign.id,
                card_count=1,
            )
        )

    @contextmanager
    def assertRefused(self, exception, fragment):
        """assertRaises (which rolls the failed operation back) and the message says why."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(fragment, str(caught.exception))

    def card(self, loop, number=1):
        return loop.card_ids.filtered(lambda card: card.sequence == number)

    def scan(self, card_or_barcode, user=None):
        barcode = getattr(card_or_barcode, "barcode", card_or_barcode)
        return self.Card.with_user(user or self.operator).scan(barcode)

    def last_scan(self):
        return self.Scan.search([], order="id desc", limit=1)

    @staticmethod
    def do_moves(moves):
        for move in moves:
            move.quantity = move.product_uom_qty
            move.picked = True

    def validate(self, picking, user=None):
        picking = picking.with_user(user) if user else picking
        picking.action_assign()
        self.do_moves(picking.move_ids)
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def receive_purchase(self, order):
        order.button_confirm()
        for picking in order.picking_ids:
            self.validate(picking)

    def produce(self, production):
        production.qty_producing = production.product_qty
        self.do_moves(production.move_raw_ids)
        production.button_mark_done()
        self.assertEqual(production.state, "done")
