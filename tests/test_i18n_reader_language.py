"""What one person writes and another reads is in the reader's language: a round's stop order
is stored as a code and its figures and read as a sentence in the reader's language (a French
driver, an English manager); a stockout declared by an operator tells the loop's responsible in
the responsible's language, and answers the operator in the operator's.

The expected French is that of i18n/fr.po, written out here (as test_i18n_fr)."""

from odoo.tests import new_test_user, tagged

from .common_kanban import KanbanCommon
from .common_milk_run import MilkRunCase
from .test_i18n_fr import as_user, french_user, load_french

STOCKOUT = "industrial_logistics.mail_activity_type_line_stockout"
OPTIMISATION_OFF_EN = "Stops in the circuit's order (optimisation off)."
OPTIMISATION_OFF_FR = "Arrêts dans l'ordre du circuit (optimisation désactivée)."
INFEASIBLE_EN = (
    "no feasible sequence found (time windows, capacity or number of vehicles); stops kept in "
    "the given order, not optimised"
)
INFEASIBLE_FR = (
    "aucun ordre réalisable trouvé (créneaux, capacité ou nombre de trains) ; arrêts "
    "conservés dans l'ordre donné, non optimisé"
)


@tagged("post_install", "-at_install")
class TestRoundStopOrderInTheReadersLanguage(MilkRunCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)
        groups = "industrial_logistics.group_logistics_manager,stock.group_stock_manager"
        cls.manager_fr = french_user(cls.env, "responsable_ordre_fr", groups)
        cls.manager_en = new_test_user(
            cls.env, "manager_order_en", groups=groups, lang="en_US", tz="UTC"
        )
        cls.driver_fr = french_user(
            cls.env,
            "cariste_ordre_fr",
            "industrial_logistics.group_logistics_storekeeper,stock.group_stock_user",
        )

    def build(self, builder):
        for spot in (self.spot_a, self.spot_b, self.spot_c):
            self.make_picking(spot, [(self.product, 1)], self.monday_8)
        round_ = self.make_round()
        as_user(round_, builder).with_context(milk_run_max_iterations=200).action_build()
        return round_

    def test_a_round_built_in_english_reads_in_french_for_a_french_driver(self):
        self.milk_run.resequence = False
        round_ = self.build(self.manager_en)
        # stored: the code, no figure, no sentence
        self.assertEqual(
            (round_.routing_status, round_.routing_details, round_.routing_message_legacy),
            ("optimisation_off", False, False),
        )
        self.assertEqual(as_user(round_, self.manager_en).routing_message, OPTIMISATION_OFF_EN)
        self.assertEqual(as_user(round_, self.manager_fr).routing_message, OPTIMISATION_OFF_FR)
        data = as_user(round_, self.driver_fr).get_driver_data()
        self.assertEqual(data["routing_message"], OPTIMISATION_OFF_FR)

    def test_a_fallback_built_in_french_reads_in_english_for_an_english_manager(self):
        # B is 14.1 m away (1.41 min) but must be reached within 1 minute: no feasible tour
        # (as test_milk_run's fallback); three stops, one train: one trip, no trip count.
        self.stop_b.write({"window_start_minutes": 0, "window_end_minutes": 1})
        round_ = self.build(self.manager_fr)
        self.assertEqual((round_.routing_status, round_.routing_details), ("infeasible", False))
        # the same round in one transaction: each language its own sentence
        self.assertEqual(as_user(round_, self.manager_en).routing_message, INFEASIBLE_EN)
        self.assertEqual(as_user(round_, self.manager_fr).routing_message, INFEASIBLE_FR)
        self.assertEqual(as_user(round_, self.manager_en).routing_message, INFEASIBLE_EN)

    def test_the_solvers_figures_are_stored_and_written_in_the_readers_language(self):
        # no window: the solver orders the three stops, in at most the 200 iterations pinned
        round_ = self.build(self.manager_en)
        self.assertTrue(round_.routing_optimised)
        self.assertEqual(round_.routing_status, "solved")
        details = round_.routing_details
        self.assertEqual(set(details), {"runtime_s", "iterations"})
        self.assertLessEqual(details["iterations"], 200)
        iterations = details["iterations"]
        self.assertRegex(
            as_user(round_, self.manager_en).routing_message,
            rf"^sequenced by PyVRP in \d+(\.\d)? s \({iterations} iterations\)$",
        )
        # French: decimal comma
        self.assertRegex(
            as_user(round_, self.manager_fr).routing_message,
            rf"^ordonné par PyVRP en \d+(,\d)? s \({iterations} itérations\)$",
        )


@tagged("post_install", "-at_install")
class TestStockoutToldInTheRecipientsLanguage(KanbanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)
        operator, manager = (
            "industrial_logistics.group_logistics_operator",
            "industrial_logistics.group_logistics_manager",
        )
        cls.operator_fr = french_user(cls.env, "operateur_rupture_fr", operator)
        cls.operator_en = new_test_user(
            cls.env, "operator_stockout_en", groups=operator, lang="en_US"
        )
        cls.responsible_fr = french_user(cls.env, "responsable_rupture_fr", manager)
        cls.responsible_en = new_test_user(
            cls.env, "responsible_stockout_en", groups=manager, lang="en_US"
        )
        cls.Event = cls.env["logistics.stockout.event"]
        cls.activity_type = cls.env.ref(STOCKOUT)

    def declare(self, operator, responsible):
        self.loop_resupply.user_id = responsible
        barcode = self.card(self.loop_resupply).barcode
        result = as_user(self.Event, operator).declare(barcode=barcode)
        self.assertEqual(result["status"], "ok", result["message"])
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "logistics.kanban.loop"),
                ("res_id", "=", self.loop_resupply.id),
                ("activity_type_id", "=", self.activity_type.id),
            ]
        )
        self.assertEqual(activity.user_id, responsible)
        return result["message"], activity.summary

    def product(self, lang):
        return self.bolt.with_context(lang=lang).display_name

    def test_a_french_operator_tells_an_english_responsible_in_english(self):
        answer, summary = self.declare(self.operator_fr, self.responsible_en)
        location = self.loop_resupply.location_id.name
        self.assertEqual(
            answer,
            f"Rupture de {self.product('fr_FR')} à {location} enregistrée ; personnes "
            f"prévenues : {self.responsible_en.name}.",
        )
        self.assertEqual(
            summary, f"Part missing at the line: {self.product('en_US')} at {location}"
        )

    def test_an_english_operator_tells_a_french_responsible_in_french(self):
        answer, summary = self.declare(self.operator_en, self.responsible_fr)
        location = self.loop_resupply.location_id.name
        self.assertEqual(
            answer,
            f"Stockout of {self.product('en_US')} at {location} recorded; told: "
            f"{self.responsible_fr.name}.",
        )
        self.assertEqual(
            summary, f"Pièce manquante en bord de ligne : {self.product('fr_FR')} à {location}"
        )
