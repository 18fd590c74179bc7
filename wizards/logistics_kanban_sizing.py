import math
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..logistics_algorithms import kanban_sizing
from ..models.formatting import format_number
from .reopen_action import reopen_action


class LogisticsKanbanSizing(models.TransientModel):
    """Size selected loops from their real consumption and measured lead time, show the
    proposal next to the current size with a back-test of both, then apply it.

    Formulas (logistics_algorithms.kanban_sizing): kanban cards N = ceil(D x (LT + R + S)
    / Q) (Toyota; SAP PP-KANBAN); double-bin Q = ceil((D x (LT + R + S) + SS) / pack)
    x pack with SS = z x sigma_d x sqrt(LT + R) (APICS; Silver, Pyke & Peterson).
    D and sigma_d are per working day, so the lead time is converted to working days.
    """

    _name = "logistics.kanban.sizing"
    _inherit = ["logistics.history.window"]
    _description = "Kanban Loop Sizing"

    loop_ids = fields.Many2many("logistics.kanban.loop", string="Loops", required=True)
    backtest_weeks = fields.Integer(
        "Back-test Weeks", required=True, default=8, help="Replay the last N weeks of demand."
    )
    line_ids = fields.One2many("logistics.kanban.sizing.line", "wizard_id", "Proposals")
    state = fields.Selection([("draft", "Draft"), ("computed", "Computed")], default="draft")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "loop_ids" in fields_list and not values.get("loop_ids"):
            context = self.env.context
            if context.get("active_model") == "logistics.kanban.loop" and context.get("active_ids"):
                loops = self.env["logistics.kanban.loop"].browse(context["active_ids"])
            else:
                loops = self.env["logistics.kanban.loop"].search([])
            values["loop_ids"] = [Command.set(loops.ids)]
        return values

    @api.constrains("backtest_weeks")
    def _check_backtest_weeks(self):
        for wizard in self:
            if not 1 <= wizard.backtest_weeks <= 104:
                raise ValidationError(self.env._("Back-test between one week and two years."))

    def action_compute(self):
        self.ensure_one()
        loops = self.loop_ids.filtered("active")
        if not loops:
            raise UserError(self.env._("Select at least one active loop."))
        demand = self._consumption_by_loop(loops)
        working_days = self._working_days_by_company(loops.company_id)
        lead_times = loops._sizing_lead_times()
        line_vals = []
        # Loops sized alike are written together: one write per distinct set of values.
        loop_ids_by_vals = defaultdict(list)
        date_sized = fields.Datetime.now()
        for loop in loops:
            per_day = demand.get(loop.id, {})
            days = sorted(working_days[loop.company_id] | set(per_day))
            series = [per_day.get(day, 0.0) for day in days]
            proposal_vals, loop_vals = self._size_loop(loop, days, series, lead_times[loop])
            line_vals.append(proposal_vals)
            loop_vals += (("date_sized", date_sized),)
            loop_ids_by_vals[loop_vals].append(loop.id)
        self.line_ids.unlink()
        self.env["logistics.kanban.sizing.line"].create(line_vals)
        Loop = self.env["logistics.kanban.loop"]
        for loop_vals, loop_ids in loop_ids_by_vals.items():
            Loop.browse(loop_ids).write(dict(loop_vals))
        self.state = "computed"
        return reopen_action(self, self.env._("Size Kanban Loops"))

    def _size_loop(self, loop, days, series, lead_time):
        """(proposal line values, loop values as a tuple of pairs) of one loop, from its daily
        demand `series` over the working `days` of the window and its (lead time, source)."""
        # Demand is per working day: express the lead time in working days too.
        lead_time_days, source = lead_time
        lead_time_wd = lead_time_days * len(days) / self._history_calendar_days()
        proposal = kanban_sizing.propose(
            series or [0.0],
            lead_time_wd,
            loop.container_qty,
            loop.card_count,
            loop.loop_type,
            review_days=loop.review_days,
            safety_days=loop.safety_days,
            service_level=loop.service_level,
            pack_qty=loop.packaging_id.qty or None,
        )
        formula = self._formula_text(proposal)
        backtest_from = self.date_to - timedelta(weeks=self.backtest_weeks) + timedelta(days=1)
        recent = [qty for day, qty in zip(days, series, strict=True) if day >= backtest_from]
        backtest_lt = math.ceil(lead_time_wd)
        current = kanban_sizing.backtest(
            recent or [0.0], loop.container_qty, loop.card_count, backtest_lt
        )
        proposed = kanban_sizing.backtest(
            recent or [0.0], proposal.recommended_qty, proposal.recommended_cards, backtest_lt
        )
        return {
            "wizard_id": self.id,
            "loop_id": loop.id,
            "lead_time_days": lead_time_days,
            "lead_time_source": source,
            "demand_daily_qty": proposal.stats.mean,
            "current_cards": loop.card_count,
            "recommended_cards": proposal.recommended_cards,
            "current_qty": loop.container_qty,
            "recommended_qty": proposal.recommended_qty,
            "formula": formula,
            "current_stockout_days": current.stockout_days,
            "current_average_stock": current.average_stock,
            "proposed_stockout_days": proposed.stockout_days,
            "proposed_average_stock": proposed.average_stock,
            "backtest_days": proposed.days,
        }, (
            ("demand_daily_qty", proposal.stats.mean),
            ("demand_std_qty", proposal.stats.std),
            ("sizing_lead_time_days", lead_time_days),
            ("recommended_card_count", proposal.recommended_cards),
            ("recommended_container_qty", proposal.recommended_qty),
            ("safety_stock_qty", proposal.safety_stock),
            ("sizing_formula", formula),
        )

    def _formula_text(self, proposal):
        """The formula of a proposal with its numbers (kanban_sizing's formula_values), in the
        user's language: symbols as in readme, numbers as the user writes them."""
        values = {
            key: format_number(self.env, value) for key, value in proposal.formula_values.items()
        }
        if proposal.loop_type == "double_bin":
            return self.env._(
                "SS = z x sd x sqrt(LT + R) = %(z)s x %(std)s x sqrt(%(exposure_days)s) = "
                "%(safety_stock)s (%(service_level)s %% service level); bin = ceil((D x (LT + R + "
                "S) + SS) / pack) x pack = ceil((%(mean)s x %(cover_days)s + %(safety_stock)s) "
                "/ %(pack_qty)s) x %(pack_qty)s = %(qty)s; D and sd over %(days)s days",
                **dict(
                    values,
                    service_level=format_number(
                        self.env, proposal.formula_values["service_level"] * 100
                    ),
                ),
            )
        minimum = (
            self.env._(" (minimum 1 card)") if proposal.formula_values["minimum_applied"] else ""
        )
        return self.env._(
            "N = ceil(D x (LT + R + S) / Q) = ceil(%(mean)s x (%(lead_time_days)s + "
            "%(review_days)s + %(safety_days)s) / %(container_qty)s) = ceil(%(raw)s) = %(cards)s "
            "cards%(minimum)s; D = mean daily demand over %(days)s days",
            **dict(values, minimum=minimum),
        )

    def action_apply(self):
        self.ensure_one()
        before = self.loop_ids.card_ids
        # Loops resized alike are written together (one write, one card sync per new
        # size); those already at their proposed size are left alone.
        loop_ids_by_size = defaultdict(list)
        for line in self.line_ids.filtered("to_apply"):
            loop = line.loop_id
            if loop.loop_type == "double_bin":
                size = ("container_qty", line.recommended_qty)
            else:
                size = ("card_count", line.recommended_cards)
            if loop[size[0]] != size[1]:
                loop_ids_by_size[size].append(loop.id)
        Loop = self.env["logistics.kanban.loop"]
        # one tracking message per loop cost two queries a loop (22 of 35 s for 2,000 loops):
        # each loop's history gets its line from one batched log instead
        bodies = self._resize_log_bodies(loop_ids_by_size)
        for (field_name, value), loop_ids in loop_ids_by_size.items():
            Loop.browse(loop_ids).with_context(mail_notrack=True).write({field_name: value})
        Loop.browse(list(bodies))._message_log_batch(bodies=bodies)
        new_cards = self.loop_ids.card_ids - before
        if not new_cards:
            return {"type": "ir.actions.act_window_close"}
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "industrial_logistics.action_logistics_kanban_card"
        )
        action.update(
            name=self.env._("New Cards to Print"),
            domain=[("id", "in", new_cards.ids)],
            context={},
        )
        return action

    def _resize_log_bodies(self, loop_ids_by_size):
        """{loop id: "Number of Cards: 3 → 4 (kanban sizing)"} for the loops about to change."""
        Loop = self.env["logistics.kanban.loop"]
        bodies = {}
        for (field_name, value), loop_ids in loop_ids_by_size.items():
            label = Loop._fields[field_name]._description_string(self.env)
            for loop in Loop.browse(loop_ids):
                bodies[loop.id] = self.env._(
                    "%(field)s: %(before)s → %(after)s (kanban sizing)",
                    field=label,
                    before=loop[field_name],
                    after=value,
                )
        return bodies

    def _consumption_by_loop(self, loops):
        """{loop id: {day: quantity}}: the consumption (logistics.kpi.consumption, the addon's
        one source) of the loop's product from its location and below over the window, per
        day in the company's time zone; one query for all the loops."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT loop.id,
                   (used.date_done AT TIME ZONE 'UTC' AT TIME ZONE COALESCE(cal.tz, 'UTC'))::date,
                   SUM(used.quantity)
              FROM logistics_kanban_loop loop
              JOIN res_company company ON company.id = loop.company_id
              LEFT JOIN resource_calendar cal ON cal.id = company.resource_calendar_id
              JOIN stock_location loc ON loc.id = loop.location_id
              JOIN logistics_kpi_consumption used ON used.product_id = loop.product_id
              JOIN stock_location src ON src.id = used.location_id
             WHERE loop.id = ANY(%(ids)s)
               AND used.date_done >= %(start)s AND used.date_done < %(stop)s
               AND starts_with(src.parent_path, loc.parent_path)
             GROUP BY 1, 2
            """,
                ids=loops.ids,
                start=datetime.combine(self.date_from - timedelta(days=1), time.min),
                stop=datetime.combine(self.date_to + timedelta(days=2), time.min),
            )
        )
        demand = defaultdict(dict)
        for loop_id, day, quantity in self.env.cr.fetchall():
            if self.date_from <= day <= self.date_to:
                demand[loop_id][day] = quantity
        return demand

    def _working_days_by_company(self, companies):
        """{company: set of working days in the window} from its resource calendar
        (resource.calendar._logistics_working_dates)."""
        return {
            company: company.resource_calendar_id._logistics_working_dates(
                self.date_from, self.date_to
            )[False]
            for company in companies
        }


