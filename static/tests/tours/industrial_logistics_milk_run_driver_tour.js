import {registry} from "@web/core/registry";

/**
 * The driver runs the demo round (one train): its train and load are shown; start, scan each
 * line's label, confirm each drop, finish.
 */
function dropAt(barcode) {
    return [
        {
            content: `Scan the label ${barcode}`,
            trigger: ".o_milk_run_scan",
            run: `edit ${barcode} && press Enter`,
        },
        {
            content: `Confirm the drop at ${barcode}`,
            trigger: ".o_milk_run_confirm_drop",
            run: "click",
        },
        {
            content: `The stop ${barcode} is delivered`,
            trigger: `.o_milk_run_stop[data-barcode="${barcode}"][data-state="done"]`,
        },
    ];
}

registry.category("web_tour.tours").add("industrial_logistics_milk_run_driver", {
    url: "/odoo/action-industrial_logistics.action_logistics_milk_run_driver",
    steps: () => [
        {
            content: "Open the demo round, built and loading",
            trigger: '.o_milk_run_round[data-state="loading"]',
            run: "click",
        },
        {
            content: "The round's train is shown, with its load against its capacity",
            trigger:
                '.o_milk_run_train[data-train="1"]:contains("Train 1 of 1") .o_milk_run_train_load:contains("6 / 6 containers")',
        },
        {
            content: "Start the round",
            trigger: ".o_milk_run_start",
            run: "click",
        },
        {
            content: "The round is on route",
            trigger: '.o_milk_run_state[data-state="on_route"]',
        },
        {
            content:
                "Each stop lists the containers to drop there (kanban replenishments)",
            trigger:
                '.o_milk_run_stop[data-barcode="WH-LINE1"] .o_milk_run_drop:contains("L1-C")',
        },
        {
            content: "A wrong label is refused in red",
            trigger: ".o_milk_run_scan",
            run: "edit WH-SUPERMARKET && press Enter",
        },
        {
            content: "The refusal is shown",
            trigger: ".o_milk_run_feedback.alert-danger",
        },
        ...dropAt("WH-LINE1"),
        ...dropAt("WH-LINE2"),
        ...dropAt("WH-LINE3"),
        {
            content: "Finish the round",
            trigger: ".o_milk_run_finish",
            run: "click",
        },
        {
            content: "Back on the list of rounds, with the thanks",
            trigger: '.o_milk_run_feedback.alert-success:contains("Round finished")',
        },
    ],
});
