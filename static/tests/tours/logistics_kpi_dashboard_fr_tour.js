import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// The KPI dashboard tour, read by a manager whose language is French: French labels from the
// menus to the cards, figures written the French way (decimal comma).
registry.category("web_tour.tours").add("industrial_logistics_kpi_dashboard_fr", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "industrial_logistics.menu_logistics_root",
            "Ouvrir l'application Logistique industrielle"
        ),
        {
            content: "The app's name is French",
            trigger: '.o_main_navbar .o_menu_brand:contains("Logistique industrielle")',
        },
        {
            content: "Open the KPIs section",
            trigger: '.o_main_navbar button:contains("KPI")',
            run: "click",
        },
        {
            content: "Open the dashboard, French label",
            trigger: '.o-dropdown--menu .dropdown-item:contains("Tableau de bord")',
            run: "click",
        },
        {
            content: "The dashboard's title and buttons are French",
            trigger: '.o_logistics_kpi_dashboard h2:contains("KPI logistiques")',
        },
        {
            content: "The period buttons are French",
            trigger: '.o_logistics_kpi_dashboard .o_kpi_last_90:contains("90 jours")',
        },
        {
            content: "The headline card of the stockout rate is labelled in French",
            trigger:
                '.o_logistics_kpi_dashboard .o_kpi_card.o_kpi_stockout_rate:contains("Taux de rupture")',
        },
        {
            content: "It compares with the previous period, in French",
            trigger:
                '.o_logistics_kpi_dashboard .o_kpi_card.o_kpi_stockout_rate:contains("période précédente")',
        },
        {
            content: "The turnover is written with a decimal comma",
            trigger:
                ".o_logistics_kpi_dashboard .o_kpi_card.o_kpi_turnover_annual .o_kpi_value",
            run() {
                const text = this.anchor.textContent.trim();
                if (!/^\d{1,3}(\u00a0\d{3})*,\d{2}(?!\d)/.test(text)) {
                    throw new Error(
                        `the turnover is not written the French way: "${text}"`
                    );
                }
            },
        },
        {
            content: "Look at the last 90 days",
            trigger: ".o_logistics_kpi_dashboard .o_kpi_last_90",
            run: "click",
        },
        {
            content: "The WIP section's heading is French",
            trigger:
                '.o_logistics_kpi_dashboard .o_kpi_section_wip .card-header:contains("En-cours")',
        },
        {
            content: "Drill down into the late rate",
            trigger: ".o_logistics_kpi_dashboard .o_kpi_card.o_kpi_late_rate",
            run: "click",
        },
        {
            content: "The late operations list is open",
            trigger: ".o_list_view",
        },
        {
            content: "Back to the dashboard",
            trigger:
                ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "The dashboard is back, still in French",
            trigger: '.o_logistics_kpi_dashboard .o_kpi_workbook:contains("Classeur")',
        },
    ],
});
