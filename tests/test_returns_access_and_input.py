from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common_returns import ReturnsFixtureCase


class TestReturnsAccessAndInput(ReturnsFixtureCase):
    """Inspectors propose, managers decide; bad input is refused in words and leaves the
    database as it was."""

    # ------------------------------------------------------------------ roles
    def test_inspector_records_findings_but_not_costs(self):
        inspection = self.inspection.with_user(self.inspector)
        inspection.action_start_inspection()
        inspection.write({"reason_id": self.reason.id, "measures": "Fork bent 12 mm"})
        self.assertEqual(self.inspection.inspector_id, self.inspector)
        self.assertEqual(self.inspection.state, "in_progress")
        with self.assertRaises(AccessError):
            inspection.write({"transport_cost": 10.0})
        with self.assertRaises(AccessError):
            inspection.write({"answer_type": "credit_note"})
        self.assertEqual(self.inspection.transport_cost, 0.0)

    def test_inspector_cannot_confirm_a_disposition(self):
        disposition = self.propose("scrap", 1)
        with self.assertRaises(AccessError):
            disposition.action_confirm()
        self.assertEqual(disposition.state, "draft")
        self.assertFalse(self.env["stock.scrap"].search([("origin", "=", self.inspection.name)]))

    def test_inspector_cannot_change_or_delete_a_confirmed_disposition(self):
        disposition = self.propose("restock", 2)
        disposition.with_user(self.manager).action_confirm()
        with self.assertRaises(AccessError):
            disposition.write({"quantity": 5})
        with self.assertRaises(AccessError):
            disposition.write({"state": "draft"})
        with self.assertRaises(UserError):
            disposition.unlink()
        # the manager cannot either: a confirmed disposition is frozen
        with self.assertRaises(AccessError):
            disposition.with_user(self.manager).write({"quantity": 1})
        self.assertEqual(disposition.quantity, 2.0)
        self.assertEqual(disposition.state, "done")

    def test_inspector_proposes_through_the_forms_list_but_not_over_a_confirmed_one(self):
        inspection = self.inspection.with_user(self.inspector)
        inspection.write(
            {"disposition_ids": [Command.create({"disposition_type": "scrap", "quantity": 2})]}
        )
        disposition = self.inspection.disposition_ids
        self.assertEqual((disposition.state, disposition.quantity), ("draft", 2.0))
        disposition.with_user(self.manager).action_confirm()
        # the same commands a client sends by RPC: refused by the disposition's own checks
        with self.assertRaises(AccessError):
            inspection.write({"disposition_ids": [Command.update(disposition.id, {"quantity": 1})]})
        with self.assertRaises(AccessError):
            inspection.write({"disposition_ids": [Command.delete(disposition.id)]})
        self.assertEqual((disposition.state, disposition.quantity), ("done", 2.0))

    def test_inspector_cannot_create_an_inspection_by_hand(self):
        with self.assertRaises(AccessError):
            self.env["logistics.return.inspection"].with_user(self.inspector).create(
                {
                    "product_id": self.fg.id,
                    "quantity": 1,
                    "location_id": self.returns.id,
                    "returned_by": "customer",
                    "company_id": self.company.id,
                    "date_received": "2026-01-01 00:00:00",
                }
            )

    def test_another_company_sees_nothing_of_these_returns(self):
        other = self.env["res.company"].create({"name": "Other Returns Co"})
        outsider = new_test_user(
            self.env,
            "rt_outsider",
            groups="industrial_logistics.group_logistics_manager",
            company_id=other.id,
            company_ids=[other.id],
        )
        env = self.env(
            user=outsider, context=dict(self.env.context, allowed_company_ids=[other.id])
        )
        Inspection = env["logistics.return.inspection"]
        self.assertFalse(Inspection.search([("id", "=", self.inspection.id)]))
        with self.assertRaises(AccessError):
            Inspection.browse(self.inspection.id).read(["name"])
        with self.assertRaises(AccessError):
            env["logistics.return.disposition"].create(
                {"inspection_id": self.inspection.id, "disposition_type": "scrap", "quantity": 1}
            )
        figures = env["logistics.kpi.family.returns"]._kpi_compute(self.period(), {})
        self.assertEqual(figures["returns"], 0)
        self.assertIsNone(figures["return_rate"])

    def period(self):
        from odoo import fields

        today = fields.Date.context_today(self.env.user)
        return {"date_from": today, "date_to": today, "days": 1, "details": True}

    # ------------------------------------------------------------------ bad input
    def test_return_of_a_product_never_delivered_to_that_customer_warns(self):
        picking = self._transfer(
            self.c1,
            2,
            self.customers,
            self.returns,
            self.warehouse.in_type_id,
            partner=self.other_customer,
        )
        inspection = self.env["logistics.return.inspection"].search(
            [("picking_id", "=", picking.id)]
        )
        self.assertIn("never delivered to Never Served", inspection.delivery_warning)
        self.assertEqual(inspection.quantity, 2.0, "the return is still received")

    def test_disposition_to_an_archived_location_is_refused(self):
        shelf = self.env["stock.location"].create(
            {"name": "Old shelf", "location_id": self.stock.id, "company_id": self.company.id}
        )
        disposition = self.propose("restock", 1, location_dest_id=shelf.id)
        shelf.active = False
        with self.assertRaisesRegex(UserError, "archived"):
            disposition.with_user(self.manager).action_confirm()
        self.assertEqual(disposition.state, "draft")
        self.assertFalse(disposition.picking_id)
        self.assertEqual(self.qty_at(self.fg, self.returns), 5.0)

    def test_repair_of_a_consumable_is_refused(self):
        picking = self._transfer(
            self.consumable, 3, self.customers, self.returns, self.warehouse.in_type_id
        )
        inspection = self.env["logistics.return.inspection"].search(
            [("picking_id", "=", picking.id)]
        )
        disposition = self.env["logistics.return.disposition"].create(
            {"inspection_id": inspection.id, "disposition_type": "repair", "quantity": 1}
        )
        with self.assertRaisesRegex(UserError, "consumable"):
            disposition.with_user(self.manager).action_confirm()
        self.assertFalse(self.env["repair.order"].search([("product_id", "=", self.consumable.id)]))
        self.assertEqual(disposition.state, "draft")

    def test_negative_or_absurd_costs_are_refused(self):
        inspection = self.inspection.with_user(self.manager)
        for vals in (
            {"transport_cost": -5.0},
            {"handling_hours": -1.0},
            {"handling_hours": 5000.0},
            {"transport_cost": 1e9},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                inspection.write(vals)
        self.assertEqual(self.inspection.transport_cost, 0.0)
        self.assertEqual(self.inspection.handling_hours, 0.0)
        with self.assertRaises(ValidationError):
            self.company.logistics_return_hourly_rate = -3.0

    def test_zero_or_negative_disposition_quantity_is_refused(self):
        for qty in (0.0, -1.0):
            with self.subTest(qty=qty), self.assertRaises(ValidationError):
                self.propose("restock", qty)
        self.assertFalse(self.inspection.disposition_ids)

    def test_disassembling_a_product_without_a_bill_of_materials_is_refused(self):
        self.bom.active = False
        disposition = self.propose("disassemble", 1)
        with self.assertRaisesRegex(UserError, "bill of materials"):
            disposition.with_user(self.manager).action_confirm()
        self.assertFalse(disposition.unbuild_id)
