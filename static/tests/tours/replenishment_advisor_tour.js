import {registry} from "@web/core/registry";

// A supply-chain manager opens the advice prepared for the fixture, computes it, reads the
// reorder point proposed for the part, where its lead time comes from and its lot method,
// chooses the period order quantity instead of the EOQ, recomputes and applies the proposal
// to Odoo's reorder rule.
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
            content:
                "The lead time comes from the vendor's delay (no receipt measured)",
            trigger:
                '.o_field_one2many[name="line_ids"] .o_data_row:contains("Advisor Part") td[name="lead_time_source"]:contains("Odoo delays")',
        },
        {
            content: "The smooth demand gets Wilson's EOQ, a lot of 354",
            trigger:
                '.o_field_one2many[name="line_ids"] .o_data_row:contains("Advisor Part"):contains("Economic order quantity (Wilson)") td[name="lot_qty"]:contains("354")',
        },
        {
            content: "Edit the lot method of the part",
            trigger:
                '.o_field_one2many[name="line_ids"] .o_data_row:contains("Advisor Part") td[name="lot_method"]',
            run: "click",
        },
        {
            content: "Choose the period order quantity",
            trigger:
                '.o_field_one2many[name="line_ids"] .o_selected_row td[name="lot_method"] select',
            run: "selectByLabel Period order quantity",
        },
        {
            content: "Recompute with the planner's choice",
            trigger: '.o_form_view button[name="action_compute"]:contains("Recompute")',
            run: "click",
        },
        {
            content: "The lot is 35 days of demand: 350, the method kept",
            trigger:
                '.o_field_one2many[name="line_ids"] .o_data_row:contains("Advisor Part"):contains("Period order quantity") td[name="lot_qty"]:contains("350")',
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
