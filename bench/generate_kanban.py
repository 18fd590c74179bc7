"""Kanban loops of the scaled plant (bench/generate.py), with set-based SQL: loops, their
cards, the supermarket stock they pick and their card history, and the operator who scans."""

from odoo.tools import SQL


def generate_kanban(env, product_ids, location_ids, loops, cards_per_loop, days=91, seed=0.42):
    """Kanban loops resupplied from a bench supermarket, one per (product, bin) pair, with
    their full cards, stock to pick in the supermarket, half the loops with a measured
    lead time (a plant in steady state), and about 15 days of consumption per loop at
    the line over the last `days` days (what the sizing reads). Returns the loop ids."""
    cr = env.cr
    cr.execute(SQL("SELECT setseed(%s)", seed))
    warehouse = env.ref("stock.warehouse0")
    warehouse.int_type_id.active = True
    supermarket = env["stock.location"].create(
        {"name": "Bench supermarket", "location_id": warehouse.lot_stock_id.id}
    )
    route = env["stock.route"].create(
        {
            "name": "Bench supermarket resupply",
            "product_selectable": False,
            "rule_ids": [
                (
                    0,
                    0,
                    {
                        "name": "Bench supermarket -> line side",
                        "action": "pull",
                        "procure_method": "make_to_stock",
                        "location_src_id": supermarket.id,
                        "location_dest_id": warehouse.lot_stock_id.id,
                        "picking_type_id": warehouse.int_type_id.id,
                        "warehouse_id": warehouse.id,
                        "delay": 1,
                    },
                )
            ],
        }
    )
    production = (
        env["stock.location"]
        .search(
            [("usage", "=", "production"), ("company_id", "in", [env.company.id, False])], limit=1
        )
        .id
    )
    env.flush_all()
    cr.execute(
        SQL(
            """
        CREATE TEMP TABLE bench_loops ON COMMIT DROP AS
        WITH inserted AS (
            INSERT INTO logistics_kanban_loop (
                code, active, company_id, loop_type, product_id, location_id, warehouse_id,
                route_id, container_qty, card_count, service_level, review_days, safety_days,
                lead_time_measured_days, cycle_time_days, create_date, write_date)
            SELECT 'BK' || n, true, %(company)s, 'kanban',
                   (%(products)s::int[])[1 + mod(n - 1, %(nproducts)s)],
                   (%(locations)s::int[])[1 + mod(n - 1, %(nlocations)s)],
                   %(warehouse)s, %(route)s, 5 + floor(random() * 20), %(cards)s, 0.95, 0, 0,
                   CASE WHEN random() < 0.5 THEN round((0.5 + random() * 3)::numeric, 2) ELSE 0 END,
                   round((2 + random() * 5)::numeric, 2), now(), now()
              FROM generate_series(1, %(count)s) n
            RETURNING id, code, product_id, location_id
        )
        SELECT * FROM inserted
        """,
            company=env.company.id,
            products=product_ids,
            nproducts=len(product_ids),
            locations=location_ids,
            nlocations=len(location_ids),
            warehouse=warehouse.id,
            route=route.id,
            cards=cards_per_loop,
            count=loops,
        )
    )
    cr.execute(
        SQL(
            """
        INSERT INTO logistics_kanban_card (
            loop_id, sequence, barcode, state, company_id, product_id, location_id,
            date_last_move, date_last_full, create_date, write_date)
        SELECT l.id, s, l.code || '-' || lpad(s::text, 2, '0'), 'full', %(company)s,
               l.product_id, l.location_id, now(), now(), now(), now()
          FROM bench_loops l, generate_series(1, %(cards)s) s
        """,
            company=env.company.id,
            cards=cards_per_loop,
        )
    )
    cr.execute(
        SQL(
            """
        INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity,
                                 in_date, create_date, write_date)
        SELECT DISTINCT product_id, %(supermarket)s, %(company)s, 100000, 0, now(), now(), now()
          FROM bench_loops
        """,
            supermarket=supermarket.id,
            company=env.company.id,
        )
    )
    uom = env.ref("uom.product_uom_unit").id
    cr.execute(
        SQL(
            """
        INSERT INTO stock_move (name, product_id, product_uom, product_uom_qty, product_qty,
                                quantity, location_id, location_dest_id, company_id, state,
                                procure_method, date, picked, create_date, write_date, reference)
        SELECT 'Bench consumption', l.product_id, %(uom)s, q, q, q, l.location_id,
               %(production)s, %(company)s, 'done', 'make_to_stock', d, true, d, d, 'BENCH-KB'
          FROM bench_loops l,
               LATERAL (SELECT 1 + floor(random() * 10) AS q,
                               now()::date - (1 + floor(random() * %(days)s))::int
                                   + make_interval(hours => 10) AS d
                          FROM generate_series(1, 15)) c
        """,
            uom=uom,
            production=production,
            company=env.company.id,
            days=days,
        )
    )
    cr.execute(SQL("SELECT id FROM bench_loops ORDER BY id"))
    return [row[0] for row in cr.fetchall()]


def generate_kanban_operator(env):
    """The user the scans run as: an operator, not the superuser."""
    return (
        env["res.users"]
        .create(
            {
                "name": "Bench operator",
                "login": "bench_operator",
                "groups_id": [
                    (6, 0, [env.ref("industrial_logistics.group_logistics_operator").id])
                ],
            }
        )
        .id
    )
