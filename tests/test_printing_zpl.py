import re

from odoo.tests import Form

from .common_kanban import KanbanCommon


class TestKanbanCardZplLabels(KanbanCommon):
    """Kanban cards and double-bin labels for thermal printers (ZPL), through the print wizard."""

    def _print_zpl(self, model, records, user=None, **choices):
        """Open the wizard on `records` as `user` would from the Print menu, choose ZPL and the
        `choices`, print, and render the text report as the web client downloads it."""
        env = self.env(user=user or self.env.user)
        wizard_model = env["logistics.kanban.card.print"].with_context(
            active_model=model, active_ids=records.ids
        )
        form = Form(wizard_model)
        form.print_format = "zpl"
        for field, value in choices.items():
            setattr(form, field, value)
        wizard = form.save()
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "industrial_logistics.report_kanban_card_zpl")
        self.assertEqual(action["report_type"], "qweb-text")
        # The web client sends no ids in the URL when the action has data: the report reads
        # the cards from its data.
        text, _type = (
            env["ir.actions.report"]
            .with_context(**action["context"])
            ._render_qweb_text(action["report_name"], None, data=action["data"])
        )
        return wizard, text.decode()

    @staticmethod
    def _labels(zpl):
        return re.findall(r"\^XA.*?\^XZ", zpl, re.S)

    def test_a_loop_prints_one_code128_label_per_card_in_circulation(self):
        self.card(self.loop_resupply, 3).action_retire()
        wizard, zpl = self._print_zpl(
            "logistics.kanban.loop", self.loop_resupply, user=self.operator
        )
        self.assertEqual(
            wizard.card_ids, self.card(self.loop_resupply) | self.card(self.loop_resupply, 2)
        )
        labels = self._labels(zpl)
        self.assertEqual(len(labels), 2)
        # Default 4 x 6 in at 203 dpi (8 dots/mm): 101.6 x 152.4 mm = 813 x 1219 dots; card 3
        # retired, the loop has 2 cards.
        self.assertEqual(self.loop_resupply.card_count, 2)
        for label, number in zip(labels, (1, 2), strict=True):
            self.assertIn("^XA^CI28^PW813^LL1219^LH0,0", label)
            self.assertIn(f"^FDKANBAN - CARD {number}/2^FS", label)
            self.assertRegex(label, rf"\^BY3\^BCN,\d+,Y,N,N\^FH\^FDT-RS-0{number}\^FS")
            self.assertIn(f"^FD{self.bolt.default_code}^FS", label)
            self.assertIn("^FDFrom: Supermarket^FS", label)
            self.assertIn(f"^FDTo: {self.l1a.name}^FS", label)
            self.assertIn(f"^FD10 {self.bolt.uom_id.name}^FS", label)
            self.assertNotIn("^BQ", label)

    def test_double_bin_labels_print_their_bin_letter_and_a_qr_code_on_a_4x3_label(self):
        self.l1c.name = "Réception ligne C"
        _wizard, zpl = self._print_zpl(
            "logistics.kanban.card",
            self.loop_double_bin.card_ids,
            label_size="4x3",
            printer_dpi="300",
            symbology="qr",
        )
        label_a, label_b = self._labels(zpl)
        # 4 x 3 in at 300 dpi (12 dots/mm): 101.6 x 76.2 mm = 1219 x 914 dots.
        for label, bin_letter, barcode in (
            (label_a, "A", "T-DB-01"),
            (label_b, "B", "T-DB-02"),
        ):
            self.assertIn("^PW1219^LL914", label)
            self.assertIn(f"^FDDOUBLE-BIN - BIN {bin_letter}^FS", label)
            self.assertRegex(label, rf"\^FB\d+,1,0,C\^A0N,\d+,\d+\^FD{bin_letter}\^FS")
            self.assertRegex(label, rf"\^BQN,2,\d+\^FH\^FDMA,{barcode}\^FS")
            self.assertIn("^FDTo: Réception ligne C^FS", label, "UTF-8 (^CI28) as it is")
            self.assertNotIn("^BC", label)

    def test_field_data_cannot_break_out_into_zpl_commands(self):
        """A caret or tilde starts a ZPL command and the underscore is ^FH's escape: in field
        data they go hex-encoded, `>` doubles up in Code 128 data, and no HTML escaping."""
        part = self.env["product.product"].create(
            {"name": "Bolt ^XZ ~JA", "default_code": "B_1", "type": "consu", "is_storable": True}
        )
        loop = self.Loop.create(self.loop_vals("A&B>^_~", part, self.l1b, self.route_resupply))
        _wizard, zpl = self._print_zpl("logistics.kanban.card", self.card(loop))
        (label,) = self._labels(zpl)
        self.assertEqual(label.count("^XZ"), 1)
        self.assertIn("^FH^FDBolt _5EXZ _7EJA^FS", label)
        self.assertIn("^FH^FDB_5F1^FS", label)
        self.assertIn("^FH^FDA&B><_5E_5F_7E-01^FS", label)  # Code 128
        self.assertNotIn("&amp;", label)

    def test_every_label_size_keeps_its_fields_on_the_label(self):
        cards = self.loop_double_bin.card_ids[:1] | self.card(self.loop_buy)
        for size in ("4x6", "4x3", "a6"):
            for dpi in ("203", "300"):
                for symbology in ("code128", "qr"):
                    with self.subTest(size=size, dpi=dpi, symbology=symbology):
                        _wizard, zpl = self._print_zpl(
                            "logistics.kanban.card",
                            cards,
                            label_size=size,
                            printer_dpi=dpi,
                            symbology=symbology,
                        )
                        for label in self._labels(zpl):
                            self._assert_fits(label)

    def _assert_fits(self, label):
        """Every field starts on the label, the barcode ends on it, and the text fields
        start above the barcode. Code 128: 11 modules a character with start and check
        characters, 13 for the stop, and about 3 mm of human-readable line below; QR codes of
        up to 14 characters: 21 modules a side."""
        width, length = map(int, re.search(r"\^PW(\d+)\^LL(\d+)", label).groups())
        dots_per_mm = 8 if width < 900 else 12
        fields = [(int(x), int(y)) for x, y in re.findall(r"\^FO(\d+),(\d+)", label)]
        for x, y in fields:
            self.assertLess(x, width)
            self.assertLess(y, length)
        code128 = re.search(r"\^FO(\d+),(\d+)\^BY(\d+)\^BCN,(\d+),Y,N,N\^FH\^FD(.*?)\^FS", label)
        if code128:
            x, y, module, height = map(int, code128.groups()[:4])
            right = x + module * (11 * (len(code128.group(5)) + 2) + 13)
            bottom = y + height + 3 * dots_per_mm
        else:
            qr = re.search(r"\^FO(\d+),(\d+)\^BQN,2,(\d+)", label)
            x, y, magnification = map(int, qr.groups())
            right, bottom = x + 21 * magnification, y + 21 * magnification
        self.assertLessEqual(right, width)
        self.assertLessEqual(bottom, length)
        self.assertTrue(all(field_y < y for _x, field_y in fields[:-1]), "text above the barcode")
