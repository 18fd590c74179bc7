"""Scale the plant up in a throwaway database, with set-based SQL.

Creating a million moves through the ORM would take hours; the benchmarks need
the rows, not the business logic that created them, so this writes them
directly, consistent with each other (done moves with their move lines and
valuation layers, quants where the moves left stock), deterministic for a
given seed.
"""

from dataclasses import dataclass

from generate_kanban import generate_kanban, generate_kanban_operator

from odoo.tools import SQL


@dataclass(frozen=True)
class PlantSize:
    products: int = 20_000
    locations: int = 10_000
    quants: int = 50_000
    moves: int = 1_000_000
    kanban_loops: int = 20_000
    cards_per_loop: int = 3
    days: int = 365


def _ids(cr, query):
    cr.execute(query)
    return [row[0] for row in cr.fetchall()]


def generate_products(env, count, seed=0.42):
    """Storable products with a cost, in the company's currency; returns their ids."""
    cr = env.cr
    cr.execute(SQL("SELECT setseed(%s)", seed))
    category = env.ref("product.product_category_all").id
    uom = env.ref("uom.product_uom_unit").id
    company = env.company.id
    cr.execute(
        SQL(
            """
        WITH templates AS (
            INSERT INTO product_template (
                name, type, is_storable, categ_id, uom_id, uom_po_id, service_tracking,
                tracking, purchase_line_warn, sale_line_warn, sale_ok, purchase_ok, active,
                list_price, default_code, create_date, write_date)
            SELECT jsonb_build_object('en_US', 'Bench product ' || n), 'consu', true, %(categ)s,
                   %(uom)s, %(uom)s, 'no', 'none', 'no-message', 'no-message', true, true, true,
                   round((1 + random() * 99)::numeric, 2), 'BENCH-' || n, now(), now()
              FROM generate_series(1, %(count)s) n
            RETURNING id, default_code, list_price
        )
        INSERT INTO product_product (product_tmpl_id, default_code, active, standard_price,
                                     create_date, write_date)
        SELECT id, default_code, true,
               jsonb_build_object(%(company)s::text, round(list_price * 0.6, 2)), now(), now()
          FROM templates
        RETURNING id
        """,
            categ=category,
            uom=uom,
            count=count,
            company=str(company),
        )
    )
    return [row[0] for row in cr.fetchall()]


def generate_locations(env, count):
    """Internal bin locations under WH/Stock, in zones of 100, placed on a grid."""
    cr = env.cr
    stock = env.ref("stock.stock_location_stock")
    warehouse = stock.warehouse_id.id
    cr.execute(
        SQL(
            """
        WITH zones AS (
            INSERT INTO stock_location (name, complete_name, usage, location_id, company_id,
                                        warehouse_id, active, posx, posy, create_date, write_date)
            SELECT 'Zone ' || z, %(stock_name)s || '/Zone ' || z, 'internal', %(stock)s,
                   %(company)s, %(warehouse)s, true, z, 0, now(), now()
              FROM generate_series(1, ceil(%(count)s / 100.0)::int) z
            RETURNING id, name, complete_name
        ), bins AS (
            INSERT INTO stock_location (name, complete_name, usage, location_id, company_id,
                                        warehouse_id, active, posx, posy, barcode,
                                        create_date, write_date)
            SELECT 'B' || n, z.complete_name || '/B' || n, 'internal', z.id, %(company)s,
                   %(warehouse)s, true, (n - 1) / 100 + 1, mod(n - 1, 100) + 1, 'BENCH-LOC-' || n,
                   now(), now()
              FROM generate_series(1, %(count)s) n
              JOIN zones z ON z.name = 'Zone ' || ((n - 1) / 100 + 1)
            RETURNING id
        )
        SELECT id FROM zones UNION ALL SELECT id FROM bins
        """,
            stock_name=stock.complete_name,
            stock=stock.id,
            company=env.company.id,
            warehouse=warehouse,
            count=count,
        )
    )
    cr.execute(
        SQL(
            """
        UPDATE stock_location l
           SET parent_path = p.parent_path || l.id || '/'
          FROM stock_location p
         WHERE l.location_id = p.id AND l.parent_path IS NULL AND p.parent_path IS NOT NULL
        """
        )
    )
    cr.execute(
        SQL(
            """
        UPDATE stock_location l
           SET parent_path = p.parent_path || l.id || '/'
          FROM stock_location p
         WHERE l.location_id = p.id AND l.parent_path IS NULL
        """
        )
    )
    return _ids(
        cr, SQL("SELECT id FROM stock_location WHERE barcode LIKE %s ORDER BY id", "BENCH-LOC-%")
    )


