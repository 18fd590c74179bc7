"""The shop floor of the peak-shift load test (bench/load_peak.py), on the demo plant:
users, loops and cards, stock, milk-run rounds and count tasks, made through the ORM
before the server starts; and the checks run on the database after the load.

Every volume is fixed here so that two runs measure the same work."""

from datetime import timedelta

from odoo import fields

CLIENTS = 16
DISTINCT_CARDS = 25  # per operator, issue 21's figures (plus 20 % re-scans)
ISSUE11_LOOPS, ISSUE11_CARDS = 20, 100  # 2,000 distinct cards
MIXED_OPERATORS, DRIVERS, STOREKEEPERS = 10, 3, 3
ROUNDS_PER_DRIVER, COUNTS_PER_STOREKEEPER = 2, 4
PASSWORD = "load-peak"
COMPONENT = "industrial_logistics.demo_component_c0{:02d}"
HOT = COMPONENT.format(21)


def _users(env, prefix, count, group):
    group = env.ref(f"industrial_logistics.group_logistics_{group}")
    return env["res.users"].create(
        [
            {
                "name": f"{prefix.upper()} {number:02d}",
                "login": f"{prefix}{number:02d}",
                "password": PASSWORD,
                "groups_id": [(6, 0, [group.id])],
                "tz": "Europe/Paris",
            }
            for number in range(1, count + 1)
        ]
    )


def _bins(env, parents, prefix, count):
    Location = env["stock.location"]
    return Location.create(
        [
            {
                "name": f"{prefix}-{number:02d}",
                "barcode": f"WH-{prefix}-{number:02d}",
                "location_id": parents[number % len(parents)].id,
                "usage": "internal",
            }
            for number in range(count)
        ]
    )


def _loops(env, code, products, bins, cards):
    route = env.ref("industrial_logistics.demo_route_supermarket_resupply")
    return env["logistics.kanban.loop"].create(
        [
            {
                "code": f"{code}-{number:02d}",
                "product_id": product.id,
                "location_id": location.id,
                "route_id": route.id,
                "container_qty": 1,
                "card_count": cards,
            }
            for number, (product, location) in enumerate(zip(products, bins, strict=True))
        ]
    )


def _stock(env, products, location, quantity):
    """Put `quantity` of each product in `location` through an inventory adjustment (moves)."""
    quants = (
        env["stock.quant"]
        .with_context(inventory_mode=True)
        .create(
            [
                {"product_id": p.id, "location_id": location.id, "inventory_quantity": quantity}
                for p in products
            ]
        )
    )
    quants.action_apply_inventory()


def _barcodes(loops):
    return [loop.card_ids.sorted("sequence").mapped("barcode") for loop in loops]


def _rounds(env, operator, drivers, round_loops):
    """Six transfers a round (the circuit's capacity), scanned and built before the load."""
    circuit = env.ref("industrial_logistics.demo_milk_run_lines")
    Card = env["logistics.kanban.card"].with_user(operator)
    cards = iter(round_loops.card_ids.sorted(lambda c: (c.sequence, c.loop_id.id)))
    start = fields.Datetime.now().replace(second=0, microsecond=0) + timedelta(days=30)
    rounds = {}
    for number in range(len(drivers) * ROUNDS_PER_DRIVER):
        for _container in range(6):
            result = Card.scan(next(cards).barcode, source="load-setup")
            assert result["status"] == "ok", result["message"]
        env["stock.move"]._cron_kanban_reserve()
        round_ = env["logistics.milk.run.round"].create(
            {"milk_run_id": circuit.id, "planned_departure": start + timedelta(minutes=7 * number)}
        )
        round_._build()
        login = drivers[number % len(drivers)].login
        rounds.setdefault(login, []).append(
            {
                "id": round_.id,
                "stops": round_.round_stop_ids.stop_id.location_id.mapped("barcode"),
            }
        )
    return rounds


def _count_tasks(env, storekeepers, products):
    parent = env.ref("stock.stock_location_stock")
    bins = _bins(env, [parent], "LOAD-C", len(storekeepers) * COUNTS_PER_STOREKEEPER)
    for location in bins:
        _stock(env, products, location, 50)
    warehouse = env.ref("stock.warehouse0")
    tasks = {}
    for number, location in enumerate(bins):
        user = storekeepers[number % len(storekeepers)]
        task = env["logistics.count.task"].create(
            {
                "warehouse_id": warehouse.id,
                "location_id": location.id,
                "date_planned": fields.Date.today(),
                "user_id": user.id,
            }
        )
        tasks.setdefault(user.login, []).append(
            {
                "id": task.id,
                "location": location.barcode,
                "products": [[p.barcode or p.default_code, 50] for p in products],
            }
        )
    return tasks


