import {registry} from "@web/core/registry";

/**
 * A departure of two trains: the driver picks train 2 and sees only its stops and its load,
 * then starts the round.
 */
registry.category("web_tour.tours").add("industrial_logistics_milk_run_trains", {
    url: "/odoo/action-industrial_logistics.action_logistics_milk_run_driver",
    steps: () => [
        {
            content: "The rounds list says the round has two trains",
            trigger: '.o_milk_run_round[data-state="loading"]:contains("2 trains")',
            run: "click",
        },
        {
            content: "The driver is asked for his train: train 2 has one stop",
            trigger:
                '.o_milk_run_train_choice[data-train="2"]:contains("Train 2 of 2"):contains("1 stops")',
            run: "click",
        },
        {
            content: "His train is shown with its load against one train's capacity",
            trigger:
                '.o_milk_run_train[data-train="2"] .o_milk_run_train_load:contains("2 / 3 containers")',
        },
        {
            content: "Only train 2's stop is listed",
            trigger:
                '.o_milk_run_driver ol:has(.o_milk_run_stop[data-train="2"]):not(:has(.o_milk_run_stop[data-train="1"]))',
        },
        {
            content: "Start the round",
            trigger: ".o_milk_run_start",
            run: "click",
        },
        {
            content: "The round is on route, still showing train 2",
            trigger: '.o_milk_run_state[data-state="on_route"]',
        },
        {
            content: "Train 2 still shown after the start",
            trigger: '.o_milk_run_train[data-train="2"]',
        },
    ],
});
