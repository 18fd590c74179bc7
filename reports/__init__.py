from . import logistics_milk_run_report
