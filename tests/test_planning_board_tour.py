from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestPlanningBoardTour(HttpCase):
    def test_scheduler_levels_the_demo_plant_from_the_board(self):
        """The demo orders of the three lines are planned at infinite capacity: the levelling
        moves some of them, and Apply writes their planned dates."""
        new_test_user(
            self.env,
            "scheduler",
            groups="base.group_user,industrial_logistics.group_logistics_manager",
        )
        centres = self.env["mrp.workcenter"].browse(
            self.env.ref(f"industrial_logistics.demo_workcenter_line{line}").id
            for line in (1, 2, 3)
        )
        workorders = self.env["mrp.workorder"].search(
            [("workcenter_id", "in", centres.ids), ("production_id.state", "=", "confirmed")]
        )
        before = {wo.id: (wo.date_start, wo.date_finished) for wo in workorders}
        productions = {mo.id: mo.date_start for mo in workorders.production_id}
        self.start_tour("/odoo", "industrial_logistics_planning_board", login="scheduler")
        workorders.invalidate_recordset()
        moved = workorders.filtered(lambda wo: (wo.date_start, wo.date_finished) != before[wo.id])
        self.assertTrue(moved, "the levelling moved no work order")
        self.assertTrue(
            any(mo.date_start != productions[mo.id] for mo in moved.production_id),
            "the moved orders kept their planned start",
        )
        # what Odoo's Plan would have written: one leave of the centre per moved work order
        for workorder in moved:
            self.assertEqual(workorder.leave_id.date_from, workorder.date_start)
            self.assertEqual(workorder.leave_id.resource_id, workorder.workcenter_id.resource_id)
