import inspect
import io
import pathlib
import re

import openpyxl

from odoo.tests import tagged
from odoo.tools.translate import TranslationModuleReader

from .common_kpi import KpiFixtureCase

ADDON = pathlib.Path(__file__).resolve().parent.parent
DIRECTIONS = {"higher", "lower", "neutral"}
FILTERS = {"period", "warehouse", "category", "product", "circuit"}
# what the engine and the pages must not name: a family, a reporting model, a feature's model
FEATURE_NAMES = re.compile(
    r"logistics\.kpi\.family\.|logistics\.kpi\.(consumption|stock|delivery|operation|workorder)"
    r"|logistics\.(milk|kanban|count|stockout)"
)


@tagged("post_install", "-at_install")
class TestLogisticsKpiCatalogue(KpiFixtureCase):
    """The catalogue is complete, and every page lists exactly its KPIs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.catalogue = cls.dashboard._kpi_catalogue()
        cls.definitions = [kpi for family in cls.catalogue for kpi in family["kpis"]]

    def test_every_kpi_is_declared_completely(self):
        units = self.dashboard._kpi_unit_labels()
        kpis = self.kpis()
        codes = [kpi["code"] for kpi in self.definitions]
        self.assertEqual(len(codes), len(set(codes)), "a KPI code is declared twice")
        ranks = [kpi["headline"] for kpi in self.definitions if kpi.get("headline")]
        self.assertEqual(len(ranks), len(set(ranks)), "two headlines share a rank")
        for kpi in self.definitions:
            with self.subTest(kpi=kpi["code"]):
                for attribute in ("label", "definition", "family"):
                    self.assertTrue(kpi.get(attribute), attribute)
                self.assertIn(kpi["unit"], units)
                self.assertIn(kpi["direction"], DIRECTIONS)
                self.assertTrue(kpi["filters"])
                self.assertLessEqual(set(kpi["filters"]), FILTERS)
                family = self.dashboard._kpi_families([kpi["family"]])[0]
                model, date_field, _domain = family._kpi_drill_downs()[kpi["drill"]]
                self.assertIn(model, self.env)
                if date_field:
                    self.assertIn(date_field, self.env[model]._fields)
                # the figure and its measures are in the family's output (a value or None)
                for key in [kpi["key"]] + [measure["key"] for measure in kpi["measures"]]:
                    *path, last = key.split(".")
                    figures = kpis[kpi["family"]]
                    for part in path:
                        figures = figures[part]
                    self.assertIn(last, figures, key)
                for measure in kpi["measures"]:
                    self.assertTrue(measure["label"])
                    self.assertIn(measure["unit"], units)
        for family in self.catalogue:
            for breakdown in family["breakdowns"]:
                drills = self.dashboard._kpi_families([family["code"]])[0]._kpi_drill_downs()
                self.assertIn(breakdown["drill"], drills)
                self.assertIn(breakdown["rows"], kpis[family["code"]])

    def test_each_family_lives_in_its_own_file_and_the_engine_names_none(self):
        families = self.dashboard._kpi_families()
        # every family file is a family of the engine, and the reverse; each its own place
        codes = [family._kpi_family for family in families]
        files = (ADDON / "models").glob("logistics_kpi_family_*.py")
        self.assertEqual(
            sorted(codes), sorted(path.stem.removeprefix("logistics_kpi_family_") for path in files)
        )
        sequences = [family._kpi_sequence for family in families]
        self.assertEqual(len(set(sequences)), len(sequences))
        for family in families:
            declared = next(
                cls
                for cls in type(family).__mro__
                if getattr(cls, "_name", None) == family._name and "odoo.addons" in cls.__module__
            )
            self.assertEqual(
                pathlib.Path(inspect.getfile(declared)).name,
                f"logistics_kpi_family_{family._kpi_family}.py",
            )
        # the engine, the pages and the milk-run form know no family nor reporting model
        for path in (
            "models/logistics_kpi_dashboard.py",
            "reports/logistics_kpi_workbook.py",
            "reports/logistics_kpi_monthly_report.py",
            "reports/logistics_kpi_monthly_report.xml",
            "static/src/kpi_dashboard/kpi_dashboard.js",
            "static/src/kpi_dashboard/kpi_dashboard.xml",
        ):
            text = (ADDON / path).read_text()
            self.assertFalse(FEATURE_NAMES.search(text), path)
        milk_run = (ADDON / "models/logistics_milk_run.py").read_text()
        self.assertNotIn("logistics_kpi", milk_run)

    def test_the_dashboard_the_pdf_and_the_workbook_list_exactly_the_catalogue(self):
        data = self.dashboard.get_dashboard_data(self.date_from, self.date_to)
        self.assertEqual(data["catalogue"], self.catalogue)
        headlines = sorted(
            (kpi for kpi in self.definitions if kpi.get("headline")), key=lambda k: k["headline"]
        )
        self.assertEqual([h["code"] for h in data["headlines"]], [k["code"] for k in headlines])
        # PDF: one row per KPI, its code as a class, and its definition
        wizard = self.env["logistics.kpi.report.wizard"].create(
            {"date_from": self.date_from, "date_to": self.date_to}
        )
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "industrial_logistics.report_logistics_kpi_monthly", wizard.ids
        )
        html = html.decode()
        rows = re.findall(r'<tr class="fw-bold o_kpi_([a-z_]+)"', html)
        self.assertEqual(rows, [kpi["code"] for kpi in self.definitions])
        dts = re.findall(r"<dt>(.*?)</dt>", html)
        self.assertEqual(len(dts), len(self.definitions))
        # XLSX: the summary's headlines, each family's sheet, the definitions
        content = self.env["logistics.kpi.workbook"]._build_workbook(self.date_from, self.date_to)
        book = openpyxl.load_workbook(io.BytesIO(content))
        summary = [row[0] for row in book["Summary"].iter_rows(min_row=5, values_only=True)]
        self.assertEqual(summary, [k["label"] for k in headlines])
        Workbook = self.env["logistics.kpi.workbook"]
        for family in self.catalogue:
            labels = [row[0] for row in book[family["sheet"]].iter_rows(values_only=True)]
            for kpi in family["kpis"]:
                self.assertIn(Workbook._label(kpi["label"], kpi["unit"], data["units"]), labels)
        definitions = [
            tuple(row[:2]) for row in book["Definitions"].iter_rows(min_row=5, values_only=True)
        ]
        self.assertEqual(
            definitions, [(kpi["label"], kpi["definition"]) for kpi in self.definitions]
        )

    def test_targets_are_chosen_among_the_catalogue(self):
        selection = self.env["logistics.kpi.target"]._fields["kpi"]._description_selection(self.env)
        self.assertEqual(
            [code for code, _label in selection], [kpi["code"] for kpi in self.definitions]
        )
        shipped = self.env["logistics.kpi.target"].with_context(active_test=False).search([])
        self.assertLessEqual(set(shipped.mapped("kpi")), {kpi["code"] for kpi in self.definitions})
        # the shipped targets and the catalogue agree on which way is better
        directions = {kpi["code"]: kpi["direction"] for kpi in self.definitions}
        for target in shipped:
            self.assertEqual(
                target.higher_is_better, directions[target.kpi] == "higher", target.kpi
            )

    def test_readme_table_is_the_one_the_catalogue_generates(self):
        readme = (ADDON / "readme" / "KPIS.md").read_text(encoding="utf-8")
        generated = self.dashboard.with_context(lang="en_US")._kpi_readme(readme)
        self.assertEqual(
            readme, generated, "readme/KPIS.md is stale: run tools/kpi_catalogue.py (see its doc)"
        )

    def test_labels_and_definitions_reach_the_translation_export(self):
        reader = TranslationModuleReader(self.env.cr, modules=["industrial_logistics"])
        terms = {term for _module, _type, _name, _res_id, term, *_rest in reader}
        texts = {self.catalogue[0]["title"]}
        for kpi in self.definitions:
            texts |= {kpi["label"], kpi["definition"]}
            texts |= {measure["label"] for measure in kpi["measures"]}
        self.assertFalse(texts - terms, "not seen by the translation export")
