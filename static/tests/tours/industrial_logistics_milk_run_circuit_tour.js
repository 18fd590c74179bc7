import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

/** A supply-chain manager opens the demo circuit, builds its next round now, reads its KPIs tab and the KPI graph. */
registry.category("web_tour.tours").add("industrial_logistics_milk_run_circuit", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "industrial_logistics.menu_logistics_root",
            "Open the app"
        ),
        {
            content: "Open the Milk Runs section",
            trigger: '.o_main_navbar button:contains("Milk Runs")',
            run: "click",
        },
        {
            content: "Open the circuits",
            trigger: '.o-dropdown--menu .dropdown-item:contains("Circuits")',
            run: "click",
        },
        {
            content: "Open the demo circuit",
            trigger: '.o_list_view .o_data_cell:contains("Assembly lines loop")',
            run: "click",
        },
        {
            content: "Its stops are listed",
            trigger:
                '.o_field_one2many[name="stop_ids"] .o_data_cell:contains("Line 2")',
        },
        {
            content: "Open the circuit's KPIs tab",
            trigger: '.o_notebook a.nav-link[name="kpis"]',
            run: "click",
        },
        {
            content:
                "The demo rounds of the last 30 days have left: their punctuality is shown",
            trigger:
                '.o_notebook:not(:has(.o_milk_run_kpi_empty)) .o_field_widget[name="kpi_punctuality_rate"]',
        },
        {
            content: "and their train fill",
            trigger: '.o_field_widget[name="kpi_fill_rate"]',
        },
        {
            content: "Build the next round now",
            trigger: 'button[name="action_build_next_round"]',
            run: "click",
        },
        {
            content: "The round is built: loading",
            trigger:
                '.o_statusbar_status button.o_arrow_button_current:contains("Loading")',
        },
        {
            content: "Open the milk-run KPIs",
            trigger: '.o_main_navbar button:contains("KPIs")',
            run: "click",
        },
        {
            content: "Open the milk-run KPIs graph",
            trigger: '.o-dropdown--menu .dropdown-item:contains("Milk-run KPIs")',
            run: "click",
        },
        {
            content: "The graph is shown",
            trigger: ".o_graph_renderer",
        },
    ],
});
