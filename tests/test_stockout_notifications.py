import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from odoo.addons.bus.models.bus import json_dump

from .common_kanban import KanbanCommon

STOCKOUT = "industrial_logistics.mail_activity_type_line_stockout"
LOST = "industrial_logistics.mail_activity_type_lost_card"


class TestStockoutNotifications(KanbanCommon):
    """Declaring a line stockout tells the loop's responsible (or the supply-chain managers)
    with an activity and a live notification; the part back closes the activity. Cards
    flagged lost tell them too, one activity per loop and run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Event = cls.env["logistics.stockout.event"]
        cls.supply_lead = new_test_user(
            cls.env, "kanban_supply_lead", groups="industrial_logistics.group_logistics_manager"
        )
        # a manager of another company only: never told of this company's loops
        cls.foreign_manager = new_test_user(
            cls.env,
            "kanban_foreign_manager",
            groups="industrial_logistics.group_logistics_manager",
            company_id=cls.foreign_company.id,
            company_ids=[cls.foreign_company.id],
        )

    def activities(self, loop, xmlid, done=False):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", loop._name),
                    ("res_id", "=", loop.id),
                    ("activity_type_id", "=", self.env.ref(xmlid).id),
                    ("active", "=", not done),
                ]
            )
        )

    def notifications(self, user):
        """The live notifications sent to `user` in this transaction."""
        self.env.cr.precommit.run()  # the bus writes its messages before commit
        channel = json_dump((self.env.cr.dbname, "res.partner", user.partner_id.id))
        messages = [
            json.loads(notification.message)
            for notification in self.env["bus.bus"].sudo().search([("channel", "=", channel)])
        ]
        return [m["payload"] for m in messages if m["type"] == "simple_notification"]

    def declare(self, loop):
        return self.Event.with_user(self.operator).declare(barcode=self.card(loop).barcode)

    def test_declaring_tells_the_responsible_and_resolving_closes_it(self):
        self.loop_resupply.with_user(self.manager).user_id = self.supply_lead
        result = self.declare(self.loop_resupply)
        self.assertEqual(result["status"], "ok")
        # the confirmation names who is told, and it is true
        self.assertIn(f"recorded; told: {self.supply_lead.name}.", result["message"])
        activity = self.activities(self.loop_resupply, STOCKOUT)
        self.assertEqual(activity.user_id, self.supply_lead)
        self.assertIn("Part missing at the line", activity.summary)
        [notification] = self.notifications(self.supply_lead)
        self.assertEqual(notification["title"], self.loop_resupply.display_name)
        self.assertEqual(notification["message"], activity.summary)
        self.assertFalse(self.notifications(self.manager), "only the responsible is told")
        # declared again: the same stockout, nobody is told twice
        self.assertEqual(self.declare(self.loop_resupply)["status"], "warning")
        self.assertEqual(len(self.activities(self.loop_resupply, STOCKOUT)), 1)
        # the operator resolves it: the activity is done (kept, with its date)
        event = self.loop_resupply.stockout_event_ids
        event.with_user(self.operator).action_resolve()
        self.assertFalse(self.activities(self.loop_resupply, STOCKOUT))
        done = self.activities(self.loop_resupply, STOCKOUT, done=True)
        self.assertEqual(done, activity)
        self.assertEqual(done.date_done, fields.Date.context_today(done))

    def test_without_responsible_the_company_managers_are_told(self):
        result = self.declare(self.loop_buy)
        managers = self.activities(self.loop_buy, STOCKOUT).user_id
        # every supply-chain manager of the loop's company, not the one of the other company
        self.assertIn(self.manager, managers)
        self.assertIn(self.supply_lead, managers)
        self.assertNotIn(self.foreign_manager, managers)
        self.assertFalse(managers.filtered("share"))
        self.assertFalse(self.notifications(self.foreign_manager))
        self.assertEqual(len(self.notifications(self.supply_lead)), 1)
        for manager in managers:
            self.assertIn(manager.name, result["message"])

    def test_the_part_arriving_closes_the_activity(self):
        self.loop_resupply.user_id = self.supply_lead
        self.declare(self.loop_resupply)
        # what the receipt of the loop's next container does (see _close_for_loops)
        self.Event._close_for_loops(self.loop_resupply, fields.Datetime.now())
        self.assertFalse(self.activities(self.loop_resupply, STOCKOUT))
        self.assertEqual(len(self.activities(self.loop_resupply, STOCKOUT, done=True)), 1)

    def test_operators_cannot_name_the_responsible(self):
        with self.assertRaises(AccessError):
            self.loop_resupply.with_user(self.operator).user_id = self.operator
        self.assertFalse(self.loop_resupply.user_id)

    def test_lost_cards_tell_the_responsible_once_per_loop(self):
        # T-RS (responsible: the supply lead) has 2 cards idle for 10 days, T-BUY 1; both
        # cycles are 2 days (k = 3: lost after 6 days). One activity on T-RS naming its 2
        # cards, one on T-BUY for each manager of the company.
        self.loop_resupply.user_id = self.supply_lead
        (self.loop_resupply | self.loop_buy).sudo().cycle_time_days = 2.0
        self.env.company.kanban_lost_cycle_factor = 3.0
        idle = (
            self.card(self.loop_resupply, 1)
            | self.card(self.loop_resupply, 2)
            | self.card(self.loop_buy, 1)
        )
        idle.date_last_move = fields.Datetime.now() - timedelta(days=10)
        self.env.ref("industrial_logistics.ir_cron_flag_lost_kanban_cards").method_direct_trigger()
        self.assertEqual(set(idle.mapped("state")), {"lost"})
        activity = self.activities(self.loop_resupply, LOST)
        self.assertEqual(activity.user_id, self.supply_lead)
        self.assertEqual(
            activity.summary,
            f"2 card(s) flagged lost: {self.card(self.loop_resupply, 1).barcode}, "
            f"{self.card(self.loop_resupply, 2).barcode}",
        )
        buy = self.activities(self.loop_buy, LOST)
        self.assertIn(self.manager, buy.user_id)
        self.assertEqual(len(buy), len(buy.user_id), "one activity per manager")
        self.assertIn("1 card(s) flagged lost", buy[0].summary)
        self.assertFalse(self.activities(self.loop_manufacture, LOST))
