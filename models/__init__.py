from . import logistics_demo_plant

# isort: split
from . import (
    logistics_abc_history,
    logistics_count_line,
    logistics_count_plan,
    logistics_count_policy,
    logistics_count_task,
    product_product,
)
