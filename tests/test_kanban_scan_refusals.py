from odoo.tests import tagged

from .common_kanban import KanbanCommon

# Queries of one scan of a full card that creates and reserves an internal transfer, as an
# operator of a multi-company database, with a cold record cache as in a new request, plus the
# test's read of the card's barcode. 17 are the scan's own: find the card, its loop, lock,
# savepoint and release, one query for the locations procurement goes through, one for the
# product's categories, the route and its rules (3), procurement group, card update, product
# name, log, and the no-wait lock of the supermarket quants before reserving, in its own
# savepoint (3: so that scans of one part never wait for each other, issue 21). 3 read the
# product, its template and the companies of its record rule, for both.
# The other 37 are procurement.group.run: kit lookups (3, mrp), unit, warehouse, operation type,
# six checks that the partner and inter-company locations exist (stock's location_dest_id
# compute, run as superuser), move creation (2), picking search, sequence and creation (4), the
# picking state computed three times, reservation (8) and putaway (2), mrp's manual consumption,
# and the flush of what it wrote (5). See bench/run.py (kanban_scan) and README.md.
# 2 more read the operator's language (user, partner) to write the quantity the French way
# (formatLang): this test calls without one in its context, a web client's call carries it.
# 18.0.1.1.0, transport: +3 for the transfer's transport columns computed when the scan
# creates it (stock_delivery's weight of the moves, the currency that rounds the estimate);
# the bounds of transport figures are checked on what a person types, not at every recompute
# (that read was a fourth).
SCAN_QUERY_BUDGET = 63


@tagged("post_install", "-at_install")
class TestKanbanScanRefusals(KanbanCommon):
    """Bad input is refused with a clear message, logged, and nothing else is written."""

    def _footprint(self):
        return {
            model: self.env[model].search_count([])
            for model in (
                "procurement.group",
                "stock.picking",
                "stock.move",
                "purchase.order",
                "purchase.order.line",
                "mrp.production",
                "logistics.stockout.event",
            )
        }

    def assertRefusedAndLogged(self, barcode, status, fragment, card=None):
        before = self._footprint()
        card_before = card and (card.state, card.date_last_move, card.group_id)
        result = self.scan(barcode)
        self.assertEqual(result["status"], status, result["message"])
        self.assertIn(fragment, result["message"])
        self.assertEqual(self._footprint(), before, "nothing but the scan log is written")
        log = self.last_scan()
        self.assertEqual(
            (log.barcode, log.status, log.message), (barcode, status, result["message"])
        )
        self.assertEqual(log.user_id, self.operator)
        if card:
            card.invalidate_recordset()
            self.assertEqual((card.state, card.date_last_move, card.group_id), card_before)
        return result

    def test_unknown_barcode_is_refused_and_logged(self):
        result = self.assertRefusedAndLogged("NOT-A-CARD", "error", "Unknown barcode NOT-A-CARD")
        self.assertFalse(result["card_id"])

    def test_card_of_an_archived_loop_is_refused(self):
        card = self.card(self.loop_resupply)
        self.loop_resupply.active = False
        self.assertRefusedAndLogged(card.barcode, "error", "archived loop", card)

    def test_card_of_another_company_is_refused_naming_that_company(self):
        loop = self.foreign_company_loop()
        foreign = loop.company_id
        result = self.assertRefusedAndLogged(
            loop.card_ids.barcode, "error", "belongs to another company", loop.card_ids
        )
        self.assertIn(foreign.name, result["message"])
        self.assertFalse(result["card_id"])
        self.assertFalse(self.last_scan().card_id)

    def test_retired_card_is_refused(self):
        card = self.card(self.loop_resupply, 3)
        card.action_retire()
        self.assertEqual(card.state, "retired")
        self.assertRefusedAndLogged(card.barcode, "error", "retired", card)

    def test_second_scan_of_a_replenishing_card_creates_no_replenishment(self):
        card = self.card(self.loop_resupply)
        self.assertEqual(self.scan(card)["status"], "ok")
        self.assertRefusedAndLogged(card.barcode, "warning", "already scanned", card)
        self.assertEqual(len(card.picking_ids), 1)

    def test_scan_of_an_empty_card_waiting_for_its_rfq_creates_no_replenishment(self):
        card = self.card(self.loop_buy)
        self.assertEqual(self.scan(card)["status"], "ok")
        self.assertEqual(card.state, "empty")
        self.assertRefusedAndLogged(card.barcode, "warning", "waits for purchasing", card)
        self.assertEqual(len(card.purchase_line_ids), 1)

    def _card_of_a_new_part(self, name, route, location):
        """Card 1 of a two-card loop on a part that nothing else is set up for."""
        part = self.env["product.product"].create({"name": name, "is_storable": True})
        return self.Loop.create(self.loop_vals(f"T-{part.id}", part, location, route)).card_ids[0]

    def test_failed_procurement_leaves_the_card_full_and_says_why(self):
        card = self._card_of_a_new_part("Part without vendor", self.route_buy, self.l1a)
        result = self.assertRefusedAndLogged(card.barcode, "error", "vendor", card)
        self.assertIn("stays full", result["message"])
        self.assertEqual(card.state, "full")
        self.assertFalse(card.group_id, "the card's procurement group went with the rollback")
        self.assertFalse(card.date_last_empty)
        self.assertEqual(self.last_scan().card_id, card)

    def test_route_without_rule_leaves_the_card_full_and_says_why(self):
        card = self._card_of_a_new_part("Part without route", self.route_resupply, self.l1b)
        self.route_resupply.rule_ids.active = False
        result = self.assertRefusedAndLogged(card.barcode, "error", "has no rule", card)
        self.assertIn(self.route_resupply.name, result["message"])

    def test_empty_scan_is_refused(self):
        self.assertRefusedAndLogged("", "error", "nothing was read")

    def test_scan_query_count_is_pinned(self):
        # A server that has scanned before (its registry caches are warm), then a new
        # request (its record cache is cold): both scans start from an empty record cache.
        first, second = self.card(self.loop_resupply, 1), self.card(self.loop_resupply, 2)
        self.env.invalidate_all()
        self.scan(first)
        self.env.invalidate_all()
        with self.assertQueryCount(SCAN_QUERY_BUDGET):
            result = self.scan(second)
        self.assertEqual(result["status"], "ok")
        self.assertEqual(second.state, "replenishing")
