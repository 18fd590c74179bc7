from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_kanban import KanbanCommon


class VendorPortalCommon(KanbanCommon):
    """T-BUY (2 cards of 20 brackets) is bought from the bracket's vendor; a second vendor's
    card is on a loop of washers. Each vendor has a portal contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.bracket.seller_ids[:1].partner_id
        cls.other_vendor = cls.env["res.partner"].create(
            {"name": "Other Vendor", "is_company": True}
        )
        cls.washer.seller_ids = [
            fields.Command.clear(),
            fields.Command.create({"partner_id": cls.other_vendor.id, "delay": 3, "price": 1}),
        ]
        cls.loop_other = cls.Loop.create(
            cls.loop_vals(
                "T-BUY2",
                cls.washer,
                cls.l2b,
                cls.route_buy,
                50,
            )
        )
        contact = cls.env["res.partner"].create({"name": "Anna Vendor", "parent_id": cls.vendor.id})
        other_contact = cls.env["res.partner"].create(
            {"name": "Otto Other", "parent_id": cls.other_vendor.id}
        )
        cls.portal = new_test_user(
            cls.env, "kanban_vendor", groups="base.group_portal", partner_id=contact.id
        )
        cls.other_portal = new_test_user(
            cls.env, "kanban_other_vendor", groups="base.group_portal", partner_id=other_contact.id
        )

    def order(self, card):
        """Scan the card and confirm its RFQ, as purchasing does."""
        self.scan(card)
        card.purchase_line_ids.order_id.button_confirm()
        self.assertEqual(card.state, "replenishing")
        return card.vendor_line_id


class TestKanbanVendorPortal(VendorPortalCommon):
    def test_a_vendor_reads_only_its_own_cards_and_confirms_a_ship_date(self):
        card, waiting = self.card(self.loop_buy, 1), self.card(self.loop_buy, 2)
        line = self.order(card)
        self.scan(waiting)  # an RFQ not confirmed yet: not the vendor's to see
        other = self.card(self.loop_other, 1)
        self.order(other)
        self.assertEqual(card.vendor_id, self.vendor)
        self.assertEqual(other.vendor_id, self.other_vendor)
        self.assertFalse(waiting.vendor_id)
        Card = self.Card.with_user(self.portal)
        self.assertEqual(Card.search([]), card)
        self.assertEqual(Card.search(Card._portal_open_domain()), card)
        with self.assertRaises(AccessError):
            other.with_user(self.portal).read(["barcode"])
        with self.assertRaises(AccessError):
            card.with_user(self.portal).write({"state": "full"})
        self.assertEqual(self.Card.with_user(self.other_portal).search([]), other)

        ship = fields.Date.today() + timedelta(days=4)
        card.with_user(self.portal).action_portal_confirm_ship_date(fields.Date.to_string(ship))
        self.assertEqual(card.vendor_ship_date, ship)
        self.assertEqual(line.kanban_ship_confirmed_by_id, self.portal)
        self.assertTrue(card.vendor_ship_confirmed_on)
        self.assertIn(card.barcode, line.order_id.message_ids[0].body)

    def test_bad_confirmations_are_refused_and_write_nothing(self):
        card = self.card(self.loop_buy, 1)
        line = self.order(card)
        other = self.card(self.loop_other, 1)
        self.order(other)
        today = fields.Date.today()
        for value, fragment in (
            ("next tuesday", "as a date"),
            ("", "as a date"),
            (fields.Date.to_string(today - timedelta(days=1)), "between today"),
            (fields.Date.to_string(today + timedelta(days=400)), "between today"),
        ):
            with self.assertRefused(UserError, fragment):
                card.with_user(self.portal).action_portal_confirm_ship_date(value)
        with self.assertRaises(AccessError):
            other.with_user(self.portal).action_portal_confirm_ship_date(
                fields.Date.to_string(today)
            )
        with self.assertRefused(AccessError, "Only the vendor's contacts"):
            card.with_user(self.manager).action_portal_confirm_ship_date(
                fields.Date.to_string(today)
            )
        self.assertFalse(line.kanban_ship_date or other.vendor_line_id.kanban_ship_date)
        # Received: nothing left to ship.
        for picking in line.order_id.picking_ids:
            self.validate(picking)
        self.assertEqual(card.state, "full")
        with self.assertRefused(UserError, "nothing left to ship"):
            card.with_user(self.portal).action_portal_confirm_ship_date(
                fields.Date.to_string(today)
            )


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestKanbanVendorPortalPages(VendorPortalCommon, HttpCase):
    def test_the_portal_page_lists_the_vendors_cards_only_and_prints_their_labels(self):
        card, other = self.card(self.loop_buy, 1), self.card(self.loop_other, 1)
        self.order(card)
        self.order(other)
        self.authenticate("kanban_vendor", "kanban_vendor")
        page = self.url_open("/my/kanban")
        self.assertEqual(page.status_code, 200)
        self.assertIn(card.barcode, page.text)
        self.assertIn(self.bracket.display_name, page.text)
        self.assertNotIn(other.barcode, page.text)
        home = self.url_open("/my/home")
        self.assertIn("Kanban Cards to Ship", home.text)
        label = self.url_open(f"/my/kanban/{card.id}/label")
        self.assertEqual(label.status_code, 200)
        self.assertIn(card.barcode, label.text)  # HTML in test mode, the PDF's source
        # Another vendor's card: back to the list, nothing printed.
        refused = self.url_open(f"/my/kanban/{other.id}/label", allow_redirects=False)
        self.assertEqual(refused.status_code, 303)

    def test_a_vendor_confirms_a_ship_date_in_the_portal(self):
        card = self.card(self.loop_buy, 1)
        self.order(card)
        self.start_tour(
            "/my/kanban", "industrial_logistics_kanban_vendor_portal", login="kanban_vendor"
        )
        self.assertEqual(card.vendor_ship_date, fields.Date.today() + timedelta(days=3))