def build(env):
    """Create the shop floor; returns the plan the handhelds follow (logins, barcodes)."""
    ref = env.ref
    products = [ref(COMPONENT.format(number)) for number in range(1, 31)]
    # The other crons (KPI snapshots, lost cards, round planning) wait until tomorrow:
    # the load measures the handhelds and the reservation pass only.
    reservation = ref("industrial_logistics.ir_cron_kanban_reserve_moves")
    (env["ir.cron"].search([]) - reservation).write(
        {"nextcall": fields.Datetime.now() + timedelta(days=1)}
    )
    hot = ref(HOT)
    supermarket = ref("industrial_logistics.demo_location_supermarket")
    lines = [ref(f"industrial_logistics.demo_location_line{number}") for number in (1, 2, 3)]
    _stock(env, products, supermarket, 1_000_000)

    operators = _users(env, "op", CLIENTS, "operator")
    drivers = _users(env, "dr", DRIVERS, "storekeeper")
    storekeepers = _users(env, "sk", STOREKEEPERS, "storekeeper")
    spare = DISTINCT_CARDS + 5
    distinct = _loops(env, "LD-D", products[:CLIENTS], _bins(env, lines, "LD", CLIENTS), spare)
    hot_loop = _loops(env, "LD-H", [hot], _bins(env, lines, "LH", 1), CLIENTS * spare)
    issue11 = _loops(
        env,
        "LD-I",
        products[:ISSUE11_LOOPS],
        _bins(env, lines, "LI", ISSUE11_LOOPS),
        ISSUE11_CARDS,
    )
    mixed = _loops(env, "LD-M", products[:MIXED_OPERATORS], _bins(env, lines, "LM", 10), 60)
    mixed_hot = _loops(env, "LD-MH", [hot], _bins(env, lines, "LMH", 1), 300)
    round_products = [hot] + products[21:23]
    round_loops = _loops(env, "LD-R", round_products, _bins(env, lines, "LR", 3), 20)
    plan = {
        "operators": operators.mapped("login"),
        "drivers": drivers.mapped("login"),
        "storekeepers": storekeepers.mapped("login"),
        "password": PASSWORD,
        "distinct": _barcodes(distinct),
        "hot": _barcodes(hot_loop)[0],
        "issue11": _barcodes(issue11),
        "mixed": _barcodes(mixed),
        "mixed_hot": _barcodes(mixed_hot)[0],
        "rounds": _rounds(env, operators[0], drivers, round_loops),
        "counts": _count_tasks(env, storekeepers, products[24:27]),
    }
    return plan


# ---------------------------------------------------------------------- checks


def _scalar(env, query, *params):
    env.cr.execute(query, params)
    return env.cr.fetchone()[0]


def pending_reservations(env):
    return _scalar(env, "SELECT count(*) FROM stock_move WHERE kanban_reserve_pending")


