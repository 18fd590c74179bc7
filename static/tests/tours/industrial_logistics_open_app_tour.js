import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("industrial_logistics_open_app", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "industrial_logistics.menu_logistics_root",
            "Open the Industrial Logistics app"
        ),
        {
            content: "The app is open",
            trigger: '.o_main_navbar .o_menu_brand:contains("Industrial Logistics")',
        },
        {
            content: "Open the Configuration section",
            trigger: '.o_main_navbar button:contains("Configuration")',
            run: "click",
        },
        {
            content: "Open the line-side locations",
            trigger: '.o-dropdown--menu .dropdown-item:contains("Line-side Locations")',
            run: "click",
        },
        {
            content: "The demo plant's line-side locations are listed",
            trigger: '.o_list_view .o_data_cell:contains("L1-A")',
        },
    ],
});
