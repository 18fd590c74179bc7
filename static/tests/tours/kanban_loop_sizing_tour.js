import {registry} from "@web/core/registry";

// A manager lists the mis-sized loops (the under-sized one in red) and sizes them in one click.
registry.category("web_tour.tours").add("industrial_logistics_kanban_loop_sizing", {
    url: "/odoo/action-industrial_logistics.action_logistics_kanban_loop",
    steps: () => [
        {
            content: "The right-sized loop is listed with its badge",
            trigger:
                '.o_data_row:contains("KB-L1C-C003") .badge:contains("Right-sized")',
        },
        {
            content: "Open the filters",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Keep the mis-sized loops",
            trigger: '.o_filter_menu .o_menu_item:contains("Mis-sized")',
            run: "click",
        },
        {
            content: "The under-sized loop is in red, the right-sized one is gone",
            trigger:
                '.o_list_view:not(:has(.o_data_row:contains("KB-L1C-C003"))) ' +
                '.o_data_row.text-danger:contains("KB-L1A-C001") .badge:contains("Under-sized")',
        },
        {
            content: "Select it",
            trigger:
                '.o_data_row:contains("KB-L1A-C001") .o_list_record_selector input',
            run: "click",
        },
        {
            content: "Open the actions",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Size these loops",
            trigger: '.o-dropdown--menu .o_menu_item:contains("Size these loops")',
            run: "click",
        },
        {
            content: "The sizing wizard opens on the selected loop",
            trigger: '.modal .modal-title:contains("Size Kanban Loops")',
        },
        {
            content: "with that loop only",
            trigger: '.modal:contains("KB-L1A-C001"):not(:contains("KB-L1C-C003"))',
        },
    ],
});
