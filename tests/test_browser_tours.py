from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestBrowserTours(HttpCase):
    def test_manager_opens_the_industrial_logistics_app(self):
        self.start_tour("/odoo", "industrial_logistics_open_app", login="admin")
