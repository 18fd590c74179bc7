import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common_kanban import KanbanCommon


class TestKanbanOneOffCards(KanbanCommon):
    """A one-off card asks for one replenishment of its own quantity through its loop's route
    and retires itself when that arrives; the loop keeps its cards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 200 bolts in the supermarket to resupply the line from.
        cls.env["stock.quant"]._update_available_quantity(cls.bolt, cls.supermarket, 200)

    def issue(self, loop, quantity=35, need="Prototype run P-12", user=None, **values):
        wizard = Form(
            self.env["logistics.kanban.one.off.card"]
            .with_user(user or self.manager)
            .with_context(active_model="logistics.kanban.loop", active_id=loop.id)
        )
        wizard.quantity = quantity
        wizard.need = need
        for field, value in values.items():
            setattr(wizard, field, value)
        action = wizard.save().action_create()
        return self.Card.browse(action["res_id"])

    def on_hand(self, location):
        return self.bolt.with_context(location=location.id).qty_available

    def test_a_one_off_card_replenishes_its_quantity_once_then_retires(self):
        # T-RS: 3 cards of 10 bolts. A one-off card of 35 bolts asks for one transfer of 35 from
        # the supermarket; received, the card is retired, and the loop still has its 3 cards.
        card = self.issue(self.loop_resupply)
        self.assertTrue(card.is_one_off)
        self.assertEqual((card.sequence, card.barcode), (4, "T-RS-04"))
        self.assertEqual(card.display_name, "T-RS one-off 4")
        self.assertEqual(card.state, "replenishing")
        self.assertEqual(card.picking_ids.move_ids.product_uom_qty, 35)
        self.assertEqual(card.picking_ids.location_id, self.supermarket)
        self.assertEqual(card.scan_ids.mapped("source"), ["one_off"])
        self.assertIn("35", card.scan_ids.message)
        self.assertEqual(self.loop_resupply.card_count, 3)
        line_before = self.on_hand(self.l1a)
        self.validate(card.picking_ids)
        self.assertEqual(card.state, "retired")
        self.assertTrue(card.date_retired)
        self.assertEqual(self.on_hand(self.l1a), line_before + 35)
        # Scanned again: retired, refused, nothing asked for.
        self.assertEqual(self.scan(card)["status"], "error")
        self.assertEqual(len(card.picking_ids), 1)
        # The loop's own cards did not move, and a new card count leaves it out.
        self.assertEqual(set(self.loop_resupply.card_ids.mapped("state")), {"full", "retired"})
        self.loop_resupply.card_count = 4
        regular = self.loop_resupply.card_ids.filtered(lambda c: not c.is_one_off)
        self.assertEqual(regular.mapped("sequence"), [1, 2, 3, 5])

    def test_a_one_off_card_printed_first_asks_when_it_is_scanned(self):
        card = self.issue(self.loop_buy, quantity=7, request_now=False)
        self.assertEqual(card.state, "full")
        self.assertFalse(card.group_id)
        result = self.scan(card)
        self.assertEqual(result["status"], "ok")
        # The buy route: an RFQ line of 7 brackets, the card empty until purchasing confirms.
        self.assertEqual(card.state, "empty")
        self.assertEqual(card.purchase_line_ids.product_qty, 7)
        # No longer needed before it is used: retired at once, the loop keeps its 2 cards.
        other = self.issue(self.loop_buy, quantity=3, request_now=False)
        other.with_user(self.manager).action_retire()
        self.assertEqual(other.state, "retired")
        self.assertEqual(self.loop_buy.card_count, 2)

    def test_bad_one_off_cards_are_refused_and_nothing_is_created(self):
        count = self.Card.search_count([])
        for quantity, fragment in ((0, "above 0"), (-5, "above 0"), (2_000_000, "at most")):
            with self.assertRefused(UserError, fragment):
                self.issue(self.loop_resupply, quantity=quantity)
        with self.assertRefused(UserError, "Say what the one-off card is for"):
            self.issue(self.loop_resupply, need="   ")
        with self.assertRefused(UserError, "double-bin loop"):
            self.issue(self.loop_double_bin)
        with self.assertRaises(AccessError):
            self.issue(self.loop_resupply, user=self.operator)
        self.assertEqual(self.Card.search_count([]), count)

    def test_the_zpl_label_says_one_off_and_prints_its_quantity(self):
        card = self.issue(self.loop_resupply, request_now=False)
        Print = self.env["logistics.kanban.card.print"].with_user(self.operator)
        form = Form(Print.with_context(active_model=card._name, active_ids=card.ids))
        form.print_format = "zpl"
        action = form.save().action_print()
        zpl, _type = self.env["ir.actions.report"]._render_qweb_text(
            action["report_name"], None, data=action["data"]
        )
        [label] = re.findall(r"\^XA.*?\^XZ", zpl.decode(), re.S)
        self.assertIn("^FDONE-OFF - Prototype run P-12^FS", label)
        self.assertIn(f"^FD35 {self.bolt.uom_id.name}^FS", label)
        self.assertRegex(label, r"\^FDT-RS-04\^FS")
