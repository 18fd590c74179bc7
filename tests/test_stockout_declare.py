from .common_kanban import KanbanCommon


class TestStockoutDeclare(KanbanCommon):
    """ "Part missing at line" records a stockout against the loop of a card in circulation,
    and refuses the cards a scan refuses, with the reason, writing nothing."""

    def _footprint(self):
        return {
            model: self.env[model].search_count([])
            for model in ("logistics.stockout.event", "logistics.kanban.scan", "stock.move")
        }

    def declare(self, **kwargs):
        return self.env["logistics.stockout.event"].with_user(self.operator).declare(**kwargs)

    def assertRefused(self, fragment, **kwargs):
        before = self._footprint()
        result = self.declare(**kwargs)
        self.assertEqual(result["status"], "error", result["message"])
        self.assertIn(fragment, result["message"])
        self.assertEqual(self._footprint(), before, "nothing is written")
        return result

    def _events(self, loop):
        return self.env["logistics.stockout.event"].search([("loop_id", "=", loop.id)])

    def test_missing_part_is_recorded_against_the_loop_of_the_card(self):
        card = self.card(self.loop_resupply)
        result = self.declare(barcode=card.barcode, note="Line 1 waiting")
        self.assertEqual((result["status"], result["card_id"]), ("ok", card.id))
        event = self._events(self.loop_resupply)
        self.assertEqual(len(event), 1)
        self.assertEqual(
            (event.user_id, event.product_id, event.location_id, event.note, event.date_end),
            (self.operator, self.bolt, self.l1a, "Line 1 waiting", False),
        )
        again = self.declare(card_id=card.id)
        self.assertEqual(again["status"], "warning")
        self.assertIn("already declared missing", again["message"])
        self.assertEqual(self._events(self.loop_resupply), event)

    def test_nothing_scanned_asks_for_the_card(self):
        self.assertRefused("Scan the card of the missing part first.")

    def test_unknown_barcode_is_refused(self):
        self.assertRefused("Unknown barcode NOT-A-CARD", barcode="NOT-A-CARD")

    def test_card_of_an_archived_loop_is_refused(self):
        card = self.card(self.loop_resupply)
        self.loop_resupply.active = False
        for kwargs in ({"barcode": card.barcode}, {"card_id": card.id}):
            with self.subTest(**kwargs):
                result = self.assertRefused("archived loop T-RS", **kwargs)
                self.assertIn("No missing part recorded.", result["message"])
        self.assertFalse(self._events(self.loop_resupply.with_context(active_test=False)))

    def test_retired_card_is_refused(self):
        card = self.card(self.loop_resupply, 3)
        card.action_retire()
        self.assertEqual(card.state, "retired")
        for kwargs in ({"barcode": card.barcode}, {"card_id": card.id}):
            with self.subTest(**kwargs):
                self.assertRefused(f"Card {card.display_name} is retired", **kwargs)
        self.assertFalse(self._events(self.loop_resupply))

    def test_card_of_another_company_is_refused_with_that_reason(self):
        loop = self.foreign_company_loop()
        foreign = loop.company_id
        for kwargs in ({"barcode": loop.card_ids.barcode}, {"card_id": loop.card_ids.id}):
            with self.subTest(**kwargs):
                result = self.assertRefused(
                    f"Card T-FOR-01 belongs to another company ({foreign.name})", **kwargs
                )
                self.assertFalse(result["card_id"])
        self.assertFalse(self._events(loop))
