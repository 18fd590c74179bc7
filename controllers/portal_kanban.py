from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

CARD_REPORT = "industrial_logistics.action_report_kanban_card_single"
SHEET_REPORT = "industrial_logistics.action_report_kanban_cards"


class KanbanVendorPortal(CustomerPortal):
    """Supplier e-kanban pages: /my/kanban lists the cards a vendor has to ship (the record
    rule keeps each vendor to its own), confirms ship dates and prints the labels. The
    models check access; this only routes."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "kanban_count" in counters:
            Card = request.env["logistics.kanban.card"]
            values["kanban_count"] = (
                Card.search_count(Card._portal_open_domain()) if Card.has_access("read") else 0
            )
        return values

    def _kanban_cards(self):
        Card = request.env["logistics.kanban.card"]
        if not Card.has_access("read"):
            return Card
        return Card.search(Card._portal_open_domain(), order="date_replenishing, id")

    @http.route("/my/kanban", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_kanban(self, confirmed=None, **_kwargs):
        return self._render_kanban(confirmed=confirmed)

    def _render_kanban(self, error=None, confirmed=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "kanban",
                # sudo: the cards were searched with the vendor's rights (record rule); their
                # product, order and delivery address are shown read-only.
                "cards": self._kanban_cards().sudo(),
                "error": error,
                "confirmed_message": self._confirmed_message(confirmed),
            }
        )
        return request.render("industrial_logistics.portal_my_kanban", values)

    def _confirmed_message(self, barcode):
        """The vendor's confirmation, one sentence in the vendor's language."""
        if not barcode:
            return False
        return request.env._("Ship date of card %(card)s confirmed. Thank you.", card=barcode)

    @http.route(
        "/my/kanban/<int:card_id>/confirm",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_kanban_confirm(self, card_id, ship_date=None, **_kwargs):
        card = request.env["logistics.kanban.card"].browse(card_id)
        try:
            card.action_portal_confirm_ship_date(ship_date)
        except (AccessError, MissingError):
            return request.redirect("/my")
        except UserError as error:
            return self._render_kanban(error=error.args[0])
        return request.redirect(f"/my/kanban?{url_encode({'confirmed': card.sudo().barcode})}")

    @http.route(
        ["/my/kanban/labels", "/my/kanban/<int:card_id>/label"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def portal_kanban_labels(self, card_id=None, **_kwargs):
        """The card labels to put on the containers: one card (A6), or all of them (A4)."""
        cards = self._kanban_cards()
        if card_id is not None:
            cards = cards.filtered(lambda card: card.id == card_id)
        if not cards:
            return request.redirect("/my/kanban")
        # sudo: the cards are the vendor's own (searched with their rights above); portal users
        # cannot read reports or the cards' loops, products and locations the label prints.
        pdf, _type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(CARD_REPORT if card_id else SHEET_REPORT, cards.ids)
        )
        filename = f"kanban_{cards.sudo()[:1].barcode if card_id else 'cards'}.pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
