from datetime import datetime, timedelta

from odoo.tests import Form, new_test_user, tagged

from .common_kanban import KanbanCommon
from .common_milk_run import MilkRunCase


@tagged("post_install", "-at_install")
class TestKanbanResizeMail(KanbanCommon):
    def test_resize_logs_one_line_per_loop_in_one_batch_and_no_tracking(self):
        self.loop_resupply.write({"container_qty": 1, "card_count": 1})
        loops = self.loop_resupply | self.loop_double_bin
        form = Form(
            self.env["logistics.kanban.sizing"]
            .with_user(self.manager)
            .with_context(active_model="logistics.kanban.loop", active_ids=loops.ids)
        )
        wizard = form.save()
        wizard.action_compute()
        kanban = wizard.line_ids.filtered(lambda line: line.loop_id == self.loop_resupply)
        self.assertGreater(kanban.recommended_cards, 1)
        before = self.env["mail.message"].search([("model", "=", loops._name)]).ids
        wizard.action_apply()
        self.env.flush_all()
        self.env.cr.flush()
        messages = self.env["mail.message"].search(
            [("model", "=", loops._name), ("id", "not in", before)]
        )
        self.assertFalse(messages.tracking_value_ids)
        resupply = messages.filtered(lambda message: message.res_id == self.loop_resupply.id)
        self.assertEqual(len(resupply), 1)
        self.assertIn(
            f"Number of Cards: 1 → {kanban.recommended_cards} (kanban sizing)",
            resupply.body,
        )
        self.assertFalse(messages.notification_ids, "a loop's history notifies nobody")


@tagged("post_install", "-at_install")
class TestTimetableRoundsMail(MilkRunCase):
    def test_rounds_from_the_timetable_get_no_message_or_follower_each(self):
        # a manager's "Build next round" creates the missing rounds of the horizon first
        manager = new_test_user(
            self.env, "mr_mail_manager", groups="industrial_logistics.group_logistics_manager"
        )
        before = self.env["mail.followers"].search_count([])
        self.milk_run.horizon_hours = 80
        # Friday 2026-03-06 07:00 + 80 h: Friday 8:00 and 14:00, Monday 8:00 and 14:00
        rounds = self.milk_run.with_user(manager)._create_rounds(datetime(2026, 3, 6, 7, 0))
        self.assertEqual(len(rounds), 4)
        self.env.flush_all()
        self.env.cr.flush()
        self.assertEqual(self.env["mail.followers"].search_count([]) - before, 0)
        self.assertFalse(
            self.env["mail.message"].search_count(
                [("model", "=", rounds._name), ("res_id", "in", rounds.ids)]
            )
        )
        # the rounds returned are not left in a mail-less context: a later change is tracked
        rounds[0].write({"planned_departure": rounds[0].planned_departure + timedelta(hours=1)})
        self.env.cr.flush()
        self.assertEqual(len(rounds[0].message_ids), 1)
