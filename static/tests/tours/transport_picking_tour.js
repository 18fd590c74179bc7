import {registry} from "@web/core/registry";

// A supply-chain manager reads the transport of a demo delivery and types the carrier's
// actual cost; the estimate is the carrier's fixed price.
registry.category("web_tour.tours").add("industrial_logistics_transport_picking", {
    steps: () => [
        {
            content: "Open the Additional Info tab",
            trigger: '.o_notebook .nav-link:contains("Additional Info")',
            run: "click",
        },
        {
            content: "The transport is shown: mode and estimate",
            trigger:
                '.o_group:has(.o_form_label:contains("Transport Mode")) ' +
                '.o_field_widget[name="transport_mode"]:contains("Road")',
        },
        {
            content: "The estimate is the carrier's fixed price",
            trigger:
                '.o_field_widget[name="transport_cost_estimated"]:contains("80.00")',
        },
        {
            content: "Type the actual cost",
            trigger: '.o_field_widget[name="transport_cost_actual"] input',
            run: "edit 88.50",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});

// A storekeeper reads the same transport and cannot type over it.
registry.category("web_tour.tours").add("industrial_logistics_transport_picking_read", {
    steps: () => [
        {
            content: "Open the Additional Info tab",
            trigger: '.o_notebook .nav-link:contains("Additional Info")',
            run: "click",
        },
        {
            content: "The actual cost is shown, read-only",
            trigger:
                '.o_field_widget[name="transport_cost_actual"]:not(:has(input)):contains("85.00")',
        },
        {
            content: "and the mode too",
            trigger:
                '.o_field_widget[name="transport_mode"]:not(:has(select)):contains("Road")',
        },
    ],
});