class LogisticsKanbanSizingLine(models.TransientModel):
    _name = "logistics.kanban.sizing.line"
    _description = "Kanban Loop Sizing Proposal"
    _order = "id"

    wizard_id = fields.Many2one("logistics.kanban.sizing", required=True, ondelete="cascade")
    loop_id = fields.Many2one("logistics.kanban.loop", required=True, ondelete="cascade")
    loop_type = fields.Selection(related="loop_id.loop_type")
    to_apply = fields.Boolean("Apply", default=True)
    demand_daily_qty = fields.Float("Daily Demand", digits="Product Unit of Measure")
    lead_time_days = fields.Float("Lead Time (days)", digits=(16, 2))
    lead_time_source = fields.Selection(
        [("measured", "Measured"), ("route", "Route delays")], "Lead Time From"
    )
    current_cards = fields.Integer()
    recommended_cards = fields.Integer()
    current_qty = fields.Float(digits="Product Unit of Measure")
    recommended_qty = fields.Float(digits="Product Unit of Measure")
    difference = fields.Float(compute="_compute_difference", digits="Product Unit of Measure")
    formula = fields.Text()
    backtest_days = fields.Integer("Days Replayed")
    current_stockout_days = fields.Integer("Stockout Days (current)")
    current_average_stock = fields.Float("Avg Stock (current)", digits=(16, 1))
    proposed_stockout_days = fields.Integer("Stockout Days (proposed)")
    proposed_average_stock = fields.Float("Avg Stock (proposed)", digits=(16, 1))

    @api.depends(
        "loop_type", "current_cards", "recommended_cards", "current_qty", "recommended_qty"
    )
    def _compute_difference(self):
        for line in self:
            if line.loop_type == "double_bin":
                line.difference = line.recommended_qty - line.current_qty
            else:
                line.difference = line.recommended_cards - line.current_cards
