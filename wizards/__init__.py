from . import logistics_kpi_report_wizard
