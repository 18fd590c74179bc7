from lxml import html

from .common import KanbanCommon


class TestKanbanReports(KanbanCommon):
    """Card labels: an A4 sheet of several cards and a single-card format."""

    def _render(self, xmlid, records):
        content, _type = self.env["ir.actions.report"]._render_qweb_html(xmlid, records.ids)
        return html.fromstring(content)

    def test_a4_sheet_prints_six_cards_a_page_with_code128_barcodes(self):
        cards = self.loop_resupply.card_ids | self.loop_buy.card_ids | self.loop_double_bin.card_ids
        document = self._render("industrial_logistics.action_report_kanban_cards", cards)
        pages = document.xpath("//div[hasclass('page')]")
        labels = document.xpath("//div[hasclass('o_kanban_card_label')]")
        self.assertEqual((len(pages), len(labels)), (2, 7))
        barcodes = document.xpath("//img/@src")
        self.assertEqual(len(barcodes), 7)
        self.assertTrue(all("barcode_type=Code128" in src for src in barcodes))
        self.assertIn("value=T-RS-01", barcodes[0])
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
        self.assertIn("barcode_type=QR", src)
        self.assertIn(f"value={card.barcode}", src)
        self.assertIn("2", document.text_content())

    def test_loop_prints_its_cards_in_circulation(self):
        self.card(self.loop_resupply, 3).action_retire()
        action = self.loop_resupply.with_context(discard_logo_check=True).action_print_cards()
        self.assertEqual(action["report_name"], "industrial_logistics.report_kanban_cards")
        self.assertEqual(len(action["context"]["active_ids"]), 2)
        document = self._render(
            "industrial_logistics.action_report_kanban_loop_cards", self.loop_resupply
        )
        self.assertEqual(len(document.xpath("//div[hasclass('o_kanban_card_label')]")), 2)
