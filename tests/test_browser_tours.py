from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestBrowserTours(HttpCase):
    def test_manager_opens_the_industrial_logistics_app(self):
        self.start_tour("/odoo", "industrial_logistics_open_app", login="admin")

    def test_manager_opens_the_kpi_dashboard_and_drills_down(self):
        self.start_tour("/odoo", "industrial_logistics_kpi_dashboard", login="admin")