def generate_quants(env, product_ids, location_ids, count):
    """Distinct (product, location) pairs with a positive quantity."""
    cr = env.cr
    cr.execute(
        SQL(
            """
        INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity,
                                 in_date, create_date, write_date)
        SELECT DISTINCT ON (p, l) p, l, %(company)s, 1 + floor(random() * 500), 0, now(), now(),
               now()
          FROM (SELECT (%(products)s::int[])[1 + mod(n, %(nproducts)s)] AS p,
                       -- shifted by one bin per round over the products: distinct pairs
                       (%(locations)s::int[])[1 + mod(n + n / %(nproducts)s, %(nlocations)s)] AS l
                  FROM generate_series(0, %(count)s - 1) n) pairs
        """,
            company=env.company.id,
            products=product_ids,
            nproducts=len(product_ids),
            locations=location_ids,
            nlocations=len(location_ids),
            count=count,
        )
    )
    return cr.rowcount


def generate_moves(env, product_ids, location_ids, count, days=365, seed=0.42):
    """Done moves spread over the last `days` days, with a move line and a
    valuation layer each: 30 % receipts, 20 % internal moves, 40 % consumption
    by production, 10 % deliveries."""
    cr = env.cr
    cr.execute(SQL("SELECT setseed(%s)", seed))
    ref = env.ref
    supplier = ref("stock.stock_location_suppliers").id
    customer = ref("stock.stock_location_customers").id
    production = (
        env["stock.location"]
        .search(
            [("usage", "=", "production"), ("company_id", "in", [env.company.id, False])], limit=1
        )
        .id
    )
    uom = ref("uom.product_uom_unit").id
    cr.execute(
        SQL(
            """
        CREATE TEMP TABLE bench_moves ON COMMIT DROP AS
        SELECT n,
               (%(products)s::int[])[1 + floor(random() * %(nproducts)s)::int] AS product_id,
               (%(locations)s::int[])[1 + floor(random() * %(nlocations)s)::int] AS internal,
               (%(locations)s::int[])[1 + floor(random() * %(nlocations)s)::int] AS other,
               random() AS kind,
               1 + floor(random() * 20) AS qty,
               now()::date - (random() * %(days)s)::int
                   + make_interval(hours => 6 + mod(n, 12)) AS date
          FROM generate_series(1, %(count)s) n
        """,
            products=product_ids,
            nproducts=len(product_ids),
            locations=location_ids,
            nlocations=len(location_ids),
            days=days,
            count=count,
        )
    )
    cr.execute(
        SQL(
            """
        CREATE TEMP TABLE bench_move_ids ON COMMIT DROP AS
        WITH inserted AS (
            INSERT INTO stock_move (name, product_id, product_uom, product_uom_qty, product_qty,
                                    quantity, location_id, location_dest_id, location_final_id,
                                    company_id, state, procure_method, date, picked,
                                    create_date, write_date, reference)
            SELECT 'Bench move ' || b.n, b.product_id, %(uom)s, b.qty, b.qty, b.qty,
                   CASE WHEN b.kind < 0.3 THEN %(supplier)s ELSE b.internal END,
                   CASE WHEN b.kind < 0.3 THEN b.internal
                        WHEN b.kind < 0.5 THEN b.other
                        WHEN b.kind < 0.9 THEN %(production)s
                        ELSE %(customer)s END,
                   NULL, %(company)s, 'done', 'make_to_stock', b.date, true, b.date, b.date,
                   'BENCH/' || b.n
              FROM bench_moves b
             ORDER BY b.n
            RETURNING id, product_id, product_uom_qty, location_id, location_dest_id, date
        )
        SELECT * FROM inserted
        """,
            uom=uom,
            supplier=supplier,
            production=production,
            customer=customer,
            company=env.company.id,
        )
    )
    cr.execute(
        SQL(
            """
        INSERT INTO stock_move_line (move_id, product_id, product_uom_id, quantity,
                                     quantity_product_uom, location_id, location_dest_id,
                                     company_id, state, date, picked, reference,
                                     create_date, write_date)
        SELECT id, product_id, %(uom)s, product_uom_qty, product_uom_qty, location_id,
               location_dest_id, %(company)s, 'done', date, true, 'BENCH', date, date
          FROM bench_move_ids
        """,
            uom=uom,
            company=env.company.id,
        )
    )
    cr.execute(
        SQL(
            """
        INSERT INTO stock_valuation_layer (product_id, stock_move_id, company_id, quantity,
                                           unit_cost, value, remaining_qty, remaining_value,
                                           description, create_date, write_date)
        SELECT m.product_id, m.id, %(company)s, sign * m.product_uom_qty, cost,
               sign * m.product_uom_qty * cost, 0, 0, 'Bench', m.date, m.date
          FROM bench_move_ids m
          JOIN product_product p ON p.id = m.product_id,
               LATERAL (SELECT (p.standard_price ->> %(company_key)s)::numeric AS cost,
                               CASE WHEN m.location_id = %(supplier)s THEN 1
                                    WHEN m.location_dest_id IN (%(production)s, %(customer)s)
                                    THEN -1 ELSE 0 END AS sign) v
         WHERE sign <> 0
        """,
            company=env.company.id,
            company_key=str(env.company.id),
            supplier=supplier,
            production=production,
            customer=customer,
        )
    )
    cr.execute(SQL("SELECT count(*) FROM bench_move_ids"))
    return cr.fetchone()[0]


