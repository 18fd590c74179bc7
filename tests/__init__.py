from . import test_browser_tours, test_demo_plant, test_security_and_menus

# isort: split
from . import test_cycle_count, test_cycle_count_tour
