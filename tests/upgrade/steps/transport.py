"""18.0.1.1.0, transport (migrations/18.0.1.1.0/pre-transport.py, post-transport.py): every
transfer of the release carries its products' weight and volume, no carrier estimate (no
carrier before stock_delivery) and no actual cost, and nothing else of it changes.

This version depends on stock_delivery: the upgrade installs it with sale, sale_stock and
delivery, and on a database with demo data their demo sale orders confirm deliveries (new
transfers, moves and reservations, none of the addon's). The expected stock figures grow by
exactly what those new moves hold; the transfers that now show a weight or a volume appear
among the addon's picking extensions with their release fields still empty.
"""

import snapshot

VERSION = "18.0.1.1.0"


def record(env):
    """Per transfer of the release: its moves' (quantity in the product's unit, product)."""
    pickings = env["stock.picking"].with_context(active_test=False).search([])
    return {
        str(picking.id): [
            [move.product_qty, move.product_id.id]
            for move in picking.move_ids
            if move.state != "cancel"
        ]
        for picking in pickings
    }


def _new_moves(before, env):
    """The moves made by the upgrade (the demo sale orders of the modules it installs)."""
    return env["stock.move"].search([("create_date", ">", before["meta"]["now"])])


def _release_picking_fields(before):
    records = before["extensions"].get("stock.picking", {})
    return sorted(next(iter(records.values()))) if records else []


def expect(before, env):
    moves = _new_moves(before, env)
    totals = before["stock"]["move_totals"]
    for move in moves:
        state = totals.setdefault(move.state, {"count": 0, "product_qty": 0.0, "quantity": 0.0})
        state["count"] += 1
        state["product_qty"] = snapshot.normalise(state["product_qty"] + move.product_qty)
        state["quantity"] = snapshot.normalise(state["quantity"] + move.quantity)
    # their reservations, on the quants of the release
    reserved = {}
    for line in moves.move_line_ids.filtered(lambda line: line.state != "done"):
        key = (line.product_id.id, line.location_id.id, line.lot_id.id, line.package_id.id,
               line.owner_id.id)  # fmt: skip
        reserved[key] = reserved.get(key, 0.0) + line.quantity_product_uom
    for quant in before["stock"]["quants"].values():
        key = (quant["product_id"], quant["location_id"], quant["lot_id"] or False,
               quant["package_id"] or False, quant["owner_id"] or False)  # fmt: skip
        if key in reserved:
            quant["reserved_quantity"] = snapshot.normalise(
                quant["reserved_quantity"] + reserved.pop(key)
            )
    # transfers now weighed: among the extensions, their release fields as they are now
    names = _release_picking_fields(before)
    recorded = before["extensions"].setdefault("stock.picking", {})
    after = snapshot.take_extensions(env).get("stock.picking", {})
    for picking_id, values in after.items():
        if picking_id not in recorded and names:
            recorded[picking_id] = {name: values[name] for name in names}


def check(before, env, checker):
    mine = before["steps"]["transport"]
    checker.true("transport/the release had transfers", bool(mine))
    _check_release_transfers(mine, env, checker)
    _check_weighed_transfers(before, env, checker)
    _check_new_moves(before, env, checker)


def _check_release_transfers(mine, env, checker):
    """Each transfer of the release carries its moves' volume and weight, and no cost."""
    Picking = env["stock.picking"].with_context(active_test=False)
    pickings = Picking.browse([int(picking_id) for picking_id in mine])
    for picking in pickings:
        moves = mine[str(picking.id)]
        volume = sum(qty * env["product.product"].browse(product).volume for qty, product in moves)
        checker.equal(
            f"transport/transfer {picking.id} carries its products' volume",
            round(volume, 2),
            round(picking.transport_volume, 2),
        )
        checker.equal(
            f"transport/transfer {picking.id} weighs its products' weight",
            round(picking.weight, 2),
            round(picking.transport_weight, 2),
        )
        checker.equal(
            f"transport/transfer {picking.id} has no estimate nor actual cost",
            [0.0, 0.0, False],
            [
                picking.transport_cost_estimated,
                picking.transport_cost_actual,
                bool(picking.transport_bill_line_id),
            ],
        )


def _check_weighed_transfers(before, env, checker):
    """The transfers that appeared among the extensions had none of the release's fields set."""
    names = _release_picking_fields(before)
    recorded = before["extensions"].get("stock.picking", {})
    appeared = [
        picking_id
        for picking_id in snapshot.take_extensions(env).get("stock.picking", {})
        if picking_id not in recorded
    ]
    checker.true("transport/some transfers are now weighed", bool(appeared))
    if appeared and names:
        Picking = env["stock.picking"].with_context(active_test=False)
        rows = snapshot.read_records(Picking.browse([int(i) for i in appeared]), names)
        for picking_id, values in rows.items():
            checker.equal(
                f"transport/transfer {picking_id} now weighed had no milk-run data",
                [],
                [name for name, value in values.items() if value],
            )


def _check_new_moves(before, env, checker):
    """The upgrade's new moves are the modules' demo data: their demo sale orders, deliveries
    and stock updates, and this version's own demo returns (received in draft: an update runs
    no demo function)."""
    foreign = [
        move.id
        for move in _new_moves(before, env)
        if not (
            move.sale_line_id
            or not move.picking_id
            or any(
                not xmlid.startswith(f"{snapshot.MODULE}.")
                or xmlid.startswith(f"{snapshot.MODULE}.demo_return_")
                for xmlid in move.picking_id.get_external_id().values()
                if xmlid
            )
        )
    ]
    checker.equal("transport/the new moves are the demo data of the modules installed", [], foreign)
