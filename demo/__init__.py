"""The demo plant's generators, called by the demo XML files (<function>): never by the addon."""

from . import logistics_demo_plant, logistics_kpi_demo
