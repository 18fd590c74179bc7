from odoo import http
from odoo.http import request


class LogisticsKpiWorkbookController(http.Controller):
    @http.route("/industrial_logistics/kpi/workbook", type="http", auth="user", methods=["GET"])
    def kpi_workbook(self, date_from, date_to, warehouse_id=None, categ_id=None, **_kwargs):
        """The monthly KPI workbook of the user's companies; access checked by the models."""
        filters = {"warehouse_id": warehouse_id, "categ_id": categ_id}
        workbook = request.env["logistics.kpi.workbook"]
        content = workbook._build_workbook(date_from, date_to, filters)
        filename = f"logistics_kpis_{date_from}_{date_to}.xlsx"
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
