import {registry} from "@web/core/registry";

// A manager opens a product classed A in one warehouse and C in the other, and overrides its
// class in the second warehouse only.
registry.category("web_tour.tours").add("industrial_logistics_abc_per_warehouse", {
    steps: () => [
        {
            content: "Open the Inventory tab",
            trigger: '.o_notebook .nav-link:contains("Inventory")',
            run: "click",
        },
        {
            content: "The first warehouse shows class A",
            trigger:
                '.o_field_widget[name=abc_class_ids] .o_data_row:contains("Tour ABC WH1") td[name=abc_class]:contains("A")',
        },
        {
            content: "Override the class in the second warehouse",
            trigger:
                '.o_field_widget[name=abc_class_ids] .o_data_row:contains("Tour ABC WH2") button[name=action_override]',
            run: "click",
        },
        {
            content: "The override form is on the second warehouse",
            trigger:
                '.modal:contains("Override ABC class") .o_field_widget[name=warehouse_id]',
        },
        {
            content: "Choose class B",
            trigger: ".modal .o_field_widget[name=abc_class] select",
            run: "selectByLabel B",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name=reason] input",
            run: "edit Long lead time",
        },
        {
            content: "Override",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The second warehouse shows the manual class B with its reason",
            trigger:
                '.o_field_widget[name=abc_class_ids] .o_data_row:contains("Tour ABC WH2"):contains("Long lead time") td[name=abc_class]:contains("B")',
        },
        {
            content: "The first warehouse still shows A",
            trigger:
                '.o_field_widget[name=abc_class_ids] .o_data_row:contains("Tour ABC WH1") td[name=abc_class]:contains("A")',
        },
    ],
});
