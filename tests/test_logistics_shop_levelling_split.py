from odoo import Command
from odoo.tests import tagged

from .common_scheduling import SchedulingCase


@tagged("post_install", "-at_install")
class TestShopLevellingSplit(SchedulingCase):
    """Splitting to a minimum lot, on Press S and its alternative Press T (same calendar,
    capacity 2, efficiency 80 %), in the week of Monday 1 March 2027.

    Hinge: one operation Bend, 60 min a cycle of 2 units, 2 sheets a hinge. An order of 4:
    2 cycles x 60 / 0.8 = 150 min on either press; no setup. Due Monday 09:40 Paris: whole it
    runs 08:00-10:30 (50 min late, on S or T alike). Split to the minimum lot of 2: two pieces
    of 1 cycle (75 min), one per press, both 08:00-09:15: on time.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.press_t = cls.env["mrp.workcenter"].create(
            {
                "name": "Press T",
                "resource_calendar_id": cls.calendar.id,
                "default_capacity": 2,
                "time_efficiency": 80,
            }
        )
        cls.workcenter.alternative_workcenter_ids = cls.press_t
        cls.hinge = cls.env["product.product"].create({"name": "Hinge", "type": "consu"})
        cls.sheet = cls.env["product.product"].create({"name": "Sheet", "type": "consu"})
        cls.hinge_bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.hinge.product_tmpl_id.id,
                "product_qty": 1,
                "bom_line_ids": [Command.create({"product_id": cls.sheet.id, "product_qty": 2})],
                "operation_ids": [
                    Command.create(
                        {
                            "name": "Bend",
                            "workcenter_id": cls.workcenter.id,
                            "time_mode": "manual",
                            "time_cycle_manual": 60,
                        }
                    )
                ],
            }
        )
        cls.due = cls.utc(1, 8, 40)  # Monday 09:40 Paris

    def _hinges(self, quantity=4):
        production = self.env["mrp.production"].create(
            {
                "product_id": self.hinge.id,
                "product_qty": quantity,
                "bom_id": self.hinge_bom.id,
                "date_start": self.utc(1, 7),  # unplanned, expected Monday 08:00-10:30 Paris
            }
        )
        production.date_deadline = self.due
        production.action_confirm()
        return production

    def _wizard(self, **values):
        """The levelling wizard of the week, with a solver budget of 6 s."""
        return self._levelling_wizard(time_limit=6, **values)

    def _family(self, production):
        return self.env["mrp.production"].search(
            [("procurement_group_id", "=", production.procurement_group_id.id)], order="id"
        )

    def test_splitting_turns_the_late_order_on_time_and_conserves_the_quantities(self):
        production = self._hinges()
        self.assertEqual(production.workorder_ids.duration_expected, 150)
        self.assertEqual(sum(production.move_raw_ids.mapped("product_uom_qty")), 8)
        wizard = self._wizard(allow_split=True, split_minimum_qty=2)
        wizard.action_propose()
        line = wizard.line_ids
        self.assertEqual(line.split_quantities, "2 + 2")
        self.assertEqual(line.change, "turns_on_time")
        self.assertEqual(sorted(line.operation_ids.mapped("piece_qty")), [2, 2])
        wizard.action_apply()
        pieces = self._family(production)
        self.assertEqual(len(pieces), 2)
        self.assertEqual(pieces.mapped("product_qty"), [2, 2])
        self.assertEqual(set(pieces.mapped("state")), {"confirmed"})
        # no component lost: 2 sheets a hinge, 4 in each piece, 8 in all, none cancelled
        raw = pieces.move_raw_ids
        self.assertEqual(raw.mapped("product_id"), self.sheet)
        self.assertEqual(sorted(raw.mapped("product_uom_qty")), [4, 4])
        self.assertNotIn("cancel", raw.mapped("state"))
        finished = pieces.move_finished_ids.filtered(lambda m: m.product_id == self.hinge)
        self.assertEqual(sum(finished.mapped("product_uom_qty")), 4)
        # each piece on its own press, Monday 08:00-09:15 Paris, its leave written
        workorders = pieces.workorder_ids
        self.assertEqual(workorders.workcenter_id, self.workcenter | self.press_t)
        for workorder in workorders:
            self.assertEqual(
                (workorder.date_start, workorder.date_finished),
                (self.utc(1, 7), self.utc(1, 8, 15)),
            )
            self.assertEqual(workorder.leave_id.resource_id, workorder.workcenter_id.resource_id)
        for piece in pieces:
            self.assertLessEqual(piece.date_finished, self.due)
            self.assertEqual(piece.move_raw_ids.date, self.utc(1, 7))

    def test_without_the_option_no_order_is_split(self):
        production = self._hinges()
        wizard = self._wizard()
        wizard.action_propose()
        self.assertFalse(wizard.line_ids.split_quantities)
        self.assertEqual(wizard.line_ids.operation_ids.mapped("piece"), [0])
        self.assertEqual(wizard.line_ids.change, "stays_late")
        wizard.action_apply()
        self.assertEqual(self._family(production), production)
        self.assertEqual(production.product_qty, 4)
        self.assertEqual(production.move_raw_ids.product_uom_qty, 8)
        self.assertEqual(production.date_finished, self.utc(1, 9, 30))

    def test_a_started_order_is_never_split_nor_moved(self):
        production = self._hinges()
        workorder = production.workorder_ids
        workorder.button_start()
        self._plan(workorder, self.utc(1, 12), self.utc(1, 14, 30), 150)
        wizard = self._wizard(allow_split=True, split_minimum_qty=1)
        wizard.action_propose()
        line = wizard.line_ids
        self.assertTrue(line.started)
        self.assertFalse(line.split_quantities)
        wizard.action_apply()
        self.assertEqual(self._family(production), production)
        self.assertEqual(production.product_qty, 4)
        self.assertEqual(
            (workorder.date_start, workorder.date_finished), (self.utc(1, 12), self.utc(1, 14, 30))
        )

    def test_a_lot_smaller_than_two_minimum_lots_stays_whole(self):
        production = self._hinges(quantity=3)  # 3 < 2 x 2: cannot be split
        wizard = self._wizard(allow_split=True, split_minimum_qty=2)
        wizard.action_propose()
        self.assertFalse(wizard.line_ids.split_quantities)
        wizard.action_apply()
        self.assertEqual(self._family(production), production)
        self.assertEqual(production.product_qty, 3)

    def test_the_reorder_rule_multiple_is_the_minimum_lot(self):
        # no minimum on the run: only an order whose reorder rule gives a lot may be split;
        # the rule's multiple, 2, is the minimum lot: 2 + 2 as above
        self.hinge.is_storable = True
        orderpoint = self.env["stock.warehouse.orderpoint"].create(
            {"product_id": self.hinge.id, "product_min_qty": 0, "qty_multiple": 2}
        )
        production = self._hinges()
        production.orderpoint_id = orderpoint
        # an order without a rule, due Friday: it waits after the pieces, whole
        other = self._hinges()
        other.date_deadline = self.utc(5, 16)
        wizard = self._wizard(allow_split=True)
        wizard.action_propose()
        line = self._line(wizard, production)
        self.assertEqual(line.split_quantities, "2 + 2")
        self.assertEqual(line.change, "turns_on_time")
        self.assertFalse(self._line(wizard, other).split_quantities)
        # without the rule's multiple nor a minimum on the run, the same order stays whole
        production.orderpoint_id = False
        again = self._wizard(allow_split=True)
        again.action_propose()
        self.assertFalse(self._line(again, production).split_quantities)

    def _line(self, wizard, production):
        return wizard.line_ids.filtered(lambda line: line.production_id == production)
