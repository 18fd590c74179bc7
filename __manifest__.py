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
        "views/industrial_logistics_menus.xml",
    ],
    "demo": [
        "demo/demo_plant.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "industrial_logistics/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
