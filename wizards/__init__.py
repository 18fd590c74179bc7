from . import (
    logistics_kanban_card_print,
    logistics_kanban_one_off_card,
    logistics_kanban_sizing,
    logistics_kpi_report_wizard,
    logistics_shop_levelling,
    logistics_shop_levelling_apply,
    logistics_shop_levelling_line,
    logistics_shop_levelling_operation,
    logistics_shop_levelling_split,
)
