"""Printed documents rendered for real: wkhtmltopdf turns each PDF report into a PDF (in test mode
Odoo renders HTML unless asked with ``force_report_rendering``), poppler reads its text back and
rasterises its pages, and zxing-cpp decodes every barcode on them. An HttpCase, because
wkhtmltopdf loads the report styles from the running server, as it does in production.
"""

import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import zxingcpp
from PIL import Image

from odoo.tests import HttpCase, new_test_user, tagged

from .common import LogisticsCase
from .common_kanban import KanbanCommon
from .common_kpi import KpiFixtureCase
from .common_milk_run import MilkRunCase

PRINT_TOOLS = ("wkhtmltopdf", "pdftotext", "pdftoppm")
INSTALL_HINT = (
    "Printing needs wkhtmltopdf and poppler-utils, missing here: {missing}. Install them with "
    "'sudo apt-get install wkhtmltopdf poppler-utils' (tools/setup.sh does it), or Odoo's "
    "recommended wkhtmltopdf 0.12.6 build with patched Qt, then run the tests again."
)


def words(text):
    """A line of text with its runs of spaces (pdftotext's layout columns) made single."""
    return " ".join(text.split())


class PrintedDocumentCase(HttpCase):
    """Render a report as a PDF the way a user's Print does, and read the paper back."""

    def setUp(self):
        super().setUp()
        self.assert_print_tools()

    def assert_print_tools(self):
        """Fail, never skip, when the machine cannot print: the tests would prove nothing."""
        missing = [tool for tool in PRINT_TOOLS if not shutil.which(tool)]
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            missing.append("a working wkhtmltopdf (found when Odoo started)")
        if missing:
            self.fail(INSTALL_HINT.format(missing=", ".join(dict.fromkeys(missing))))

    def print_pdf(self, report_xmlid, records, user=None, data=None):
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        if user:
            report = report.with_user(user)
        content, report_format = report._render_qweb_pdf(report_xmlid, records.ids, data=data)
        self.assertEqual(report_format, "pdf")
        self.assertTrue(content.startswith(b"%PDF-"), "wkhtmltopdf made a PDF")
        return content

    def _poppler(self, pdf, *command):
        with tempfile.TemporaryDirectory(prefix="il_print_") as folder:
            path = Path(folder) / "document.pdf"
            path.write_bytes(pdf)
            subprocess.run([*command, str(path), str(Path(folder) / "out")], check=True)
            return {out.name: out.read_bytes() for out in sorted(Path(folder).glob("out*"))}

    def pdf_pages(self, pdf, layout=False):
        """The text of each page, as pdftotext reads it (-layout keeps table rows on a line)."""
        options = ["-layout"] if layout else []
        (text,) = self._poppler(pdf, "pdftotext", "-enc", "UTF-8", *options).values()
        return text.decode().split("\f")[:-1]

    def pdf_barcodes(self, pdf, dpi=200):
        """Per page, the (symbology, text) of every barcode zxing-cpp finds on the page
        rasterised at `dpi` (a phone or a handheld scanner sees about as much)."""
        images = self._poppler(pdf, "pdftoppm", "-r", str(dpi), "-png")
        pages = []
        with tempfile.TemporaryDirectory(prefix="il_print_") as folder:
            for name, png in images.items():
                path = Path(folder) / name
                path.write_bytes(png)
                with Image.open(path) as image:
                    found = zxingcpp.read_barcodes(image)
                pages.append(sorted((barcode.format.name, barcode.text) for barcode in found))
        return pages


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestPrintedKanbanCards(PrintedDocumentCase, KanbanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # French names, as the plant's own: accents must print as they are.
        cls.l1b.name = "Réception ligne 1"
        cls.bracket.name = "Équerre d'angle 40 mm"
        nut = cls.env["product.product"].create(
            {"name": "Écrou", "default_code": "ECR-8", "type": "consu", "is_storable": True}
        )
        # A loop code with a space, an ampersand and a plus: the barcode must hold all of it.
        cls.loop_odd_code = cls.Loop.create(
            cls.loop_vals("L1 B&C+", nut, cls.l1c, cls.route_resupply, 4, card_count=1)
        )

    def test_the_machine_without_wkhtmltopdf_fails_the_printing_tests_saying_how_to_install_it(
        self,
    ):
        with (
            patch.object(
                type(self.env["ir.actions.report"]), "get_wkhtmltopdf_state", return_value="install"
            ),
            self.assertRaises(AssertionError) as caught,
        ):
            self.assert_print_tools()
        self.assertIn("sudo apt-get install wkhtmltopdf poppler-utils", str(caught.exception))

    def test_a4_sheet_prints_six_cards_a_page_whose_barcodes_scan_to_their_cards(self):
        cards = (
            self.loop_resupply.card_ids
            | self.loop_buy.card_ids
            | self.loop_double_bin.card_ids
            | self.loop_odd_code.card_ids
        )
        self.assertEqual(len(cards), 8)
        pdf = self.print_pdf(
            "industrial_logistics.action_report_kanban_cards", cards, self.operator
        )
        # 8 cards, six a page: the first six on page 1, the last two on page 2.
        first, second = cards[:6], cards[6:]
        self.assertEqual(
            self.pdf_barcodes(pdf),
            [sorted(("Code128", card.barcode) for card in page) for page in (first, second)],
        )
        page_1, page_2 = self.pdf_pages(pdf)
        vendor = self.bracket.seller_ids[:1].partner_id.name
        unit = self.bolt.uom_id.name
        for line in (
            "KANBAN · CARD 1/3",
            "KANBAN · CARD 2/3",
            "KANBAN · CARD 3/3",
            "KANBAN · CARD 1/2",
            "KANBAN · CARD 2/2",
            "DOUBLE-BIN · BIN A",
            self.bolt.default_code,
            self.bolt.name,
            f"10 {unit}",  # T-RS: containers of 10
            f"20 {unit}",  # T-BUY: containers of 20
            f"30 {unit}",  # T-DB: bins of 30
            "Supermarket →",
            f"{vendor} →",
            "Équerre d'angle 40 mm",
            "Réception ligne 1",
            self.l1a.name,
            self.l1c.name,
        ):
            self.assertIn(line, page_1.splitlines())
        self.assertEqual(page_1.count("From → To"), 6)
        for line in ("DOUBLE-BIN · BIN B", "KANBAN · CARD 1/1", "ECR-8", "Écrou", f"4 {unit}"):
            self.assertIn(line, page_2.splitlines())
        self.assertEqual(page_2.count("From → To"), 2)
        for garbled in ("Â", "â€", "Ã"):
            self.assertNotIn(garbled, page_1 + page_2)

    def test_a6_card_prints_one_card_a_page_whose_qr_code_scans_to_it(self):
        cards = self.loop_double_bin.card_ids | self.loop_odd_code.card_ids
        pdf = self.print_pdf("industrial_logistics.action_report_kanban_card_single", cards)
        self.assertEqual(self.pdf_barcodes(pdf), [[("QRCode", card.barcode)] for card in cards])
        self.assertEqual(cards[2].barcode, "L1 B&C+-01")
        pages = self.pdf_pages(pdf)
        self.assertEqual(len(pages), 3, "one page a card, no blank page after it")
        for page, title in zip(
            pages, ("DOUBLE-BIN · BIN A", "DOUBLE-BIN · BIN B", "KANBAN · CARD 1/1"), strict=True
        ):
            self.assertIn(title, page.splitlines())
            self.assertEqual(page.count("From → To"), 1)


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestPrintedRoundSheet(PrintedDocumentCase, MilkRunCase):
    def test_round_sheet_prints_the_stops_in_order_with_the_return_time(self):
        # As test_time_window_makes_the_solver_start_with_that_stop: square depot (0,0),
        # A (10,0), B (10,10), C (0,10), 10 m/min, no handling, C open until minute 2 only:
        # C at 08:01, B at 08:02, A at 08:03, back at 08:04 (calendar in UTC).
        self.line_c.name = "Réception C"
        self.stop_c.write({"window_start_minutes": 0, "window_end_minutes": 2})
        pickings = {
            spot: self.make_picking(spot, [(self.product, 1)], self.monday_8)
            for spot in (self.spot_a, self.spot_b, self.spot_c)
        }
        round_ = self.make_round()
        round_.with_context(milk_run_max_iterations=200).action_build()
        self.assertEqual(round_.planned_return, self.monday_8 + timedelta(minutes=4))
        pdf = self.print_pdf("industrial_logistics.action_report_milk_run_round_sheet", round_)
        (page,) = self.pdf_pages(pdf)
        self.assertIn("Round sheet: MR loop 2026-03-02 08:00", page.splitlines())
        (table,) = self.pdf_pages(pdf, layout=True)
        rows = [words(line) for line in table.splitlines()]
        self.assertIn("Departure Return Containers From", rows)
        self.assertIn("03/02/2026 08:00 08:04 3 WH/Stock/MR Supermarket", rows)
        stop_rows = [row for row in rows if row[:2] in ("1 ", "2 ", "3 ")]
        self.assertEqual(
            stop_rows,
            [
                f"1 WH/Stock/Réception C MR-C 08:01 1 {pickings[self.spot_c].name} ☐",
                f"2 WH/Stock/MR Line B MR-B 08:02 1 {pickings[self.spot_b].name} ☐",
                f"3 WH/Stock/MR Line A MR-A 08:03 1 {pickings[self.spot_a].name} ☐",
            ],
        )
        self.assertIn(f"Spot C1: MR bolt 1.00 Units {pickings[self.spot_c].name}", rows)

    def test_a_round_not_built_yet_says_when_its_return_is_planned(self):
        # Departure 08:00, cut-off 15 minutes before.
        round_ = self.make_round()
        pdf = self.print_pdf("industrial_logistics.action_report_milk_run_round_sheet", round_)
        (page,) = self.pdf_pages(pdf)
        text = words(page)
        self.assertIn("Planned when the round is built, at the cut-off 07:45", text)
        self.assertIn(
            "No stops yet: the stops and their transfers are set when the round is built.", text
        )
        self.assertNotIn("return ,", text.lower())


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestPrintedKpiReport(PrintedDocumentCase, KpiFixtureCase):
    def test_monthly_kpi_report_prints_every_headline_and_no_heading_alone_at_a_page_foot(self):
        # The fixture's category under All, with a French name: accents must print as they are.
        self.category.write(
            {
                "name": "Pièces achetées",
                "parent_id": self.env.ref("product.product_category_all").id,
            }
        )
        today = self.env.cr.now().date()
        wizard = self.env["logistics.kpi.report.wizard"].create(
            {"date_from": today - timedelta(days=30), "date_to": today}
        )
        values = self.env[
            "report.industrial_logistics.report_logistics_kpi_monthly"
        ]._get_report_values(wizard.ids)
        (report,) = values["reports"]
        self.assertIn(
            "All / Pièces achetées", [row["name"] for row in report["kpis"]["stock"]["categories"]]
        )
        pdf = self.print_pdf("industrial_logistics.action_report_logistics_kpi_monthly", wizard)
        pages = self.pdf_pages(pdf)
        text = words(" ".join(pages))
        self.assertIn("Logistics KPIs", text)
        self.assertIn("All / Pièces achetées", text)
        for headline in report["headlines"]:
            self.assertIn(words(headline["label"]), text)
        for garbled in ("Â", "â€", "Ã", "None", "False"):
            self.assertNotIn(garbled, text)
        # One section per family of the KPI catalogue, then the definitions.
        headings = {words(family["title"]) for family in report["catalogue"]} | {"Definitions"}
        self.assertGreaterEqual(len(headings), 9)
        self.assertLessEqual(headings, {words(line) for line in "\n".join(pages).splitlines()})
        for page in pages[:-1]:
            last_line = [line for line in page.splitlines() if line.strip()][-1]
            self.assertNotIn(words(last_line), headings, "a section starts on the page it heads")


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestKanbanCardPrintTour(HttpCase, LogisticsCase):
    def test_manager_prints_the_double_bin_labels_of_a_loop_for_a_zebra_printer(self):
        # The tour opens the demo plant's double-bin loop DB-L1B-C002 in the loops' list.
        self.require_demo("industrial_logistics.demo_kanban_loop_l1b_c002")
        new_test_user(
            self.env, "kanban_print_manager", groups="industrial_logistics.group_logistics_manager"
        )
        self.start_tour(
            "/odoo/action-industrial_logistics.action_logistics_kanban_loop",
            "industrial_logistics_kanban_card_print",
            login="kanban_print_manager",
        )
        wizard = self.env["logistics.kanban.card.print"].search([], order="id desc", limit=1)
        self.assertEqual(
            (wizard.print_format, wizard.label_size, wizard.printer_dpi, wizard.symbology),
            ("zpl", "4x3", "203", "code128"),
        )
        self.assertEqual(
            sorted(wizard.card_ids.mapped("barcode")), ["DB-L1B-C002-01", "DB-L1B-C002-02"]
        )
