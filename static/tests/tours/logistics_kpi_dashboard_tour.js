import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("industrial_logistics_kpi_dashboard", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "industrial_logistics.menu_logistics_root",
            "Open the Industrial Logistics app"
        ),
        {
            content: "Open the KPIs section",
            trigger: '.o_main_navbar button:contains("KPIs")',
            run: "click",
        },
        {
            content: "Open the dashboard",
            trigger: '.o-dropdown--menu .dropdown-item:contains("Dashboard")',
            run: "click",
        },
        {
            content: "The headline figures are shown",
            trigger:
                ".o_logistics_kpi_dashboard .o_kpi_card.o_kpi_turnover_annual .o_kpi_value",
        },
        {
            content: "Look at the last 90 days",
            trigger: ".o_logistics_kpi_dashboard .o_kpi_last_90",
            run: "click",
        },
        {
            content: "The demo plant's consumption shows a stock value and a turnover",
            trigger: ".o_logistics_kpi_dashboard .o_kpi_section_wip .card-header",
        },
        {
            content: "Drill down into the turnover: the moves behind it",
            trigger: ".o_logistics_kpi_dashboard .o_kpi_card.o_kpi_turnover_annual",
            run: "click",
        },
        {
            content: "The consumption moves are listed",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=reference]",
        },
        {
            content: "Back to the dashboard through the breadcrumb",
            trigger:
                ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
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
            content: "The kanban section shows the cards by state",
            trigger:
                ".o_logistics_kpi_dashboard .o_kpi_section_kanban .o_kpi_kanban_full",
        },
        {
            content: "Drill down into the scan-to-receipt lead time",
            trigger:
                ".o_logistics_kpi_dashboard .o_kpi_card.o_kpi_kanban_lead_time_hours",
            run: "click",
        },
        {
            content: "The kanban scans whose replenishment arrived are listed",
            trigger: ".o_list_view .o_data_row .o_data_cell[name=barcode]",
        },
        {
            content: "Back to the dashboard once more",
            trigger:
                ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "Drill down into the full kanban cards",
            trigger:
                ".o_logistics_kpi_dashboard .o_kpi_section_kanban .o_kpi_kanban_full",
            run: "click",
        },
        {
            content: "The full cards are listed",
            trigger: ".o_list_view .o_data_row",
        },
    ],
});
