from . import (
    logistics_demo_plant,
    logistics_kpi_dashboard,
    logistics_kpi_target,
    res_company,
    res_config_settings,
)
