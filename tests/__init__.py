from . import (
    test_browser_tours,
    test_demo_plant,
    test_milk_run,
    test_milk_run_tour,
    test_security_and_menus,
)
