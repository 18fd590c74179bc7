import {registry} from "@web/core/registry";

// A supply-chain manager opens the advice prepared for the fixture, computes it, reads the
// reorder point proposed for the part and applies it to Odoo's reorder rule.
registry.category("web_tour.tours").add("industrial_logistics_replenishment_advisor", {
    url: "/odoo/action-industrial_logistics.action_logistics_replenishment_advisor",
    steps: () => [
        {
            content: "Open the advice",
            trigger: '.o_list_view .o_data_cell:contains("Advisor tour")',
            run: "click",
        },
        {
            content: "Compute the proposals",
            trigger: '.o_form_view button[name="action_compute"]:contains("Compute")',
            run: "click",
        },
        {
            content: "The part gets a reorder point",
            trigger:
                '.o_field_one2many[name="line_ids"] .o_data_row:contains("Advisor Part"):contains("Reorder point")',
        },
        {
            content: "Apply the proposals",
            trigger: '.o_form_view button[name="action_apply"]',
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal footer button.btn-primary",
            run: "click",
        },
        {
            content: "The advice is applied",
            trigger:
                '.o_statusbar_status button.o_arrow_button_current:contains("Applied")',
        },
    ],
});
