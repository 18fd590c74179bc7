import base64
import io

import zxingcpp
from lxml import html
from PIL import Image

from .common_kanban import KanbanCommon

DATA_URI_PNG = "data:image/png;base64,"


class TestKanbanReports(KanbanCommon):
    """Card labels: an A4 sheet of several cards and a single-card format."""

    def _render(self, xmlid, records):
        content, _type = self.env["ir.actions.report"]._render_qweb_html(xmlid, records.ids)
        return html.fromstring(content)

    def _decode(self, src):
        """The barcode an embedded image holds: (symbology, text), as a scanner reads it."""
        self.assertTrue(src.startswith(DATA_URI_PNG), "embedded in the page, not fetched")
        image = Image.open(io.BytesIO(base64.b64decode(src[len(DATA_URI_PNG) :])))
        (barcode,) = zxingcpp.read_barcodes(image)
        return barcode.format.name, barcode.text

    def test_a4_sheet_prints_six_cards_a_page_with_code128_barcodes(self):
        cards = self.loop_resupply.card_ids | self.loop_buy.card_ids | self.loop_double_bin.card_ids
        document = self._render("industrial_logistics.action_report_kanban_cards", cards)
        pages = document.xpath("//div[hasclass('page')]")
        labels = document.xpath("//div[hasclass('o_kanban_card_label')]")
        self.assertEqual((len(pages), len(labels)), (2, 7))
        barcodes = [self._decode(src) for src in document.xpath("//img/@src")]
        self.assertEqual(len(barcodes), 7)
        self.assertEqual(barcodes, [("Code128", card.barcode) for card in cards])
        self.assertEqual(barcodes[0], ("Code128", "T-RS-01"))
        text = document.text_content()
        self.assertIn("KANBAN · CARD 1/3", text)
        self.assertIn("DOUBLE-BIN · BIN A", text)
        self.assertIn("DOUBLE-BIN · BIN B", text)
        self.assertIn(self.bolt.default_code, text)
        self.assertIn(self.supermarket.name, text)
        self.assertIn(self.l1a.name, text)
        self.assertIn(self.bracket.seller_ids[:1].partner_id.name, text, "from the vendor")

    def test_single_card_format_prints_one_card_a_page_with_a_qr_code(self):
        card = self.card(self.loop_manufacture)
        document = self._render("industrial_logistics.action_report_kanban_card_single", card)
        self.assertEqual(len(document.xpath("//div[hasclass('page')]")), 1)
        (src,) = document.xpath("//img/@src")
        self.assertEqual(self._decode(src), ("QRCode", card.barcode))
        (quantity,) = document.xpath("//div[text()='Quantity']/following-sibling::div[1]")
        # Loop T-MO: containers of 2 units.
        self.assertEqual(" ".join(quantity.text_content().split()), f"2 {card.product_uom_id.name}")

    def test_barcode_images_hold_the_whole_code(self):
        """A loop code with a space and an ampersand, printed in both formats: the barcode
        holds the whole value, not cut at `&` nor with its space or `+` changed."""
        nut = self.env["product.product"].create(
            {"name": "Nut", "type": "consu", "is_storable": True}
        )
        loop = self.Loop.create(self.loop_vals("L1 B&C+", nut, self.l1b, self.route_resupply))
        card = self.card(loop)
        self.assertEqual(card.barcode, "L1 B&C+-01")
        for xmlid, symbology in (
            ("industrial_logistics.action_report_kanban_cards", "Code128"),
            ("industrial_logistics.action_report_kanban_card_single", "QRCode"),
        ):
            with self.subTest(symbology=symbology):
                (src,) = self._render(xmlid, card).xpath("//img/@src")
                self.assertEqual(self._decode(src), (symbology, "L1 B&C+-01"))

    def test_loop_prints_its_cards_in_circulation(self):
        self.card(self.loop_resupply, 3).action_retire()
        action = self.loop_resupply.with_context(discard_logo_check=True).action_print_cards()
        self.assertEqual(action["report_name"], "industrial_logistics.report_kanban_cards")
        self.assertEqual(len(action["context"]["active_ids"]), 2)
        document = self._render(
            "industrial_logistics.action_report_kanban_loop_cards", self.loop_resupply
        )
        self.assertEqual(len(document.xpath("//div[hasclass('o_kanban_card_label')]")), 2)
