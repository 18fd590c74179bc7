from odoo import api, models
from odoo.tools.misc import format_date, formatLang


class ReportLogisticsKpiMonthly(models.AbstractModel):
    """Values of the PDF monthly KPI report: the dashboard's figures, laid out from the KPI
    catalogue (a family's section, tables and definitions come with the family)."""

    _name = "report.industrial_logistics.report_logistics_kpi_monthly"
    _description = "Logistics KPI Monthly Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["logistics.kpi.report.wizard"].browse(docids)
        dashboard = self.env["logistics.kpi.dashboard"]
        reports = [
            dict(
                dashboard.get_dashboard_data(wizard.date_from, wizard.date_to),
                week_ends=dashboard._kpi_trends(wizard.date_from, wizard.date_to, "week"),
            )
            for wizard in wizards
        ]
        return {
            "doc_ids": docids,
            "doc_model": "logistics.kpi.report.wizard",
            "docs": wizards,
            "reports": reports,
            "company": self.env.company,
            "fmt": self._format_figure,
            "value": dashboard._kpi_value,
            "period_text": self._period_text,
            "week_trend_heading": self._week_trend_heading,
        }

    @api.model
    def _period_text(self, period):
        """The report's period, one sentence in the reader's language."""
        return self.env._(
            "%(date_from)s - %(date_to)s (%(days)s days)",
            date_from=format_date(self.env, period["date_from"]),
            date_to=format_date(self.env, period["date_to"]),
            days=period["days"],
        )

    @api.model
    def _week_trend_heading(self, label):
        return self.env._("%(kpi)s: end of each week", kpi=label)

    @api.model
    def _format_figure(self, value, unit=None):
        """'n/a' when a figure has no denominator in the period; counts without decimals;
        in the user's language (1 234,56 in French)."""
        if value is None:
            return self.env._("n/a")
        if isinstance(value, str):
            return value
        digits = 0 if unit in ("count", "events") else 2
        return formatLang(self.env, value, digits=digits)
