from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date
from odoo.tools.misc import formatLang
from odoo.tools.safe_eval import safe_eval

from .logistics_problem_analysis_cause import CATEGORIES
from .logistics_problem_fishbone import fishbone_svg

# The records a problem can be about, when the addon that defines them is installed: a return
# reason (the returns feature), a carrier, a product, a partner (customer or vendor).
SUBJECT_MODELS = (
    "logistics.return.reason",
    "delivery.carrier",
    "product.product",
    "res.partner",
)


class LogisticsProblemAnalysis(models.Model):
    """A problem worked the continuous-improvement way: its statement, the 5 whys, the
    Ishikawa (6M) causes and the root cause, the corrective actions (activities with an owner
    and a due date), and the rate of the problem measured before and after the fix.

    The rate is counted on any records of the database: the records of `effect_model_id` of
    `effect_base_domain` dated within `effect_days` before / after `date_fixed`, and among them
    those of `effect_domain` (the problem): returns of a reason among deliveries, late
    shipments of a carrier among its shipments...
    """

    _name = "logistics.problem.analysis"
    _description = "Logistics Problem Analysis"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_opened desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Leader",
        default=lambda self: self.env.user,
        check_company=True,
        tracking=True,
    )
    state = fields.Selection(
        [("open", "Analysing"), ("acting", "Acting"), ("closed", "Closed")],
        default="open",
        required=True,
        tracking=True,
    )
    date_opened = fields.Date(default=fields.Date.context_today, required=True)
    problem_statement = fields.Text(required=True, help="What, where, when, how much.")
    subject_ref = fields.Reference(
        selection="_selection_subject_ref",
        string="About",
        help="The return reason, carrier, product or partner the problem is about.",
    )
    product_id = fields.Many2one("product.product", check_company=True)
    picking_ids = fields.Many2many(
        "stock.picking",
        string="Shipments Concerned",
        check_company=True,
        help="The set of shipments (or returns) that shows the problem.",
    )
    why_ids = fields.One2many("logistics.problem.analysis.why", "analysis_id", string="5 Whys")
    cause_ids = fields.One2many(
        "logistics.problem.analysis.cause", "analysis_id", string="Ishikawa Causes"
    )
    root_cause = fields.Text(tracking=True)
    corrective_activity_ids = fields.One2many(
        "mail.activity",
        compute="_compute_corrective_activity_ids",
        string="Corrective Actions",
        context={"active_test": False},  # the done ones too (archived, with their date)
    )
    fishbone_svg = fields.Html(
        string="Fishbone",
        compute="_compute_fishbone_svg",
        sanitize=False,  # built from escaped text only, see logistics_problem_fishbone
    )
    date_fixed = fields.Date(
        string="Fixed On",
        tracking=True,
        help="When the corrective actions took effect: the rate is measured before and after.",
    )
    effect_model_id = fields.Many2one(
        "ir.model", string="Measured On", ondelete="cascade", domain=[("transient", "=", False)]
    )
    effect_model = fields.Char(related="effect_model_id.model")
    effect_date_field = fields.Char(string="Date Field", default="date")
    effect_base_domain = fields.Char(string="All Records", default="[]")
    effect_domain = fields.Char(string="Records with the Problem", default="[]")
    effect_days = fields.Integer(string="Measure Over (days)", default=90)
    effect_count_before = fields.Integer(compute="_compute_effect")
    effect_base_before = fields.Integer(compute="_compute_effect")
    effect_rate_before = fields.Float(string="Rate Before (%)", compute="_compute_effect")
    effect_count_after = fields.Integer(compute="_compute_effect")
    effect_base_after = fields.Integer(compute="_compute_effect")
    effect_rate_after = fields.Float(string="Rate After (%)", compute="_compute_effect")

    _sql_constraints = [
        (
            "effect_days_positive",
            "CHECK (effect_days > 0 AND effect_days <= 3660)",
            "The rate is measured over 1 day to 10 years.",
        )
    ]

    @api.model
    def _selection_subject_ref(self):
        return [
            (model, self.env[model]._description) for model in SUBJECT_MODELS if model in self.env
        ]

    def _compute_corrective_activity_ids(self):
        kind = self._corrective_action_type()
        for analysis in self:
            analysis.corrective_activity_ids = (
                self.env["mail.activity"]
                .with_context(active_test=False)
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "=", analysis.id or 0),
                        ("activity_type_id", "=", kind.id),
                    ],
                    order="date_deadline, id",
                )
            )

    @api.depends("problem_statement", "cause_ids.name", "cause_ids.category", "cause_ids.is_root")
    def _compute_fishbone_svg(self):
        labels = dict(
            self.env["logistics.problem.analysis.cause"]
            ._fields["category"]
            ._description_selection(self.env)
        )
        for analysis in self:
            causes = {code: [] for code, _label in CATEGORIES}
            for cause in analysis.cause_ids.sorted("sequence"):
                causes[cause.category].append((cause.name, cause.is_root))
            analysis.fishbone_svg = fishbone_svg(
                analysis.problem_statement or analysis.name or "",
                [(labels[code], causes[code]) for code, _label in CATEGORIES],
            )

    @api.depends(
        "effect_model_id",
        "effect_date_field",
        "effect_base_domain",
        "effect_domain",
        "effect_days",
        "date_fixed",
    )
    def _compute_effect(self):
        for analysis in self:
            before, after = analysis._effect_counts()
            analysis.effect_base_before, analysis.effect_count_before = before
            analysis.effect_base_after, analysis.effect_count_after = after
            analysis.effect_rate_before = self._effect_rate(*before)
            analysis.effect_rate_after = self._effect_rate(*after)

    def _effect_text(self):
        """The effect of the fix as one sentence in the reader's language (printed analysis)."""
        self.ensure_one()
        return self.env._(
            "Rate before the fix: %(rate_before)s %% (%(count_before)s / %(base_before)s); "
            "after: %(rate_after)s %% (%(count_after)s / %(base_after)s), over %(days)s days "
            "either side of %(date)s.",
            rate_before=formatLang(self.env, self.effect_rate_before, digits=2),
            count_before=self.effect_count_before,
            base_before=self.effect_base_before,
            rate_after=formatLang(self.env, self.effect_rate_after, digits=2),
            count_after=self.effect_count_after,
            base_after=self.effect_base_after,
            days=self.effect_days,
            date=format_date(self.env, self.date_fixed),
        )

    @staticmethod
    def _effect_rate(base, count):
        return round(100.0 * count / base, 2) if base else 0.0

    def _effect_counts(self):
        """((all, with the problem) before the fix, (all, with the problem) after it), counted
        with the user's own access to the records; zeros until the measure is set."""
        self.ensure_one()
        if not (self.effect_model_id and self.date_fixed and self.effect_date_field):
            return (0, 0), (0, 0)
        Model = self.env[self.effect_model]
        if not Model.has_access("read"):  # a storekeeper reading a manager's measure
            return (0, 0), (0, 0)
        base, problem = self._effect_domains()
        fix = self.date_fixed
        start, stop = fix - timedelta(days=self.effect_days), fix + timedelta(days=self.effect_days)
        field = self.effect_date_field
        if Model._fields[field].type == "datetime":
            start, fix, stop = (fields.Datetime.to_datetime(day) for day in (start, fix, stop))
        counts = []
        for date_from, date_to in ((start, fix), (fix, stop)):
            period = base + [(field, ">=", date_from), (field, "<", date_to)]
            counts.append((Model.search_count(period), Model.search_count(period + problem)))
        return tuple(counts)

    def _effect_domains(self):
        self.ensure_one()
        return (
            list(safe_eval(self.effect_base_domain or "[]")),
            list(safe_eval(self.effect_domain or "[]")),
        )

    @api.constrains("effect_model_id", "effect_date_field", "effect_base_domain", "effect_domain")
    def _check_effect_measure(self):
        _ = self.env._
        for analysis in self.filtered("effect_model_id"):
            Model = self.env[analysis.effect_model]
            field = Model._fields.get(analysis.effect_date_field or "")
            if not field or field.type not in ("date", "datetime") or not field.store:
                raise ValidationError(
                    _(
                        "%(model)s has no stored date field %(field)s to date the records "
                        "measured.",
                        model=analysis.effect_model_id.name,
                        field=analysis.effect_date_field or "",
                    )
                )
            try:
                base, problem = analysis._effect_domains()
                Model.sudo()._search(base + problem)  # parse only: the domain is checked
            except Exception as error:  # noqa: BLE001 any parse error is the user's typing
                raise ValidationError(
                    _("The domains of the measure are not valid: %(error)s", error=error)
                ) from error

    @api.constrains("product_id", "subject_ref")
    def _check_subject_company(self):
        for analysis in self:
            subject = analysis.subject_ref
            company = subject and "company_id" in subject._fields and subject.sudo().company_id
            if company and company != analysis.company_id:
                raise ValidationError(
                    self.env._(
                        "%(subject)s belongs to another company than the analysis.",
                        subject=subject.display_name,
                    )
                )

    # ---------------------------------------------------------------- actions
    def action_start_acting(self):
        for analysis in self:
            if not (analysis.root_cause or analysis.cause_ids.filtered("is_root")):
                raise UserError(
                    self.env._(
                        "%(analysis)s: find the root cause before acting on it.",
                        analysis=analysis.display_name,
                    )
                )
        self.write({"state": "acting"})

    def action_close(self):
        for analysis in self:
            if analysis.activity_ids.filtered(
                lambda activity: activity.activity_type_id == self._corrective_action_type()
            ):
                raise UserError(
                    self.env._(
                        "%(analysis)s: corrective actions are still open.",
                        analysis=analysis.display_name,
                    )
                )
        self.write({"state": "closed", "date_fixed": self.date_fixed or fields.Date.today()})

    def action_reopen(self):
        self.write({"state": "open"})

    def action_plan_corrective_action(self):
        """Odoo's activity dialog, set to a corrective action of this analysis."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Corrective action"),
            "res_model": "mail.activity.schedule",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": self._name,
                "active_ids": self.ids,
                "default_activity_type_id": self._corrective_action_type().id,
            },
        }

    def _plan_corrective_action(self, summary, user, date_deadline, note=None):
        """A corrective action: an activity of its owner, due on its date."""
        self.ensure_one()
        return self.activity_schedule(
            "industrial_logistics.mail_activity_type_corrective_action",
            date_deadline=date_deadline,
            summary=summary,
            note=note,
            user_id=user.id,
        )

    def _corrective_action_type(self):
        return self.env.ref("industrial_logistics.mail_activity_type_corrective_action")
