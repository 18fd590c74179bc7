import {registry} from "@web/core/registry";

// A manager opens the demo problem analysis, reads its fishbone, adds a cause on the
// Material bone and sees it drawn, then saves.
registry.category("web_tour.tours").add("industrial_logistics_problem_analysis", {
    url: "/odoo/action-industrial_logistics.action_logistics_problem_analysis",
    steps: () => [
        {
            content: "Open the analysis of the late deliveries",
            trigger: '.o_data_row td:contains("Late customer deliveries")',
            run: "click",
        },
        {
            content: "The 5 whys are listed",
            trigger:
                '.o_field_widget[name="why_ids"] .o_data_row:contains("No fixed pick-up slot is agreed")',
        },
        {
            content: "Open the Ishikawa tab",
            trigger: '.o_notebook .nav-link:contains("Ishikawa")',
            run: "click",
        },
        {
            content: "The fishbone is drawn with the root cause in red",
            trigger:
                'svg.o_logistics_fishbone text[fill="#c0392b"]:contains("No fixed pick-up slot")',
        },
        {
            content: "with the six bones",
            trigger: 'svg.o_logistics_fishbone text:contains("Measurement")',
        },
        {
            content: "Add a cause",
            trigger: '.o_field_widget[name="cause_ids"] .o_field_x2many_list_row_add a',
            run: "click",
        },
        {
            content: "on the Material bone",
            trigger:
                '.o_field_widget[name="cause_ids"] .o_selected_row [name="category"] select',
            run: 'select "material"',
        },
        {
            content: "named",
            trigger:
                '.o_field_widget[name="cause_ids"] .o_selected_row [name="name"] input',
            run: "edit Wrong pallet size",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The new cause is drawn on the fishbone",
            trigger: 'svg.o_logistics_fishbone text:contains("Wrong pallet size")',
        },
        {
            content: "and saved",
            trigger: ".o_form_saved",
        },
    ],
});
