import {registry} from "@web/core/registry";
import {fitsTheWidth} from "./handheld_tour_utils";

/**
 * The driver's drop at WH-LINE1 left a supermarket location empty: the driver screen asks to
 * confirm it. A figure that is not a number is refused in red; 0 is confirmed in green.
 */
registry
    .category("web_tour.tours")
    .add("industrial_logistics_zero_stock_confirmation", {
        url: "/odoo/action-industrial_logistics.action_logistics_milk_run_driver",
        steps: () => [
            {
                content: "Open the demo round",
                trigger: '.o_milk_run_round[data-state="loading"]',
                run: "click",
            },
            {
                content: "Start the round",
                trigger: ".o_milk_run_start",
                run: "click",
            },
            {
                content: "Scan the first line's label",
                trigger: ".o_milk_run_driver input.o_handheld_manual",
                run: "edit WH-LINE1 && press Enter",
            },
            {
                content: "Confirm the drop",
                trigger: ".o_milk_run_confirm_drop",
                run: "click",
            },
            {
                content: "The screen asks whether the supermarket location is empty",
                trigger:
                    '.o_handheld_stock_check[data-location="WH-SUPERMARKET"] .o_handheld_stock_check_question:contains("empty?")',
            },
            fitsTheWidth(".o_milk_run_driver"),
            {
                content: "Not quite: the driver types what is left",
                trigger: ".o_handheld_stock_check_no",
                run: "click",
            },
            {
                content: "A word is not a quantity",
                trigger: "input.o_handheld_stock_check_qty",
                run: "edit abc",
            },
            {
                content: "Confirm it",
                trigger: ".o_handheld_stock_check_confirm",
                run: "click",
            },
            {
                content: "Refused in red",
                trigger:
                    '.o_milk_run_driver .o_handheld_result_error:contains("as a number")',
            },
            {
                content: "Nothing left after all",
                trigger: "input.o_handheld_stock_check_qty",
                run: "edit 0",
            },
            {
                content: "Confirm the 0",
                trigger: ".o_handheld_stock_check_confirm",
                run: "click",
            },
            {
                content: "Confirmed in green, and the question is gone",
                trigger:
                    '.o_milk_run_driver .o_handheld_result_ok:contains("is confirmed")',
            },
            {
                content: "No question left",
                trigger: ".o_milk_run_driver:not(:has(.o_handheld_stock_check))",
            },
            {
                content: "The stop is delivered",
                trigger: '.o_milk_run_stop[data-barcode="WH-LINE1"][data-state="done"]',
            },
            fitsTheWidth(".o_milk_run_driver"),
        ],
    });
