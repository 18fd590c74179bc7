"""pytest plugin: pytest runs the algorithm and TransactionCase tests; browser tours
(HttpCase) need Odoo's HTTP server and run through Odoo's own test runner (see tools/test),
which selects them by the tag below: a tour without it would run nowhere, so it is an error."""

import pytest

TOUR_TAG = "industrial_logistics_tour"


def pytest_collection_modifyitems(config, items):
    try:
        from odoo.tests import HttpCase
    except ImportError:  # the algorithm tests alone, without Odoo
        return
    tours = [item for item in items if item.cls and issubclass(item.cls, HttpCase)]
    untagged = sorted({item.cls.__name__ for item in tours if TOUR_TAG not in item.cls.test_tags})
    if untagged:
        raise pytest.UsageError(
            f"browser tours without the tag {TOUR_TAG!r} would never run (tools/test selects "
            f"tours by it): {', '.join(untagged)}"
        )
    if tours:
        config.hook.pytest_deselected(items=tours)
        items[:] = [item for item in items if item not in tours]
