from . import (
    logistics_demo_plant,
    logistics_milk_run,
    logistics_milk_run_departure,
    logistics_milk_run_distance,
    logistics_milk_run_round,
    logistics_milk_run_round_stop,
    logistics_milk_run_stop,
    stock_move,
    stock_picking,
)
