from odoo.tests import TransactionCase


class LogisticsCase(TransactionCase):
    """The base of the addon's fixtures (tests/common_<feature>.py), built on Odoo's own data.

    A fixture or a test that stands on the demo plant says so with require_demo(): on a
    database installed without demo data it is skipped, never failing half-way.
    """

    @classmethod
    def require_demo(cls, xmlid="industrial_logistics.demo_location_supermarket"):
        """The demo record `xmlid`; the whole class is skipped without the demo plant."""
        record = cls.env.ref(xmlid, raise_if_not_found=False)
        if not record:
            cls.skipTest(cls, "installed without demo data")
        return record
