"""The kanban scan as an operator, beside OCA's `stock_request_kanban`.

Both sides replenish the same products to the same line-side bins through the same route
(bench supermarket -> line side), one transfer per card: our loops' cards (one procurement group
per card), and for OCA one `stock.request.kanban` per loop with its own procurement group,
scanned in its "Scan kanban" wizard by a stock-request user. Each scan starts with a cold record
cache, as in its own request, in the context the web client sends. CRC checking is switched off
on OCA's side (its setting): our barcodes carry none either.

The times are taken in pairs (`paired_scans`): our scan of a card, then OCA's scan of the same
loop's kanban, each rolled back to where it began, so that both sides scan the same plant and a
change of the machine's load hits both alike. The sequential runs (`our_scans`, `oca_scans`) give
what the scans leave behind: transfers, mail, and what a second scan of a card or kanban does.
"""

import statistics
import time
from contextlib import closing

from plant_users import as_user, ensure_user, finish, mail_counts, mail_delta

import odoo

# Pairs scanned first and left out of the medians: both sides start with warm code caches.
WARM_UP = 5


def _ordered(env, product):
    """Quantity of the product on open moves: what the scans asked for so far."""
    moves = (
        env["stock.move"]
        .sudo()
        .search([("product_id", "=", product.id), ("state", "not in", ("done", "cancel"))])
    )
    return sum(moves.mapped("product_uom_qty"))


def _timed(env, call):
    env.flush_all()
    env.invalidate_all()
    counter = odoo.sql_db.sql_counter
    started = time.perf_counter()
    result = call()
    finish(env)
    return (time.perf_counter() - started, odoo.sql_db.sql_counter - counter), result


def our_scans(env, plant, count):
    """Card 1 of the first `count` loops, then card 1 of the first loop again."""
    Card = as_user(env, plant["kanban_operator"])["logistics.kanban.card"]
    barcodes, cards = _card_barcodes(Card, plant, count)
    samples = []
    before = mail_counts(env)
    pickings = env["stock.picking"].sudo().search_count([])
    for barcode in barcodes:
        sample, result = _timed(env, lambda b=barcode: Card.scan(b))
        if result["status"] != "ok":
            raise RuntimeError(f"bench scan refused: {result['message']}")
        samples.append(sample)
    mail = mail_delta(before, mail_counts(env))
    pickings = env["stock.picking"].sudo().search_count([]) - pickings
    loop = cards[0].loop_id
    before = _ordered(env, loop.product_id)
    _sample, again = _timed(env, lambda: Card.scan(barcodes[0]))
    after = _ordered(env, loop.product_id)
    return samples, {
        "transfers": pickings,
        "second_scan_status": again["status"],
        "second_scan_qty": after - before,
        "mail": mail,
    }


def _card_barcodes(Card, plant, count):
    cards = Card.search(
        [("loop_id", "in", plant["kanban_loops"][:count]), ("sequence", "=", 1)], order="id"
    )
    return cards.mapped("barcode"), cards


def _oca_wizard(env):
    """OCA's scan wizard as its user opens it: a stock-request user."""
    user = ensure_user(
        env,
        "bench_request_user",
        "operator",
        extra_groups=("stock_request.group_stock_request_user", "stock.group_stock_user"),
    )
    return as_user(env, user)["wizard.stock.request.kanban"]


def paired_scans(env, plant, names):
    """Medians (seconds, queries) of our scans and of OCA's, taken in pairs, each scan rolled
    back: ours of card 1 of loop i, then OCA's of loop i's kanban."""
    Card = as_user(env, plant["kanban_operator"])["logistics.kanban.card"]
    Wizard = _oca_wizard(env)
    barcodes, _cards = _card_barcodes(Card, plant, len(names))
    ours, oca = [], []
    for barcode, name in zip(barcodes, names, strict=True):
        for samples, call in (
            (ours, lambda b=barcode: Card.scan(b)),
            (oca, lambda n=name: Wizard.create({}).on_barcode_scanned(n)),
        ):
            with closing(env.cr.savepoint(flush=False)):
                sample, result = _timed(env, call)
            env.invalidate_all()
            if samples is ours and result["status"] != "ok":
                raise RuntimeError(f"bench scan refused: {result['message']}")
            samples.append(sample)

    def medians(samples):
        kept = samples[WARM_UP:]
        return statistics.median(s for s, _q in kept), statistics.median(q for _s, q in kept)

    return medians(ours), medians(oca)


def prepare_oca_kanbans(env, plant, count):
    """One OCA kanban per loop of the scan, as its manager would set them up."""
    env["ir.config_parameter"].sudo().set_param("stock_request_kanban.crc", "0")
    loops = env["logistics.kanban.loop"].browse(plant["kanban_loops"][:count])
    groups = env["procurement.group"].create(
        [{"name": f"OCA-KB-{loop.code}", "move_type": "direct"} for loop in loops]
    )
    kanbans = (
        env["stock.request.kanban"]
        .with_context(tracking_disable=True)
        .create(
            [
                {
                    "product_id": loop.product_id.id,
                    "product_uom_id": loop.product_id.uom_id.id,
                    "product_uom_qty": loop.container_qty,
                    "location_id": loop.location_id.id,
                    "warehouse_id": loop.warehouse_id.id,
                    "route_id": loop.route_id.id,
                    "company_id": loop.company_id.id,
                    "procurement_group_id": group.id,
                }
                for loop, group in zip(loops, groups, strict=True)
            ]
        )
    )
    env.flush_all()
    return kanbans.mapped("name")


def oca_scans(env, names):
    """Each kanban scanned once in OCA's wizard, then the first one again."""
    Wizard = _oca_wizard(env)
    samples = []
    before_mail = mail_counts(env)
    pickings = env["stock.picking"].sudo().search_count([])
    for name in names:
        sample, _wizard = _timed(env, lambda n=name: Wizard.create({}).on_barcode_scanned(n))
        samples.append(sample)
    mail = mail_delta(before_mail, mail_counts(env))
    pickings = env["stock.picking"].sudo().search_count([]) - pickings
    kanban = env["stock.request.kanban"].search([("name", "=", names[0])])
    before = _ordered(env, kanban.product_id)
    _timed(env, lambda: Wizard.create({}).on_barcode_scanned(names[0]))
    after = _ordered(env, kanban.product_id)
    requests = env["stock.request"].sudo().search_count([("kanban_id", "=", kanban.id)])
    return samples, {
        "second_scan_qty": after - before,
        "requests_of_first_kanban": requests,
        "transfers": pickings,
        "mail": mail,
    }
