from . import (
    test_browser_tours,
    test_demo_plant,
    test_kanban_concurrency,
    test_kanban_loops,
    test_kanban_replenishment,
    test_kanban_reports,
    test_kanban_scan_refusals,
    test_kanban_sizing,
    test_kanban_tour,
    test_milk_run,
    test_milk_run_tour,
    test_security_and_menus,
)
