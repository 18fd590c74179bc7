"""The addon in French: a database with French loaded (fr_FR active, i18n/fr.po imported) and
users whose language is French read French messages, labels and documents, with French numbers
(1 234,5 with a no-break space, decimal comma) and dates (30/11/2026).

The expected sentences are the French of i18n/fr.po, written out here: a msgid left untranslated
or a number formatted the English way fails the test.
"""

import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_cycle_count import CycleCountCase
from .common_kanban import KanbanCommon
from .common_kpi import KpiFixtureCase, family_sheet_names
from .common_milk_run import MilkRunCase
from .test_printing import PrintedDocumentCase, words

NBSP = "\u00a0"  # French thousands separator of Odoo's fr_FR


def load_french(env):
    """French active, and the addon's French terms (views, fields, selections) in the database;
    Python and JavaScript strings are read from i18n/fr.po by Odoo itself."""
    env["res.lang"]._activate_lang("fr_FR")
    env["ir.module.module"]._load_module_terms(["industrial_logistics"], ["fr_FR"], overwrite=True)


def french_user(env, login, groups):
    return new_test_user(env, login, groups=groups, lang="fr_FR", tz="UTC")


def as_user(records, user):
    """`records` as `user` calls them through the web client: its user context (language, time
    zone) comes with every call, which with_user alone does not give."""
    records = records.with_user(user)
    return records.with_context(**records.env.user.context_get())


@tagged("post_install", "-at_install")
class TestKanbanScanInFrench(KanbanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)
        cls.operator_fr = french_user(
            cls.env, "operateur_fr", "industrial_logistics.group_logistics_operator"
        )

    def test_scan_result_says_the_quantity_requested_in_french(self):
        # 1234.5 per container: "1 234,5" in French (no-break space, decimal comma).
        self.loop_resupply.container_qty = 1234.5
        card = self.card(self.loop_resupply)
        result = as_user(self.Card, self.operator_fr).scan(card.barcode)
        self.assertEqual(result["status"], "ok", result["message"])
        card = as_user(card, self.operator_fr).sudo()  # names as the operator reads them
        self.assertEqual(
            result["message"],
            f"{card.display_name} : 1{NBSP}234,5 {card.product_uom_id.name} de "
            f"{card.product_id.display_name} demandés ({card.replenishment_ref}).",
        )

    def test_second_scan_warns_with_the_french_date(self):
        card = self.card(self.loop_resupply)
        as_user(self.Card, self.operator_fr).scan(card.barcode)
        result = as_user(self.Card, self.operator_fr).scan(card.barcode)
        self.assertEqual(result["status"], "warning")
        # the first scan's moment, day/month/year and 24-hour clock (the user is in UTC)
        when = card.date_last_empty.strftime("%d/%m/%Y %H:%M")
        self.assertEqual(
            result["message"],
            f"La carte {card.display_name} a déjà été scannée le {when} : le "
            f"réapprovisionnement {card.replenishment_ref} est en cours. Rien d'autre à faire.",
        )

    def test_unknown_barcode_is_refused_in_french(self):
        result = as_user(self.Card, self.operator_fr).scan("PAS-UNE-CARTE")
        self.assertEqual(result["status"], "error")
        self.assertEqual(
            result["message"], "Code-barres inconnu PAS-UNE-CARTE : ce n'est pas une carte kanban."
        )


@tagged("post_install", "-at_install")
class TestCountScreenInFrench(CycleCountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)
        cls.storekeeper_fr = french_user(
            cls.env, "magasinier_fr", "industrial_logistics.group_logistics_storekeeper"
        )

    def test_count_screen_answers_a_scan_and_refuses_a_product_first_in_french(self):
        task = as_user(self._task(self.loc_a, self.storekeeper_fr), self.storekeeper_fr)
        with self.assertRefused(UserError, "^Scannez d'abord l'emplacement CTW/Stock/LOC-A.$"):
            task.action_scan(self.product_a.barcode)
        result = task.action_scan(self.loc_a.barcode)
        self.assertEqual(result["message"], "Emplacement LOC-A : scannez les produits.")


