import re
from datetime import datetime, time, timedelta

from odoo import Command, fields

from .common import LogisticsCase


def family_sheet_names(catalogue):
    """The workbook's sheets of the families of `catalogue`, in its order: each family's, then
    its trend's, named as Excel takes them (at most 31 characters, none of []:*?/\\)."""
    names = []
    for family in catalogue:
        names.append(family["sheet"])
        if family["trend"]:
            names.append(family["trend"]["sheet"])
    return [re.sub(r"[\[\]:*?/\\]", "-", name)[:31] for name in names]


class KpiFixtureCase(LogisticsCase):
    """A company of its own, so the demo plant's history never changes the figures.

    Period: 30 days, day 0 .. day 29, everything at 10:00 UTC unless said otherwise.
      A (cost 10): day 0 receipt 100; day 10 consumed 40 by production;
                   day 20 delivery D1 of 20, due day 18: late, in full.
      B (cost 5):  day 0 receipt 10; day 5 delivery D2 of 20, due day 5 at 12:00, only 10
                   delivered: on time, partial, a backorder of 10 left open. Out of stock
                   from day 5 to day 29.
      C (no cost): day 0 receipt 50; day 15 manufacturing order MO1 consumes 10 to make 10 F
                   (no cost), started 08:00, deadline 09:00, finished 12:00: late.
      D3: delivery of 5 A due day 25, cancelled.
      MO2: 1 G waiting at work centre W (30 expected minutes, 8-hour calendar, capacity 1).

    The other features' records (see _kanban_fixture, _milk_run_fixture, _count_fixture):
      Kanban loop K-A (A at WH/Stock, 4 cards: full, empty, replenishing, lost). Scans whose
      replenishment arrived in the period: 4 h, 10 h and 30 h after the scan; one received
      before the period and one still on its way. Line stockouts declared on K-A: day 3
      10:00-14:00 (4 h), day 12 08:00-09:30 (1.5 h); one on day 40, after the period.
      Circuit "KPI circuit" with two stops: round R1 day 7 08:00 left 08:03 (on time, tolerance
      5 min), both stops reached within their window, 3 containers, fill 0.75; round R2 day 8
      08:00 left 08:20 (late), first stop reached 20 min late, second not reached, 4 containers,
      fill 1.0, 2 transfers overflowed; R3 day 40, after the period.
      Count of WH/Stock on day 20 (first count, done): A 100 -> 98 (tolerance 5 %, within,
      cost 10), B 10 -> 7 (5 %, out, cost 5), C 50 -> 51 (5 %, within, no cost).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_own_company("KPI Fixture Co")
        cls.supplier = cls.env.ref("stock.stock_location_suppliers")
        cls.customer = cls.env.ref("stock.stock_location_customers")
        cls.date_from = fields.Date.context_today(cls.env.user) - timedelta(days=60)
        cls.date_to = cls.date_from + timedelta(days=29)
        cls._create_products()
        cls._stock_fixture()
        cls._production_fixture()
        cls._kanban_fixture()
        cls._milk_run_fixture()
        cls._count_fixture()
        cls.env["logistics.kpi.stock.snapshot"]._rebuild(company_ids=cls.company.ids)
        cls.dashboard = cls.env["logistics.kpi.dashboard"]

    @classmethod
    def _create_products(cls):
        """Products A to G of the class docstring, in one category."""
        cls.category = cls.env["product.category"].create({"name": "KPI fixture"})

        products = (
            cls.env["product.product"]
            .create(
                [
                    {"name": f"KPI {code}", "is_storable": True, "categ_id": cls.category.id}
                    for code in "ABCFG"
                ]
            )
            .with_company(cls.company)
        )
        cls.product_a, cls.product_b, cls.product_c, cls.product_f, cls.product_g = products
        cls.product_a.standard_price = 10.0
        cls.product_b.standard_price = 5.0

    @classmethod
    def _stock_fixture(cls):
        """The receipts, the consumption and the three deliveries of the class docstring."""
        cls._receive(cls.product_a, 100, cls.day(0))
        cls._receive(cls.product_b, 10, cls.day(0))
        cls._receive(cls.product_c, 50, cls.day(0))
        consumption = cls._done_move(
            cls.product_a, cls.stock, cls.product_a.property_stock_production, 40
        )
        cls._backdate_moves(consumption, cls.day(10))

        cls.delivery_1 = cls._deliver({cls.product_a: 20}, due=cls.day(18), done=cls.day(20))
        cls.delivery_2 = cls._deliver(
            {cls.product_b: 20}, due=cls.day(5, 12), done=cls.day(5), quantities={cls.product_b: 10}
        )
        cls.delivery_3 = cls._picking({cls.product_a: 5}, due=cls.day(25))
        cls.delivery_3.action_cancel()
        cls._write_sql("stock_picking", cls.delivery_3.id, date_done=cls.day(25))

    @classmethod
    def _production_fixture(cls):
        """MO 1 done (F from C), MO 2 of G confirmed with its operation on work centre KPI W."""
        cls.mo_1 = cls._produce(cls.product_f, cls.product_c, 10)
        cls.workcenter = cls.env["mrp.workcenter"].create(
            {"name": "KPI W", "company_id": cls.company.id, "default_capacity": 1}
        )
        bom_g = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product_g.product_tmpl_id.id,
                "product_qty": 1,
                "company_id": cls.company.id,
                "operation_ids": [
                    Command.create(
                        {
                            "name": "Assemble",
                            "workcenter_id": cls.workcenter.id,
                            "time_mode": "manual",
                            "time_cycle_manual": 30,
                        }
                    )
                ],
            }
        )
        cls.mo_2 = cls.env["mrp.production"].create(
            {"product_id": cls.product_g.id, "product_qty": 1, "bom_id": bom_g.id}
        )
        cls.mo_2.action_confirm()

    @classmethod
    def day(cls, number, hour=10, minute=0):
        return datetime.combine(cls.date_from + timedelta(days=number), time(hour, minute))

    @classmethod
    def _kanban_fixture(cls):
        cls.loop = cls.env["logistics.kanban.loop"].create(
            {
                "code": "K-A",
                "product_id": cls.product_a.id,
                "location_id": cls.stock.id,
                "route_id": cls.env.ref("purchase_stock.route_warehouse0_buy").id,
                "container_qty": 10,
                "card_count": 4,
            }
        )
        cards = cls.loop.card_ids.sorted("sequence")
        for card, state in zip(cards, ("full", "empty", "replenishing", "lost"), strict=True):
            card.state = state
        cycles = [  # (scanned, received)
            (cls.day(2, 8), cls.day(2, 12)),
            (cls.day(4, 6), cls.day(4, 16)),
            (cls.day(6, 10), cls.day(7, 16)),
            (cls.day(-3), cls.day(-2)),
            (cls.day(28), False),
        ]
        cls.env["logistics.kanban.scan"].create(
            [
                {
                    "date": scanned,
                    "card_id": cards[0].id,
                    "loop_id": cls.loop.id,
                    "barcode": cards[0].barcode,
                    "status": "ok",
                    "state_before": "full",
                    "state_after": "replenishing",
                    "date_received": received,
                    "lead_time_days": received and (received - scanned).total_seconds() / 86400,
                }
                for scanned, received in cycles
            ]
        )
        cls.env["logistics.stockout.event"].create(
            [
                {"loop_id": cls.loop.id, "date": start, "date_end": end}
                for start, end in (
                    (cls.day(3, 10), cls.day(3, 14)),
                    (cls.day(12, 8), cls.day(12, 9, 30)),
                    (cls.day(40), cls.day(40, 11)),
                )
            ]
        )

    @classmethod
    def _milk_run_fixture(cls):
        supermarket, *lines = cls.env["stock.location"].create(
            [
                {"name": name, "location_id": cls.stock.id, "usage": "internal"}
                for name in ("KPI supermarket", "KPI line 1", "KPI line 2")
            ]
        )
        cls.circuit = cls.env["logistics.milk.run"].create(
            {
                "name": "KPI circuit",
                "source_location_id": supermarket.id,
                "picking_type_id": cls.warehouse.int_type_id.id,
                "capacity_containers": 4,
                "punctuality_tolerance_minutes": 5,
                "stop_ids": [
                    Command.create({"sequence": 10 * n, "location_id": line.id})
                    for n, line in enumerate(lines, start=1)
                ],
            }
        )
        stop_1, stop_2 = cls.circuit.stop_ids.sorted("sequence")
        rounds = cls.env["logistics.milk.run.round"].create(
            [
                {"milk_run_id": cls.circuit.id, "planned_departure": cls.day(day, 8)}
                for day in (7, 8, 40)
            ]
        )
        cls.round_1, cls.round_2, round_3 = rounds
        cls._drive_rounds(round_3, stop_1, stop_2)

    @classmethod
    def _drive_rounds(cls, round_3, stop_1, stop_2):
        """Rounds R1 to R3 driven and loaded as the class docstring says."""
        for round_, departure, arrivals in (
            (cls.round_1, cls.day(7, 8, 3), (cls.day(7, 8, 12), cls.day(7, 8, 24))),
            (cls.round_2, cls.day(8, 8, 20), (cls.day(8, 8, 30), False)),
            (round_3, cls.day(40, 8), (cls.day(40, 8, 10), cls.day(40, 8, 20))),
        ):
            day = departure.replace(hour=8, minute=0)
            cls.env["logistics.milk.run.round.stop"].create(
                [
                    {
                        "round_id": round_.id,
                        "stop_id": stop.id,
                        "sequence": stop.sequence,
                        "planned_arrival": day + timedelta(minutes=minutes),
                        "actual_arrival": arrival,
                    }
                    for stop, minutes, arrival in ((stop_1, 10, arrivals[0]),
                                                   (stop_2, 20, arrivals[1]))
                ]
            )  # fmt: skip
            round_.actual_departure = departure
        # the load as the build stored it (the milk-run tests cover how it is computed)
        for round_, containers, fill, overflow in (
            (cls.round_1, 3, 0.75, 0),
            (cls.round_2, 4, 1.0, 2),
            (round_3, 4, 1.0, 0),
        ):
            cls._write_sql(
                "logistics_milk_run_round",
                round_.id,
                state="done",
                built_datetime=round_.planned_departure - timedelta(minutes=15),
                capacity_containers=4,
                containers=containers,
                fill_ratio=fill,
                overflow_count=overflow,
            )

    @classmethod
    def _count_fixture(cls):
        cls.count_task = cls.env["logistics.count.task"].create(
            {
                "warehouse_id": cls.warehouse.id,
                "location_id": cls.stock.id,
                "date_planned": cls.day(20).date(),
                "user_id": cls.env.user.id,
                "abc_class": "A",
            }
        )
        cls.env["logistics.count.line"].create(
            [
                {
                    "task_id": cls.count_task.id,
                    "product_id": product.id,
                    "abc_class": abc_class,
                    "theoretical_qty": theoretical,
                    "counted_qty": counted,
                    "unit_cost": cost,
                    "tolerance_percent": 5.0,
                    "counter_id": cls.env.user.id,
                    "date_counted": cls.day(20),
                }
                for product, abc_class, theoretical, counted, cost in (
                    (cls.product_a, "A", 100, 98, 10.0),
                    (cls.product_b, "B", 10, 7, 5.0),
                    (cls.product_c, "C", 50, 51, 0.0),
                )
            ]
        )
        cls._write_sql("logistics_count_task", cls.count_task.id, state="done")

    @classmethod
    def _receive(cls, product, quantity, when):
        cls._backdate_moves(cls._done_move(product, cls.supplier, cls.stock, quantity), when)

    @classmethod
    def _picking(cls, quantities, due):
        picking = cls._create_picking(
            cls.warehouse.out_type_id,
            cls.stock,
            cls.customer,
            quantities.items(),
            scheduled_date=due,
        )
        picking.action_confirm()
        return picking

    @classmethod
    def _deliver(cls, ordered, due, done, quantities=None):
        picking = cls._picking(ordered, due)
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = (quantities or ordered)[move.product_id]
            move.picked = True
        picking.with_context(skip_backorder=True).button_validate()
        cls._write_sql("stock_picking", picking.id, date_done=done, scheduled_date=due)
        cls._backdate_moves(picking.move_ids.filtered(lambda m: m.state == "done"), done)
        return picking

    @classmethod
    def _produce(cls, finished, component, quantity):
        bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": finished.product_tmpl_id.id,
                "product_qty": 1,
                "company_id": cls.company.id,
                "bom_line_ids": [Command.create({"product_id": component.id, "product_qty": 1})],
            }
        )
        production = cls.env["mrp.production"].create(
            {"product_id": finished.id, "product_qty": quantity, "bom_id": bom.id}
        )
        production.action_confirm()
        production.qty_producing = quantity
        production.move_raw_ids.quantity = quantity
        production.move_raw_ids.picked = True
        production.button_mark_done()
        cls._write_sql(
            "mrp_production",
            production.id,
            date_start=cls.day(15, 8),
            date_deadline=cls.day(15, 9),
            date_finished=cls.day(15, 12),
        )
        cls._backdate_moves(production.move_raw_ids | production.move_finished_ids, cls.day(15))
        return production

    def kpis(self, date_from=None, date_to=None, env=None):
        dashboard = (env or self.env)["logistics.kpi.dashboard"]
        return dashboard._compute_kpis(date_from or self.date_from, date_to or self.date_to)
