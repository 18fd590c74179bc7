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
        "security/logistics_cycle_count_rules.xml",
        "data/logistics_cycle_count_cron.xml",
        "views/industrial_logistics_menus.xml",
        "views/logistics_count_policy_views.xml",
        "views/logistics_abc_history_views.xml",
        "views/logistics_count_plan_views.xml",
        "views/logistics_count_task_views.xml",
        "views/logistics_count_accuracy_report_views.xml",
        "views/logistics_cycle_count_menus.xml",
    ],
    "demo": [
        "demo/demo_plant.xml",
        "demo/demo_cycle_count.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "industrial_logistics/static/src/count_today/*",
        ],
        "web.assets_tests": [
            "industrial_logistics/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
