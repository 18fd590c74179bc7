from odoo import api, models

from .logistics_kpi_workbook import KPI_DEFINITIONS


class ReportLogisticsKpiMonthly(models.AbstractModel):
    """Values of the PDF monthly KPI report: the same figures as the dashboard."""

    _name = "report.industrial_logistics.report_logistics_kpi_monthly"
    _description = "Logistics KPI Monthly Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["logistics.kpi.report.wizard"].browse(docids)
        dashboard = self.env["logistics.kpi.dashboard"]
        reports = [
            dict(
                dashboard.get_dashboard_data(wizard.date_from, wizard.date_to),
                week_ends=dashboard._stock_value_series(wizard.date_from, wizard.date_to, "week"),
            )
            for wizard in wizards
        ]
        return {
            "doc_ids": docids,
            "doc_model": "logistics.kpi.report.wizard",
            "docs": wizards,
            "reports": reports,
            "company": self.env.company,
            "definitions": KPI_DEFINITIONS,
            "fmt": self._format_figure,
        }

    @api.model
    def _format_figure(self, value, digits=2):
        """'n/a' when a figure has no denominator in the period."""
        return "n/a" if value is None else f"{value:,.{digits}f}"
