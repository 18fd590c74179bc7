"""pytest plugin: pytest runs the algorithm and TransactionCase tests; browser tours
(HttpCase) need Odoo's HTTP server and run through Odoo's own test runner (see tools/test)."""


def pytest_collection_modifyitems(config, items):
    try:
        from odoo.tests import HttpCase
    except ImportError:  # the algorithm tests alone, without Odoo
        return
    tours = [item for item in items if item.cls and issubclass(item.cls, HttpCase)]
    if tours:
        config.hook.pytest_deselected(items=tours)
        items[:] = [item for item in items if item not in tours]
