from odoo import api, fields, models
from odoo.exceptions import ValidationError


class LogisticsKpiTarget(models.Model):
    """Where a KPI turns amber and red: drives the colours of the dashboard and reports."""

    _name = "logistics.kpi.target"
    _description = "Logistics KPI Target"
    _order = "kpi, company_id"

    kpi = fields.Selection(selection="_selection_kpi", string="KPI", required=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty for a target shared by every company."
    )
    higher_is_better = fields.Boolean(
        default=True, help="On for rates to maximise (fill rate, OTIF), off for lateness."
    )
    green_threshold = fields.Float(
        required=True, help="Green from this value on (or up to it when lower is better)."
    )
    red_threshold = fields.Float(
        required=True, help="Red beyond this value; amber between the two thresholds."
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "kpi_company_unique",
            "UNIQUE(kpi, company_id)",
            "A KPI has one target per company.",
        ),
    ]

    @api.constrains("higher_is_better", "green_threshold", "red_threshold")
    def _check_thresholds(self):
        for target in self:
            green, red = target.green_threshold, target.red_threshold
            if (target.higher_is_better and red > green) or (
                not target.higher_is_better and red < green
            ):
                raise ValidationError(
                    self.env._(
                        "The red threshold of %(kpi)s must lie on the bad side of the green one.",
                        kpi=target.display_name,
                    )
                )

    @api.model
    def _selection_kpi(self):
        """The KPIs of the catalogue, labelled as the dashboard labels them."""
        return [
            (kpi["code"], kpi["label"])
            for kpi in self.env["logistics.kpi.dashboard"]._kpi_definitions()
        ]

    @api.depends("kpi", "company_id")
    def _compute_display_name(self):
        labels = dict(self._selection_kpi())
        for target in self:
            name = labels.get(target.kpi, "")
            target.display_name = (
                f"{name} ({target.company_id.name})" if target.company_id else name
            )

    @api.model
    def _get_status_map(self):
        """{kpi: target} for the current company, a company target winning over a shared one."""
        targets = self.search([("company_id", "in", [False, self.env.company.id])])
        status = {}
        for target in sorted(targets, key=lambda target: not target.company_id):
            status.setdefault(target.kpi, target)
        return status

    def _status(self, value):
        """'green', 'amber', 'red', or 'none' when there is no figure or no target."""
        if not self or value is None:
            return "none"
        self.ensure_one()
        sign = 1 if self.higher_is_better else -1
        if sign * value >= sign * self.green_threshold:
            return "green"
        if sign * value < sign * self.red_threshold:
            return "red"
        return "amber"
