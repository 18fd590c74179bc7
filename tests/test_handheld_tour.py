from odoo.tests import HttpCase, new_test_user, tagged

from . import test_kanban_tour, test_milk_run_tour

PHONE = "375x667"


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestHandheldRefusalTour(HttpCase):
    """The kanban scan screen on a phone: refusals in red with their reason, one sound each."""

    browser_size = PHONE
    touch_enabled = True

    def test_operator_sees_refusals_in_red_and_hears_each_answer(self):
        operator = new_test_user(
            self.env,
            "handheld_tour_operator",
            groups="industrial_logistics.group_logistics_operator",
        )
        Card = self.env["logistics.kanban.card"]
        retired = Card.search([("barcode", "=", "KB-L2A-C018-03")])
        retired.action_retire()
        full = Card.search([("barcode", "=", "KB-L2A-C018-04")])
        self.assertEqual((retired.state, full.state), ("retired", "full"))
        self.start_tour(
            "/odoo", "industrial_logistics_kanban_scan_refusals", login="handheld_tour_operator"
        )
        # Four scans logged, as the screen showed them: the two refusals changed nothing.
        scans = self.env["logistics.kanban.scan"].search(
            [("user_id", "=", operator.id)], order="id"
        )
        self.assertEqual(
            [(scan.barcode, scan.status) for scan in scans],
            [
                ("NOT-A-CARD", "error"),
                ("KB-L2A-C018-03", "error"),
                ("KB-L2A-C018-04", "ok"),
                ("KB-L2A-C018-04", "warning"),
            ],
        )
        self.assertEqual(retired.state, "retired")
        self.assertFalse(retired.picking_ids)
        # The full card got one replenishment, not two.
        self.assertEqual(full.state, "replenishing")
        self.assertEqual(len(full.picking_ids), 1)


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestKanbanScanTourPhone(HttpCase):
    """The operator's whole scan session on a phone with a touch screen."""

    browser_size = PHONE
    touch_enabled = True

    test_operator_scans_a_card_and_finds_its_replenishment = (
        test_kanban_tour.TestKanbanScanTour.test_operator_scans_a_card_and_finds_its_replenishment
    )


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestMilkRunDriverTourPhone(HttpCase):
    """The driver runs the demo round on a phone with a touch screen."""

    browser_size = PHONE
    touch_enabled = True

    test_driver_runs_the_demo_round_to_the_end = (
        test_milk_run_tour.TestMilkRunDriverTour.test_driver_runs_the_demo_round_to_the_end
    )
