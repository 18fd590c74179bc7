import {registry} from "@web/core/registry";

// A manager opens a return waiting for inspection, records the reason, splits it into a
// restock and a scrap, and confirms both: the return ends disposed of.
registry.category("web_tour.tours").add("industrial_logistics_returns_inspection", {
    url: "/odoo/action-industrial_logistics.logistics_return_inspection_action",
    steps: () => [
        {
            content: "The return of two workbenches waits for its inspection",
            trigger: '.o_data_row:contains("Workbench") .badge:contains("To inspect")',
            run: "click",
        },
        {
            content: "Take it",
            trigger: '.o_form_view button[name="action_start_inspection"]',
            run: "click",
        },
        {
            content: "It is in progress",
            trigger:
                '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains("In progress")',
        },
        {
            content: "Choose the reason",
            trigger: '.o_field_widget[name="reason_id"] input',
            run: "edit Ordered too many",
        },
        {
            content: "Pick it",
            trigger:
                '.o-autocomplete--dropdown-menu .dropdown-item:contains("Ordered too many")',
            run: "click",
        },
        {
            content: "Add a disposition",
            trigger:
                '.o_field_widget[name="disposition_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "The reason proposes a restock; restock one",
            trigger:
                '.o_field_widget[name="disposition_ids"] .o_selected_row .o_field_widget[name="quantity"] input',
            run: "edit 1",
        },
        {
            content: "Add a second one",
            trigger:
                '.o_field_widget[name="disposition_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "Scrap the other",
            trigger:
                '.o_field_widget[name="disposition_ids"] .o_selected_row .o_field_widget[name="disposition_type"] select',
            run: 'select "scrap"',
        },
        {
            content: "one unit",
            trigger:
                '.o_field_widget[name="disposition_ids"] .o_selected_row .o_field_widget[name="quantity"] input',
            run: "edit 1",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Confirm the restock",
            trigger:
                '.o_form_saved .o_field_widget[name="disposition_ids"] .o_data_row:contains("Restock") button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "Confirm the scrap",
            trigger:
                '.o_field_widget[name="disposition_ids"] .o_data_row:contains("Scrap") button[name="action_confirm"]',
            run: "click",
        },
        {
            content: "The return is disposed of, its transfer and scrap linked",
            trigger:
                '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains("Disposed")',
        },
        {
            content: "Both dispositions are confirmed",
            trigger:
                '.o_field_widget[name="disposition_ids"]:not(:has(button[name="action_confirm"])) .o_data_row:contains("Scrap") .badge:contains("Confirmed")',
        },
    ],
});
