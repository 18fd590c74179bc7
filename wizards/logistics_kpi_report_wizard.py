from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class LogisticsKpiReportWizard(models.TransientModel):
    """Pick the month of the review meeting; get the workbook or the PDF."""

    _name = "logistics.kpi.report.wizard"
    _description = "Logistics KPI Monthly Report"

    date_from = fields.Date(required=True, default=lambda self: self._default_month()[0])
    date_to = fields.Date(required=True, default=lambda self: self._default_month()[1])

    @api.model
    def _default_month(self):
        """The last complete month."""
        first_of_month = fields.Date.context_today(self).replace(day=1)
        return first_of_month - relativedelta(months=1), first_of_month - relativedelta(days=1)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(self.env._("Choose a period whose start comes before its end."))

    def action_download_workbook(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/industrial_logistics/kpi/workbook?date_from={self.date_from}"
            f"&date_to={self.date_to}",
            "target": "download",
        }

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref(
            "industrial_logistics.action_report_logistics_kpi_monthly"
        ).report_action(self)
