from . import (
    logistics_demo_plant,
    logistics_kanban_card,
    logistics_kanban_loop,
    logistics_kanban_scan,
    logistics_stockout_event,
    purchase_order_line,
    res_company,
    res_config_settings,
    stock_move,
    stock_rule,
)
