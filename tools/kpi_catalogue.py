#!/usr/bin/env python3
"""Write the definitions tables of readme/KPIS.md from the KPI catalogue.

The tables between the catalogue markers of readme/KPIS.md are generated from the families'
declarations (`logistics.kpi.dashboard._kpi_readme`); the rest of the file is prose. Run after
adding or changing a KPI, on a database where the addon is installed or updated:

    source tools/setup.sh; prepare
    $VENV/bin/python tools/kpi_catalogue.py -c $ODOO_CONF -d $IL_TEST_DB

The test `test_logistics_kpi_catalogue` fails when the committed file differs.
"""

import argparse
import pathlib

import odoo
from odoo import SUPERUSER_ID, api

README = pathlib.Path(__file__).resolve().parent.parent / "readme" / "KPIS.md"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True, help="database with the addon")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        text = env["logistics.kpi.dashboard"]._kpi_readme(README.read_text(encoding="utf-8"))
    README.write_text(text, encoding="utf-8")
    print(f"written {README}")


if __name__ == "__main__":
    main()
