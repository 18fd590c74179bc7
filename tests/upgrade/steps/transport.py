"""18.0.1.1.0, transport (migrations/18.0.1.1.0/pre-transport.py, post-transport.py): every
transfer of the release carries its products' weight and volume, no carrier estimate (no
carrier before stock_delivery) and no actual cost; nothing else of it changes, and the new
transport figures are the supply-chain managers' (storekeepers only read them)."""

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


def check(before, env, checker):
    mine = before["steps"]["transport"]
    checker.true("transport/the release had transfers", bool(mine))
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