def generate_plant(env, size: PlantSize):
    """The whole scaled plant; returns the ids the scenarios work on."""
    products = generate_products(env, size.products)
    locations = generate_locations(env, size.locations)
    quants = generate_quants(env, products, locations, size.quants)
    moves = generate_moves(env, products, locations, size.moves, size.days)
    loops = generate_kanban(env, products, locations, size.kanban_loops, size.cards_per_loop)
    operator = generate_kanban_operator(env)
    env.invalidate_all()
    return {
        "products": products,
        "locations": locations,
        "quants": quants,
        "moves": moves,
        "kanban_loops": loops,
        "kanban_operator": operator,
    }


def load_plant(env):
    """The ids of a plant generated earlier in this database (bench/run.py --reuse-db)."""
    cr = env.cr
    kanban_loops = _ids(
        cr, SQL("SELECT id FROM logistics_kanban_loop WHERE code LIKE %s ORDER BY id", "BK%")
    )
    cr.execute(SQL("SELECT count(*) FROM stock_quant"))
    quants = cr.fetchone()[0]
    return {
        "products": _ids(
            cr,
            SQL("SELECT id FROM product_product WHERE default_code LIKE %s ORDER BY id", "BENCH-%"),
        ),
        "locations": _ids(
            cr,
            SQL("SELECT id FROM stock_location WHERE barcode LIKE %s ORDER BY id", "BENCH-LOC-%"),
        ),
        "quants": quants,
        "moves": 0,
        "kanban_loops": kanban_loops,
        "kanban_operator": env["res.users"].search([("login", "=", "bench_operator")]).id,
    }
