import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common_returns import ReturnsFixtureCase

# a 1 x 1 PNG, what the handheld's camera sends
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9"
    "awAAAABJRU5ErkJggg=="
)


class TestReturnsHandheld(ReturnsFixtureCase):
    """The handheld inspection screen's server side, as the inspector and the manager: the
    fixture's return of 5 FG (RT-FG) from the customer it was delivered to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fg.barcode = "RT-FG-BARCODE"

    def scan(self, barcode, user=None):
        Inspection = self.env["logistics.return.inspection"].with_user(user or self.inspector)
        return Inspection.scan_return(barcode)

    def submit(self, user, dispositions, **kwargs):
        inspection = self.inspection.with_user(user)
        return inspection.action_handheld_confirm(self.reason.id, dispositions, **kwargs)

    # ------------------------------------------------------------------ scan
    def test_scan_of_the_product_finds_the_return_and_writes_nothing(self):
        answer = self.scan("RT-FG-BARCODE")
        data = answer["inspection"]
        self.assertEqual(answer["status"], "ok", "FG was delivered to this customer")
        self.assertEqual(data["id"], self.inspection.id)
        self.assertEqual((data["quantity"], data["qty_open"]), (5.0, 5.0))
        self.assertEqual((data["returned_by"], data["partner"]), ("Customer", "Returning Customer"))
        self.assertEqual(data["picking"], self.return_picking.name)
        # finding is reading: the return is not taken, nothing is proposed
        self.assertEqual(self.inspection.state, "to_inspect")
        self.assertFalse(self.inspection.inspector_id)

    def test_scan_of_a_lot_finds_its_return_and_warns_of_a_stranger(self):
        valve = self._product("RT valve", 5.0, 8.0)
        picking = self._transfer(
            valve, 3, self.customers, self.returns, self.warehouse.in_type_id, self.other_customer
        )
        inspection = self.env["logistics.return.inspection"].search(
            [("picking_id", "=", picking.id)]
        )
        # the fixture's transfers carry no lot: the valve is tracked, its lot set, afterwards
        valve.tracking = "lot"
        lot = self.env["stock.lot"].create(
            {"name": "RT-LOT-9", "product_id": valve.id, "company_id": self.company.id}
        )
        inspection.lot_id = lot
        answer = self.scan("RT-LOT-9")
        self.assertEqual(answer["inspection"]["id"], inspection.id)
        self.assertEqual(answer["inspection"]["lot"], "RT-LOT-9")
        # never delivered to "Never Served": orange, with the warning's sentence
        self.assertEqual(answer["status"], "warning")
        self.assertIn("never delivered to Never Served", answer["message"])

    def test_scan_of_an_unknown_barcode_or_a_disposed_return_is_refused(self):
        with self.assertRaisesRegex(UserError, "No return waits for inspection under NOPE"):
            self.scan("NOPE")
        with self.assertRaises(UserError):
            self.scan("   ")
        self.dispose("restock", 5)
        with self.assertRaisesRegex(UserError, "No return waits"):
            self.scan("RT-FG-BARCODE")

    def test_scan_from_another_company_finds_nothing(self):
        other = self.env["res.company"].create({"name": "Other Handheld Co"})
        outsider = new_test_user(
            self.env,
            "rt_handheld_outsider",
            groups="industrial_logistics.group_logistics_storekeeper",
            company_id=other.id,
            company_ids=[other.id],
        )
        with self.assertRaisesRegex(UserError, "No return waits"):
            self.env["logistics.return.inspection"].with_user(outsider).with_context(
                allowed_company_ids=[other.id]
            ).scan_return("RT-FG-BARCODE")
        with self.assertRaises(AccessError):
            self.inspection.with_user(outsider).with_context(
                allowed_company_ids=[other.id]
            ).action_handheld_confirm(
                self.reason.id, [{"disposition_type": "scrap", "quantity": 1}]
            )
        self.assertFalse(self.inspection.disposition_ids)

    def test_scan_query_budget(self):
        Inspection = self.env["logistics.return.inspection"].with_user(self.inspector)
        Inspection.scan_return("RT-FG-BARCODE")  # the user's groups and rules in the cache
        self.env.invalidate_all()
        # measured 16: the lots, the products, the return (searched, then read), its product
        # and template, unit, partner, transfer, dispositions, photos; none per return waiting
        with self.assertQueryCount(16):
            Inspection.scan_return("RT-FG-BARCODE")

    # ------------------------------------------------------------------ confirm
    def test_inspector_records_findings_photo_and_a_split_proposal(self):
        answer = self.submit(
            self.inspector,
            [
                {"disposition_type": "scrap", "quantity": 2},
                {"disposition_type": "restock", "quantity": 3},
            ],
            notes="Fork bent\n12 mm",
            photo={"name": "fork.png", "data": PNG},
        )
        inspection = self.inspection
        self.assertEqual(answer["status"], "ok")
        self.assertIn("5 Units proposed", answer["message"])
        self.assertEqual(inspection.reason_id, self.reason)
        self.assertEqual(inspection.inspector_id, self.inspector)
        self.assertEqual(inspection.state, "in_progress")
        self.assertIn("Fork bent<br>12 mm", inspection.notes)
        self.assertEqual(inspection.photo_ids.name, "fork.png")
        self.assertEqual(inspection.photo_ids.raw, base64.b64decode(PNG))
        self.assertEqual(inspection.photo_ids.res_id, inspection.id)
        self.assertEqual(
            sorted(inspection.disposition_ids.mapped(lambda d: (d.disposition_type, d.quantity))),
            [("restock", 3.0), ("scrap", 2.0)],
        )
        self.assertEqual(set(inspection.disposition_ids.mapped("state")), {"draft"})
        # proposals move nothing: the 5 FG wait in the returns location
        self.assertEqual(self.qty_at(self.fg, self.returns), 5.0)
        self.assertEqual(answer["inspection"]["qty_open"], 0.0)

    def test_manager_confirms_through_the_forms_button_and_goods_move(self):
        stock_before = self.qty_at(self.fg, self.stock)
        # the inspector proposed a restock of 3 earlier; the manager adds the scrap of 2
        self.submit(self.inspector, [{"disposition_type": "restock", "quantity": 3}])
        answer = self.submit(self.manager, [{"disposition_type": "scrap", "quantity": 2}])
        inspection = self.inspection
        self.assertIn("5 of 5 Units disposed of", answer["message"])
        self.assertEqual(inspection.state, "done")
        self.assertEqual(set(inspection.disposition_ids.mapped("state")), {"done"})
        self.assertEqual(set(inspection.disposition_ids.mapped("user_id")), {self.manager})
        self.assertEqual(self.qty_at(self.fg, self.returns), 0.0)
        self.assertEqual(self.qty_at(self.fg, self.stock), stock_before + 3)
        # 2 FG at 100.00 left the books through the scrap
        self.assertEqual(inspection.scrapped_value, 200.0)

    def test_over_disposition_from_the_handheld_is_refused_and_writes_nothing(self):
        with self.assertRaises(ValidationError):
            self.submit(
                self.inspector,
                [
                    {"disposition_type": "scrap", "quantity": 4},
                    {"disposition_type": "restock", "quantity": 2},
                ],
            )
        self.submit(self.inspector, [{"disposition_type": "restock", "quantity": 4}])
        # 4 proposed, 2 more would make 6 of 5: the manager is refused too
        with self.assertRaises(ValidationError):
            self.submit(self.manager, [{"disposition_type": "scrap", "quantity": 2}])
        self.assertEqual(self.inspection.disposition_ids.mapped("quantity"), [4.0])
        self.assertEqual(self.inspection.disposition_ids.state, "draft")
        self.assertEqual(self.qty_at(self.fg, self.returns), 5.0)

    def test_bad_input_from_the_handheld_is_refused_in_words(self):
        cases = [
            (None, [{"disposition_type": "scrap", "quantity": 1}], {}, "Choose the reason"),
            (self.reason.id, [], {}, "Choose what becomes"),
            (self.reason.id, [{"disposition_type": "burn", "quantity": 1}], {}, "Choose a"),
            (self.reason.id, [{"disposition_type": "scrap", "quantity": "1"}], {}, "Type the"),
            (self.reason.id, [{"disposition_type": "scrap", "quantity": -1}], {}, "positive"),
            (
                self.reason.id,
                [{"disposition_type": "scrap", "quantity": 1}],
                {"photo": {"name": "x.txt", "data": base64.b64encode(b"not an image").decode()}},
                "Only a photo",
            ),
            (
                self.reason.id,
                [{"disposition_type": "scrap", "quantity": 1}],
                {"photo": {"name": "x.png", "data": "%%%"}},
                "could not be read",
            ),
        ]
        inspection = self.inspection.with_user(self.inspector)
        for reason_id, lines, kwargs, message in cases:
            with self.subTest(message=message), self.assertRaisesRegex(UserError, message):
                inspection.action_handheld_confirm(reason_id, lines, **kwargs)
        self.assertFalse(self.inspection.disposition_ids)
        self.assertFalse(self.inspection.reason_id)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    ("res_model", "=", "logistics.return.inspection"),
                    ("res_id", "=", self.inspection.id),
                ]
            )
        )

    def test_inspector_cannot_change_a_disposed_return_from_the_handheld(self):
        self.dispose("restock", 5)
        other_reason = self.env["logistics.return.reason"].create(
            {"code": "RT-OTHER", "name": "Other", "company_id": self.company.id}
        )
        with self.assertRaises(AccessError):
            self.inspection.with_user(self.inspector).action_handheld_confirm(
                other_reason.id, [{"disposition_type": "scrap", "quantity": 1}], notes="changed"
            )
        self.assertFalse(self.inspection.reason_id)
        self.assertFalse(self.inspection.notes)
        # and the confirmed disposition stays as it is through the ORM, as by RPC
        with self.assertRaises(AccessError):
            self.inspection.disposition_ids.with_user(self.inspector).write({"quantity": 1})
        with self.assertRaises(AccessError):
            self.inspection.with_user(self.inspector).write(
                {
                    "disposition_ids": [
                        Command.update(self.inspection.disposition_ids.id, {"quantity": 1})
                    ]
                }
            )
        self.assertEqual(self.inspection.disposition_ids.quantity, 5.0)

    def test_screen_offers_the_reasons_and_says_who_decides(self):
        data = (
            self.env["logistics.return.inspection"]
            .with_user(self.inspector)
            .get_inspection_screen_data()
        )
        self.assertIn("RT-DMG", [reason["code"] for reason in data["reasons"]])
        self.assertEqual([code for code, _label in data["dispositions"]][:2], ["restock", "repair"])
        self.assertFalse(data["is_manager"])
        manager_data = (
            self.env["logistics.return.inspection"]
            .with_user(self.manager)
            .get_inspection_screen_data()
        )
        self.assertTrue(manager_data["is_manager"])

    def test_inspectors_find_the_screen_in_the_returns_menu(self):
        menu = self.env.ref("industrial_logistics.menu_logistics_return_inspection_screen")
        Menu = self.env["ir.ui.menu"]
        self.assertEqual(Menu.with_user(self.inspector).search([("id", "=", menu.id)]), menu)
        self.assertEqual(menu.action.tag, "industrial_logistics.return_inspection")
        operator = new_test_user(
            self.env,
            "rt_operator",
            groups="industrial_logistics.group_logistics_operator",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertFalse(Menu.with_user(operator).search([("id", "=", menu.id)]))
