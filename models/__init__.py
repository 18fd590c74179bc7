from . import logistics_demo_plant