@tagged("post_install", "-at_install")
class TestMilkRunInFrench(MilkRunCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)
        cls.manager_fr = french_user(
            cls.env,
            "responsable_fr",
            "industrial_logistics.group_logistics_manager,stock.group_stock_manager",
        )

    def test_routing_fallback_and_overflow_are_said_in_french(self):
        # B is 14.1 m away (1.41 min) but must be reached within 1 minute: no feasible tour
        # (as test_solver_without_a_feasible_route_falls_back_to_the_sequence_and_says_so).
        # Capacity 4 containers: A, B and C take 3, the second transfer to A (2 containers,
        # one a move) leaves it full at 3/4 with 2 needed.
        self.stop_b.write({"window_start_minutes": 0, "window_end_minutes": 1})
        for spot in (self.spot_a, self.spot_b, self.spot_c):
            self.make_picking(spot, [(self.product, 1)], self.monday_8)
        later = self.make_picking(
            self.spot_a, [(self.product, 1), (self.product_2, 1)], self.monday_8
        )
        round_ = as_user(self.make_round(), self.manager_fr)
        round_.with_context(milk_run_max_iterations=200).action_build()
        self.assertFalse(round_.routing_optimised)
        self.assertEqual(
            round_.routing_message,
            "aucun ordre réalisable trouvé (créneaux, capacité ou nombre de trains) ; arrêts "
            "conservés dans l'ordre donné, non optimisé",
        )
        self.assertEqual(
            later.milk_run_overflow_reason,
            f"Non pris par {round_.name} : train plein : 3/4 utilisés (bacs), la charge demande 2",
        )


