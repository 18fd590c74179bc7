import {registry} from "@web/core/registry";
import {fitsTheWidth, soundSpy} from "./handheld_tour_utils";

// An operator scans a barcode that is no card and a retired card: each is refused in red with
// its reason; then a full card (green) and the same card again (orange). Each answer plays
// its own sound through the handheld kit and Odoo's sound service.
const SCREEN = ".o_kanban_scan_screen";

function scan(barcode) {
    return {
        content: `Scan ${barcode}`,
        trigger: `${SCREEN} input.o_handheld_manual`,
        run: `edit ${barcode} && press Enter`,
    };
}

registry.category("web_tour.tours").add("industrial_logistics_kanban_scan_refusals", {
    url: "/odoo/action-industrial_logistics.action_logistics_kanban_scan_screen",
    steps: () => [
        {
            content: "The scan screen waits for a card; listen to its sounds",
            trigger: `${SCREEN} .o_handheld_result_idle`,
            run: () => soundSpy.start(),
        },
        fitsTheWidth(SCREEN),
        scan("NOT-A-CARD"),
        {
            content: "Red, and the message says why",
            trigger: `${SCREEN} .o_handheld_result_error:contains("Unknown barcode NOT-A-CARD: this is not a kanban card.")`,
        },
        {
            content: "The refusal is listed among the last scans",
            trigger: `${SCREEN} .o_handheld_history li.o_handheld_history_error:contains(NOT-A-CARD):contains(Refused)`,
        },
        fitsTheWidth(SCREEN),
        scan("KB-L2A-C018-03"),
        {
            content: "A retired card is refused in red, saying so",
            trigger: `${SCREEN} .o_handheld_result_error:contains("is retired: take it out of circulation")`,
        },
        scan("KB-L2A-C018-04"),
        {
            content: "A full card: green",
            trigger: `${SCREEN} .o_handheld_result_ok:contains(WH/INT/)`,
        },
        scan("KB-L2A-C018-04"),
        {
            content: "The same card again: orange",
            trigger: `${SCREEN} .o_handheld_result_warning:contains(already scanned)`,
        },
        fitsTheWidth(SCREEN),
        {
            content: "One sound per answer, in order: error, error, ok, warning",
            trigger: `${SCREEN} .o_handheld_history li:nth-child(4)`,
            run: () => soundSpy.check(["error", "error", "ok", "warning"]),
        },
    ],
});
