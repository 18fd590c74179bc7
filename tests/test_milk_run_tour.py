from datetime import timedelta

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestMilkRunDriverTour(HttpCase):
    def test_driver_runs_the_demo_round_to_the_end(self):
        milk_run = self.env.ref("industrial_logistics.demo_milk_run_lines")
        round_ = milk_run.round_ids.filtered(lambda r: r.state == "loading")
        self.assertEqual(len(round_), 1, "the demo builds one round")
        pickings = round_.picking_ids
        self.assertEqual(len(round_.round_stop_ids), 3)
        # The demo round carries the replenishments of the demo kanban scans.
        cards = self.env["logistics.kanban.card"].search(
            [("group_id", "in", pickings.group_id.ids)]
        )
        self.assertEqual(len(cards), len(pickings))
        self.assertEqual(set(cards.mapped("state")), {"replenishing"})
        # Driven by a storekeeper, who reads rounds only: every change goes through the
        # driver screen's methods.
        driver = new_test_user(
            self.env, "tour_driver", groups="industrial_logistics.group_logistics_storekeeper"
        )
        self.start_tour("/odoo", "industrial_logistics_milk_run_driver", login="tour_driver")
        self.env.invalidate_all()
        self.assertEqual(round_.state, "done")
        self.assertEqual(round_.user_id, driver)
        self.assertEqual(set(pickings.mapped("state")), {"done"})
        # Dropping the containers at the line turned their kanban cards full again.
        self.assertEqual(set(cards.mapped("state")), {"full"})

    def test_manager_builds_the_next_round_from_the_circuit_and_reads_the_kpis(self):
        milk_run = self.env.ref("industrial_logistics.demo_milk_run_lines")
        built_before = len(milk_run.round_ids.filtered(lambda r: r.state == "loading"))
        self.start_tour("/odoo", "industrial_logistics_milk_run_circuit", login="admin")
        self.env.invalidate_all()
        self.assertEqual(
            len(milk_run.round_ids.filtered(lambda r: r.state == "loading")), built_before + 1
        )

    def test_driver_of_a_two_train_departure_sees_only_his_train(self):
        # The demo circuit with two trains of 3 containers: the demo's 6 containers, 2 for each
        # line, need three trips (2 + 2 > 3), given to trains 1, 2, 1: train 2 has one stop.
        milk_run = self.env.ref("industrial_logistics.demo_milk_run_lines")
        milk_run.write({"vehicle_count": 2, "capacity_containers": 3})
        demo_round = milk_run.round_ids.filtered(lambda r: r.state == "loading")
        demo_round.action_cancel()
        round_ = self.env["logistics.milk.run.round"].create(
            {
                "milk_run_id": milk_run.id,
                "planned_departure": demo_round.planned_departure + timedelta(minutes=1),
            }
        )
        round_.with_context(milk_run_max_iterations=200).action_build()
        self.assertEqual(round_.containers, 6)
        self.assertEqual(sorted(round_.round_stop_ids.mapped("train")), [1, 1, 2])
        self.start_tour("/odoo", "industrial_logistics_milk_run_trains", login="admin")
        self.env.invalidate_all()
        self.assertEqual(round_.state, "on_route")
