{
    "name": "Industrial Logistics",
    "summary": "Kanban loops, double-bin line-side supply, milk runs, cycle-count "
    "planning and logistics KPIs on Odoo's stock and MRP",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "license": "LGPL-3",
    "author": "industrial_logistics developers",
    "development_status": "Alpha",
    "application": True,
    "depends": [
        "stock",
        "stock_account",
        "mrp",
        "purchase_stock",
        "stock_picking_batch",
        "barcodes",
    ],
    "external_dependencies": {"python": ["pyvrp", "xlsxwriter"]},
    "data": [
        "security/industrial_logistics_groups.xml",
        "security/ir.model.access.csv",
        "security/logistics_kanban_security.xml",
        "data/logistics_kanban_data.xml",
        "views/industrial_logistics_menus.xml",
        "views/logistics_kanban_loop_views.xml",
        "views/logistics_kanban_card_views.xml",
        "views/logistics_kanban_scan_views.xml",
        "views/logistics_stockout_event_views.xml",
        "views/res_config_settings_views.xml",
        "reports/logistics_kanban_card_reports.xml",
        "wizards/logistics_kanban_sizing_views.xml",
        "views/logistics_kanban_menus.xml",
    ],
    "demo": [
        "demo/demo_plant.xml",
        "demo/kanban_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "industrial_logistics/static/src/kanban_scan/*",
        ],
        "web.assets_tests": [
            "industrial_logistics/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
