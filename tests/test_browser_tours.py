from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestBrowserTours(HttpCase):
    def test_manager_opens_the_industrial_logistics_app(self):
        self.start_tour("/odoo", "industrial_logistics_open_app", login="admin")

    def test_manager_opens_the_kpi_dashboard_and_drills_down(self):
        self.start_tour("/odoo", "industrial_logistics_kpi_dashboard", login="admin")

    def test_workbook_route_serves_an_xlsx_to_a_logged_in_manager_only(self):
        url = "/industrial_logistics/kpi/workbook?date_from=2026-01-01&date_to=2026-01-31"
        response = self.url_open(url, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))  # auth='user': to the login page
        self.authenticate("admin", "admin")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertEqual(response.content[:2], b"PK")  # a zip: an xlsx workbook
