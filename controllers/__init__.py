from . import logistics_kpi_workbook
