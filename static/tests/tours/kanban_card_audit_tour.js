import {registry} from "@web/core/registry";
import {chooseOption, fitsTheWidth, scanSteps, soundSpy} from "./handheld_tour_utils";

// An operator audits the kanban cards of line-side location L2-A on a phone: picks the
// location, scans two cards at the line and one on the train, reads a refusal in red for a
// barcode that is no card, then closes the audit and reads its results. Each answer plays its
// sound; nothing on the screen needs a sideways scroll.

const SCREEN = ".o_kanban_card_audit";

registry.category("web_tour.tours").add("industrial_logistics_kanban_card_audit", {
    url: "/odoo/action-industrial_logistics.action_logistics_kanban_card_audit_screen",
    steps: () => [
        fitsTheWidth(SCREEN),
        {
            content:
                "Audit L2-A only, one of the warehouse's locations the screen offers",
            trigger: ".o_card_audit_start select.o_card_audit_location",
            run: () => chooseOption("select.o_card_audit_location", "L2-A"),
        },
        {
            content: "Start the audit",
            trigger: "button.o_card_audit_begin",
            run: "click",
        },
        {
            content: "The audit counts the seven cards of L2-A",
            trigger: ".o_card_audit_progress:contains(0 / 7)",
            run: () => soundSpy.start(),
        },
        fitsTheWidth(SCREEN),
        ...scanSteps("KB-L2A-C004-01", "ok"),
        {
            content: "The result is green",
            trigger: ".o_handheld_result_ok:contains(KB-L2A-C004)",
        },
        ...scanSteps("KB-L2A-C018-01", "ok"),
        {
            content: "The next card is found on the train",
            trigger: "button.o_card_audit_place_train",
            run: "click",
        },
        ...scanSteps("KB-L2A-C004-02", "ok"),
        ...scanSteps("KB-NOT-A-CARD", "error"),
        {
            content: "A barcode that is no card is refused in red",
            trigger: ".o_handheld_result_error:contains(Unknown barcode)",
        },
        ...scanSteps("KB-L2A-C004-01", "warning"),
        {
            content: "A card scanned twice is a warning",
            trigger: ".o_handheld_result_warning:contains(already seen)",
            run: () => soundSpy.check(["ok", "ok", "ok", "error", "warning"]),
        },
        {
            content: "Three of seven cards seen",
            trigger: ".o_card_audit_progress:contains(3 / 7)",
        },
        fitsTheWidth(SCREEN),
        {
            content: "Close the audit",
            trigger: "button.o_card_audit_close",
            run: "click",
        },
        {
            content: "The four cards not scanned are suspected lost",
            trigger:
                ".o_card_audit_results .o_card_audit_not_seen:contains(4 card(s) not seen)",
        },
    ],
});
