import {registry} from "@web/core/registry";

// A manager prints the double-bin labels of a loop for the line's Zebra printer: Print menu of
// the loop, the label wizard, ZPL on 4 x 3 in labels.
registry.category("web_tour.tours").add("industrial_logistics_kanban_card_print", {
    url: "/odoo/action-industrial_logistics.action_logistics_kanban_loop",
    steps: () => [
        {
            content: "Open the double-bin loop",
            trigger: '.o_list_view .o_data_cell:contains("DB-L1B-C002")',
            run: "click",
        },
        {
            content: "Open the loop's actions",
            trigger: ".o_form_view .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Open the Print menu",
            trigger: ".o-dropdown--menu button:has(.fa-print)",
            run: "click",
        },
        {
            content: "Choose the label wizard",
            trigger: '.o-dropdown--menu .o_menu_item:contains("Kanban Card Labels")',
            run: "click",
        },
        {
            content: "The wizard holds both bins of the loop",
            trigger:
                '.modal .o_field_many2many_tags .o_tag:contains("DB-L1B-C002 bin B")',
        },
        {
            content: "Choose thermal printer labels",
            trigger:
                '.modal .o_field_widget[name="print_format"] label:contains("Thermal printer labels (ZPL)")',
            run: "click",
        },
        {
            content: "Choose 4 x 3 in labels",
            trigger:
                '.modal .o_field_widget[name="label_size"] label:contains("4 × 3 in")',
            run: "click",
        },
        {
            content: "Print",
            trigger: '.modal footer button[name="action_print"]',
            run: "click",
        },
        {
            content: "The wizard closes once the labels are sent",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
