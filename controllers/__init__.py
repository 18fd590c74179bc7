from . import logistics_kpi_workbook, portal_kanban
