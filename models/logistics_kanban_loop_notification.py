from odoo import api, models


class LogisticsKanbanLoopNotification(models.Model):
    """Activities for the loop's responsible users (lost cards, stockouts), closed when solved."""

    _inherit = "logistics.kanban.loop"

    def _responsible_users(self):
        """Who is told of the loop's trouble: its responsible, else the company's
        supply-chain managers."""
        self.ensure_one()
        if self.user_id.active:
            return self.user_id
        # sudo: an operator declaring a stockout may not read the group's members.
        managers = self.env.ref("industrial_logistics.group_logistics_manager").sudo().users
        return managers.filtered(
            lambda user: not user.share and self.company_id in user.company_ids
        ).with_env(self.env)

    def _notify_responsible(self, activity_xmlid, summaries):
        """One activity on each loop for each of its responsible users, with a live
        notification, in that user's language; `summaries`: {loop: function(env) returning the
        activity's summary in the language of env}. Returns {loop: users}."""
        told = {}
        for loop in self:
            users = loop._responsible_users()
            told[loop] = users
            for user in users:
                summary = summaries[loop](loop.with_context(lang=user.lang).env)
                # sudo: the people told need not be the caller (an operator, the cron), who
                # may not schedule activities for others; the caller was checked before.
                loop.sudo().with_context(mail_activity_quick_update=True).activity_schedule(
                    activity_xmlid, summary=summary, user_id=user.id
                )
                user._bus_send(
                    "simple_notification",
                    {
                        "type": "warning",
                        "title": loop.display_name,
                        "message": summary,
                        "sticky": True,
                    },
                )
        return told

    @api.model
    def _notify_lost_cards(self, cards):
        """The lost-card cron's run: one activity per loop with cards flagged lost, for its
        responsible (or the supply-chain managers), naming the cards."""
        summaries = {
            loop: lambda env, lost=lost: env._(
                "%(count)s card(s) flagged lost: %(cards)s",
                count=len(lost),
                cards=", ".join(sorted(lost.mapped("barcode"))),
            )
            for loop, lost in cards.grouped("loop_id").items()
        }
        return cards.loop_id._notify_responsible(
            "industrial_logistics.mail_activity_type_lost_card", summaries
        )

    def _done_activities(self, activity_xmlid, feedback):
        """Mark done the loops' open activities of that type (the trouble is over)."""
        if not self:
            return
        activity_type = self.env.ref(activity_xmlid, raise_if_not_found=False)
        if not activity_type:
            return
        # sudo: whoever ends the trouble (an operator, a receipt) closes its activities.
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        if activities:
            activities.action_feedback(feedback=feedback)
