from . import test_browser_tours, test_demo_plant, test_logistics_kpi, test_security_and_menus
