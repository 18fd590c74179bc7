from odoo.tests import HttpCase, new_test_user, tagged

from ..logistics_algorithms.card_audit import reconcile


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestKanbanCardAuditTour(HttpCase):
    """On a phone-sized handheld with a touch screen."""

    browser_size = "375x667"
    touch_enabled = True

    def test_operator_audits_the_cards_of_a_location_on_a_phone(self):
        new_test_user(
            self.env, "audit_tour_operator", groups="industrial_logistics.group_logistics_operator"
        )
        Card = self.env["logistics.kanban.card"]
        l2a = self.env.ref("industrial_logistics.demo_location_line2_a")
        cards = Card.search([("location_id", "=", l2a.id), ("state", "!=", "retired")])
        self.assertEqual(len(cards), 7, "KB-L2A-C004 (3 cards) and KB-L2A-C018 (4 cards)")
        self.start_tour(
            "/odoo", "industrial_logistics_kanban_card_audit", login="audit_tour_operator"
        )
        audit = self.env["logistics.kanban.card.audit"].search([], order="id desc", limit=1)
        self.assertEqual(audit.state, "closed")
        self.assertEqual(audit.location_id, l2a)
        self.assertEqual((audit.card_count, audit.seen_count, audit.not_seen_count), (7, 3, 4))
        # KB-L2A-C004-01 scanned twice: at the line, then again once on the train (the
        # warning); the latest place counts.
        seen = {"KB-L2A-C004-01": "train", "KB-L2A-C018-01": "line", "KB-L2A-C004-02": "train"}
        for line in audit.line_ids:
            barcode = line.card_id.barcode
            self.assertEqual(line.place or None, seen.get(barcode), barcode)
            # What the audit concluded is what the reconciliation says for the card as it is.
            expected = reconcile(
                line.card_id.state, seen.get(barcode), line.card_id._replenishment_status()
            )
            self.assertEqual((line.result, line.fix), tuple(expected), barcode)
        self.assertFalse(Card.search([("state", "=", "lost"), ("location_id", "=", l2a.id)]))