@tagged("post_install", "-at_install")
class TestKpiInFrench(KpiFixtureCase):
    """On the 30 days of the KPI fixture (cls.date_from .. cls.date_to), whose stock and
    consumption give every figure read here a value."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)
        cls.manager_fr = french_user(
            cls.env, "responsable_kpi_fr", "industrial_logistics.group_logistics_manager"
        )

    def test_dashboard_data_is_labelled_in_french(self):
        dashboard = as_user(self.env["logistics.kpi.dashboard"], self.manager_fr)
        data = dashboard.get_dashboard_data(self.date_from, self.date_to)
        labels = {headline["code"]: headline["label"] for headline in data["headlines"]}
        self.assertEqual(labels["stockout_rate"], "Taux de rupture")
        self.assertEqual(labels["turnover_annual"], "Taux de rotation (annualisé)")
        self.assertEqual(data["units"]["days"], "jours")
        titles = [family["title"] for family in data["catalogue"]]
        self.assertIn("Ruptures", titles)

    def test_kpi_report_writes_figures_the_french_way(self):
        report = as_user(
            self.env["report.industrial_logistics.report_logistics_kpi_monthly"], self.manager_fr
        )
        self.assertEqual(report._format_figure(1234.5), f"1{NBSP}234,50")
        self.assertEqual(report._format_figure(12.5), "12,50")
        self.assertEqual(report._format_figure(1234, "count"), f"1{NBSP}234")
        self.assertEqual(report._format_figure(None), "n.d.")

    def test_workbook_sheets_and_headers_are_french(self):
        workbook = as_user(self.env["logistics.kpi.workbook"], self.manager_fr)
        content = workbook._build_workbook(self.date_from, self.date_to)
        book = openpyxl.load_workbook(io.BytesIO(content))
        # one sheet per family of the catalogue (in French), its trend after it
        catalogue = as_user(self.env["logistics.kpi.dashboard"], self.manager_fr)._kpi_catalogue()
        self.assertEqual(book.sheetnames, ["Résumé", *family_sheet_names(catalogue), "Définitions"])
        # the French names (tools/i18n check proves every other one translated); "Charge /
        # capacité": Excel refuses "/" in a sheet name, the workbook writes "-"
        for name in (
            "Taux de rotation",
            "Valeur du stock",
            "Ruptures",
            "Ponctualité",
            "En-cours",
            "Charge - capacité",
            "Petits trains",
            "Fiabilité",
            "Retours",
        ):
            self.assertIn(name, book.sheetnames)  # fmt: skip
        summary = book["Résumé"]
        self.assertEqual(summary["A1"].value, "KPI logistiques")
        self.assertEqual(
            summary["A2"].value,
            f"{self.date_from:%d/%m/%Y} - {self.date_to:%d/%m/%Y} (30 jours)",
        )
        self.assertEqual(
            [cell.value for cell in summary[4]],
            ["KPI", "Valeur", "Période précédente", "Unité", "Statut"],
        )
        # figures are numbers with a format Excel shows in the reader's language, not text
        rows = {row[0].value: row for row in summary.iter_rows(min_row=5)}
        turnover = rows["Taux de rotation (annualisé)"][1]
        self.assertIsInstance(turnover.value, float)
        self.assertEqual(turnover.number_format, "#,##0.00")
        # the trend's days are dates in Excel's short date format (dd/mm/yyyy in French)
        day = book["Valeur du stock"]["A5"]
        self.assertEqual(day.value.date(), self.date_from)
        self.assertEqual(day.number_format, "mm-dd-yy")  # built-in 14, localised by Excel


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestRoundSheetInFrench(PrintedDocumentCase, MilkRunCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)
        cls.manager_fr = french_user(
            cls.env,
            "responsable_feuille_fr",
            "industrial_logistics.group_logistics_manager,stock.group_stock_manager",
        )

    def test_round_sheet_prints_in_french_with_french_dates_and_numbers(self):
        # As test_printing's round sheet: C (window until minute 2) at 08:01, B at 08:02,
        # A at 08:03, back at 08:04 on Monday 2 March 2026 (UTC); C gets 1234.5 bolts.
        self.env["stock.quant"]._update_available_quantity(self.product, self.supermarket, 1000)
        self.stop_c.write({"window_start_minutes": 0, "window_end_minutes": 2})
        pickings = {
            self.spot_a: self.make_picking(self.spot_a, [(self.product, 1)], self.monday_8),
            self.spot_b: self.make_picking(self.spot_b, [(self.product, 1)], self.monday_8),
            self.spot_c: self.make_picking(self.spot_c, [(self.product, 1234.5)], self.monday_8),
        }
        round_ = self.make_round()
        round_.with_context(milk_run_max_iterations=200).action_build()
        # printed as the web client's Print does it: with the French user's context
        report = as_user(self.env["ir.actions.report"], self.manager_fr)
        pdf, _format = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "industrial_logistics.action_report_milk_run_round_sheet", round_.ids
        )
        (page,) = self.pdf_pages(pdf)
        self.assertIn(f"Feuille de tournée : {round_.name}", page.splitlines())
        (table,) = self.pdf_pages(pdf, layout=True)
        rows = [words(line) for line in table.splitlines()]
        self.assertIn("Départ Retour Bacs De", rows)
        # 2 March 2026, day first
        self.assertIn("02/03/2026 08:00 08:04 3 WH/Stock/MR Supermarket", rows)
        drop = next(row for row in rows if row.startswith("Spot C1: MR bolt"))
        self.assertRegex(
            drop, rf"^Spot C1: MR bolt 1{NBSP}?\s?234,50 \S+ {pickings[self.spot_c].name}$"
        )
        self.assertNotIn("Round sheet", words(page))


@tagged("post_install", "-at_install", "industrial_logistics_tour")
class TestKpiDashboardTourInFrench(HttpCase):
    def test_french_manager_reads_the_kpi_dashboard_in_french(self):
        load_french(self.env)
        login = "responsable_tour_fr"
        french_user(self.env, login, "industrial_logistics.group_logistics_manager")
        # The first French page reads the French of every installed module's .po files: done
        # here, so that a busy machine does not time the browser's first navigation out.
        self.url_open("/web/webclient/translations?lang=fr_FR", timeout=300)
        self.start_tour("/odoo", "industrial_logistics_kpi_dashboard_fr", login=login)
