"""18.0.1.1.0, kanban17b (no migration script: Odoo computes a new stored computed field for
the existing rows when it adds its column): every kanban card of the release gets its vendor,
the company of its latest confirmed purchase order (none for cards never bought or whose RFQ
waits), with that order's line; no existing card is one-off. A vendor's portal users may now
read the cards of their company (new access right and record rule on existing cards)."""

VERSION = "18.0.1.1.0"
# (security key, what 18.0.1.1.0 grants on the existing cards)
PORTAL_ACCESS = {
    "access:access_logistics_kanban_card_portal": {
        "model": "logistics.kanban.card",
        "active": True,
        "perms": [True, False, False, False],
        "group": "base.group_portal",
    },
    "rule:rule_logistics_kanban_card_portal_vendor": {
        "model": "logistics.kanban.card",
        "active": True,
        "perms": [True, False, False, False],
        "domain": "[('vendor_id', '=', user.commercial_partner_id.id)]",
        "groups": ["base.group_portal"],
    },
}


def record(env):
    """{card id: [vendor id, purchase line id]} as the release's orders say: the latest
    confirmed purchase line of the card's procurement group and its order's company."""
    vendors = {}
    for card in env["logistics.kanban.card"].search([]):
        lines = card.group_id.purchase_line_ids.filtered(
            lambda line: line.order_id.state in ("purchase", "done")
        ).sorted("id")
        line = lines[-1:]
        vendors[str(card.id)] = [
            line.order_id.partner_id.commercial_partner_id.id or False,
            line.id or False,
        ]
    return vendors


def expect(before, env):
    before["fingerprint"]["security"].update(PORTAL_ACCESS)


def check(before, env, checker):
    mine = before["steps"]["kanban17b"]
    checker.true(
        "kanban17b/the release had a card bought on a confirmed order",
        any(vendor for vendor, _line in mine.values()),
    )
    Card = env["logistics.kanban.card"]
    for card_id, (vendor, line) in mine.items():
        card = Card.browse(int(card_id))
        checker.equal(
            f"kanban17b/card {card.barcode} has the vendor of its latest confirmed order",
            [vendor, line],
            [card.vendor_id.id or False, card.vendor_line_id.id or False],
        )
    checker.equal(
        "kanban17b/no card of the release is one-off",
        [],
        Card.browse([int(i) for i in mine]).filtered("is_one_off").ids,
    )
