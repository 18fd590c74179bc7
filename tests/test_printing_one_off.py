from odoo.tests import tagged

from .common_kanban import KanbanCommon
from .test_printing import PrintedDocumentCase


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestPrintedOneOffCard(PrintedDocumentCase, KanbanCommon):
    def test_a_one_off_card_prints_marked_one_off_with_its_own_quantity(self):
        # T-RS containers hold 10 bolts; the one-off card asks for 35, for a prototype run.
        card = self.Card.create(
            {
                "loop_id": self.loop_resupply.id,
                "sequence": 4,
                "is_one_off": True,
                "one_off_qty": 35,
                "one_off_need": "Prototype run P-12",
                "to_retire": True,
            }
        )
        regular = self.card(self.loop_resupply, 1)
        cards = regular | card
        pdf = self.print_pdf("industrial_logistics.action_report_kanban_card_single", cards)
        self.assertEqual(self.pdf_barcodes(pdf), [[("QRCode", c.barcode)] for c in cards])
        regular_page, one_off_page = self.pdf_pages(pdf)
        unit = self.bolt.uom_id.name
        self.assertIn("ONE-OFF · Prototype run P-12", one_off_page.splitlines())
        self.assertIn(f"35 {unit}", one_off_page.splitlines())
        self.assertIn("KANBAN · CARD 1/3", regular_page.splitlines())
        self.assertIn(f"10 {unit}", regular_page.splitlines())
        self.assertNotIn("ONE-OFF", regular_page)