def check(env, since, scan_calls):
    """What the database says after the load, from `since` on; every figure the
    harness compares with what it sent. Returns {name: value}."""
    cr = env.cr
    # Replenishments: per card scanned since `since`, its moves made since then.
    cr.execute(
        """
        WITH scanned AS (
            SELECT card_id, bool_or(status = 'ok') AS accepted
              FROM logistics_kanban_scan
             WHERE create_date >= %s AND source = 'load' AND card_id IS NOT NULL
             GROUP BY card_id)
        SELECT count(*),
               count(*) FILTER (WHERE accepted),
               count(*) FILTER (WHERE accepted AND moves = 1),
               count(*) FILTER (WHERE moves > 1),
               count(*) FILTER (WHERE accepted AND moves = 0),
               count(*) FILTER (WHERE NOT accepted AND moves > 0)
          FROM (SELECT scanned.accepted,
                       (SELECT count(*) FROM stock_move move
                         WHERE move.group_id = card.group_id AND move.create_date >= %s)
                       AS moves
                  FROM scanned JOIN logistics_kanban_card card ON card.id = scanned.card_id) c
        """,
        (since, since),
    )
    cards, accepted, one, duplicates, missing, unexplained_moves = cr.fetchone()
    logged = _scalar(
        env,
        "SELECT count(*) FROM logistics_kanban_scan WHERE create_date >= %s AND source = 'load'",
        since,
    )
    # A card's state is the one its latest log row left, or full when its replenishment
    # arrived after that row (receipt).
    unexplained_states = _scalar(
        env,
        """
        SELECT count(*) FROM logistics_kanban_card card
          JOIN LATERAL (SELECT scan.state_after, scan.date FROM logistics_kanban_scan scan
                         WHERE scan.card_id = card.id AND scan.state_after IS NOT NULL
                         ORDER BY scan.id DESC LIMIT 1) last ON TRUE
          LEFT JOIN LATERAL (SELECT max(date_received) AS received FROM logistics_kanban_scan
                              WHERE card_id = card.id) r ON TRUE
         WHERE card.date_last_move >= %s
           AND card.state != CASE WHEN r.received >= last.date THEN 'full'
                                  ELSE last.state_after END
        """,
        since,
    )
    return {
        "cards scanned": cards,
        "cards accepted": accepted,
        "one replenishment": one,
        "duplicates": duplicates,
        "accepted without replenishment": missing,
        "refused with a replenishment": unexplained_moves,
        "scan calls": scan_calls,
        "scans logged": logged,
        "cards in a state their log does not explain": unexplained_states,
        "stops dropped": _scalar(
            env,
            "SELECT count(*) FROM logistics_milk_run_round_stop WHERE dropped_datetime >= %s",
            since,
        ),
        "counts submitted": _scalar(
            env, "SELECT count(*) FROM logistics_count_task WHERE date_counted >= %s", since
        ),
        "stockouts declared": _scalar(
            env, "SELECT count(*) FROM logistics_stockout_event WHERE create_date >= %s", since
        ),
        "open stockouts per loop > 1": _scalar(
            env,
            "SELECT count(*) FROM (SELECT loop_id FROM logistics_stockout_event"
            " WHERE date_end IS NULL GROUP BY loop_id HAVING count(*) > 1) d",
        ),
        **stock_mismatches(env),
    }


def quant_snapshot(env):
    env.cr.execute("SELECT product_id, location_id, sum(quantity) FROM stock_quant GROUP BY 1, 2")
    return {(p, loc): qty for p, loc, qty in env.cr.fetchall()}


def stock_mismatches(env, before=None):
    """Stock equal to its moves: every quant's change since `before` equals the done
    move lines in and out since then; every reservation equals the open move lines."""
    result = {}
    if before is not None:
        after = quant_snapshot(env)
        env.cr.execute(
            """
            SELECT product_id, location_id, sum(qty) FROM (
                SELECT product_id, location_dest_id AS location_id, quantity_product_uom AS qty
                  FROM stock_move_line WHERE state = 'done' AND write_date >= %(since)s
                UNION ALL
                SELECT product_id, location_id, -quantity_product_uom
                  FROM stock_move_line WHERE state = 'done' AND write_date >= %(since)s) m
             GROUP BY 1, 2
            """,
            {"since": before["since"]},
        )
        moved = {(p, loc): qty for p, loc, qty in env.cr.fetchall()}
        internal = set(_internal_locations(env))
        keys = {k for k in set(after) | set(moved) if k[1] in internal}
        result["quants not equal to their moves"] = sum(
            1
            for key in keys
            if abs(after.get(key, 0) - before["quants"].get(key, 0) - moved.get(key, 0)) > 1e-6
        )
    result["reservations not equal to open move lines"] = _scalar(
        env,
        """
        SELECT count(*) FROM (
            SELECT q.product_id, q.location_id, sum(q.reserved_quantity) AS reserved
              FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
             WHERE l.usage = 'internal' GROUP BY 1, 2) quants
          FULL JOIN (
            SELECT ml.product_id, ml.location_id, sum(ml.quantity_product_uom) AS reserved
              FROM stock_move_line ml JOIN stock_move m ON m.id = ml.move_id
              JOIN stock_location l ON l.id = ml.location_id
             WHERE m.state NOT IN ('done', 'cancel') AND l.usage = 'internal'
             GROUP BY 1, 2) lines USING (product_id, location_id)
         WHERE abs(coalesce(quants.reserved, 0) - coalesce(lines.reserved, 0)) > 1e-6
        """,
    )
    return result


def _internal_locations(env):
    env.cr.execute("SELECT id FROM stock_location WHERE usage = 'internal'")
    return [row[0] for row in env.cr.fetchall()]
