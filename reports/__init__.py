from . import (
    logistics_count_accuracy_report,
    logistics_kanban_card_zpl,
    logistics_kpi_consumption,
    logistics_kpi_delivery_line,
    logistics_kpi_monthly_report,
    logistics_kpi_operation,
    logistics_kpi_stock_daily,
    logistics_kpi_stock_snapshot,
    logistics_kpi_transport,
    logistics_kpi_workbook,
    logistics_kpi_workorder,
    logistics_milk_run_report,
)
