import {registry} from "@web/core/registry";

// A scheduler opens the planning board on the demo plant, levels the load, compares the
// proposal with the current plan and applies it.
registry.category("web_tour.tours").add("industrial_logistics_planning_board", {
    url: "/odoo/action-industrial_logistics.action_logistics_planning_board",
    steps: () => [
        {
            content: "Assembly Line 1 shows its orders as bars",
            trigger:
                '.o_board_centre[data-workcenter="Assembly Line 1"] .o_board_current .o_board_bar',
        },
        {
            content: "Some days are overloaded (in red under the rows)",
            trigger: ".o_board_load.o_board_current .o_board_day.o_overloaded",
        },
        {
            content: "Look at two weeks",
            trigger: ".o_board_days",
            run: "select 14",
        },
        {
            content: "Level the load",
            trigger: ".o_board_propose:enabled",
            run: "click",
        },
        {
            content: "The proposal shows beside the current plan",
            trigger: ".o_board_proposal_bar .o_board_view_both.btn-secondary",
            timeout: 60000,
        },
        {
            content: "The proposed bars are on the board",
            trigger: ".o_board_proposed .o_board_bar",
        },
        {
            content: "Each order's move is listed",
            trigger: ".o_board_orders tbody tr",
        },
        {
            content: "Show only the proposal",
            trigger: ".o_board_view_proposed",
            run: "click",
        },
        {
            content: "Only the proposed rows remain",
            trigger:
                ".o_logistics_planning_board:not(:has(.o_board_current)) .o_board_proposed",
        },
        {
            content: "Apply it to all orders",
            trigger: ".o_board_apply_all:enabled",
            run: "click",
        },
        {
            content: "The board is back to the plan, now levelled",
            trigger:
                ".o_logistics_planning_board:not(:has(.o_board_proposal_bar)) .o_board_current .o_board_bar",
            timeout: 60000,
        },
    ],
});
