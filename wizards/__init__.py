from . import logistics_kanban_sizing, logistics_kpi_report_wizard
