import {registry} from "@web/core/registry";

// An operator scans a card of the demo plant on the scan screen, sees the green
// result, scans two more cards back to back (the second while the first is still
// being scanned), declares a part missing at the line, and finds the replenishment
// (an internal transfer) on the card.

// Type each barcode in the manual field and press Enter, without waiting for the
// answer: the way a wedge scanner reads a stack of cards.
function scanBackToBack(...barcodes) {
    const input = document.querySelector("input.o_kanban_scan_manual");
    for (const barcode of barcodes) {
        input.value = barcode;
        input.dispatchEvent(new Event("input", {bubbles: true}));
        input.dispatchEvent(
            new KeyboardEvent("keydown", {key: "Enter", bubbles: true})
        );
    }
}
// A keyboard-wedge scanner types the barcode and Enter in a burst of key presses, with
// the focus anywhere but in a field: Odoo's barcode service reads it.
function wedgeScan(barcode) {
    document.activeElement?.blur();
    for (const key of [...barcode, "Enter"]) {
        document.body.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true}));
    }
}

registry.category("web_tour.tours").add("industrial_logistics_kanban_scan", {
    url: "/odoo/action-industrial_logistics.action_logistics_kanban_scan_screen",
    steps: () => [
        {
            content: "The scan screen waits for a card",
            trigger: ".o_kanban_scan_screen .o_kanban_scan_idle",
        },
        {
            content: "Type the barcode of card 1 of loop KB-L2A-C004",
            trigger: "input.o_kanban_scan_manual",
            run: "edit KB-L2A-C004-01",
        },
        {
            content: "Scan it",
            trigger: "button.o_kanban_scan_submit",
            run: "click",
        },
        {
            content: "The result is green and names the transfer",
            trigger: ".o_kanban_scan_result.o_kanban_scan_ok:contains(WH/INT/)",
        },
        {
            content: "The scan is listed among the last scans",
            trigger:
                ".o_kanban_scan_history tr.o_kanban_scan_history_ok:contains(KB-L2A-C004-01)",
        },
        {
            content: "Scan two cards back to back",
            trigger: "input.o_kanban_scan_manual",
            run: () => scanBackToBack("KB-L2A-C004-02", "KB-L3C-C005-03"),
        },
        {
            content: "The first card is listed in green",
            trigger:
                ".o_kanban_scan_history tr.o_kanban_scan_history_ok:contains(KB-L2A-C004-02)",
        },
        {
            content: "The second one too, above it",
            trigger:
                ".o_kanban_scan_history tr.o_kanban_scan_history_ok:first-child:contains(KB-L3C-C005-03)",
        },
        {
            content: "Nothing is left waiting and the last result is green",
            trigger:
                ".o_kanban_scan_screen:not(:has(.o_kanban_scan_waiting)) .o_kanban_scan_result.o_kanban_scan_ok",
        },
        {
            content: "A wedge scanner reads a card of the buy loop, no click, no field",
            trigger: ".o_kanban_scan_screen:not(:has(.o_kanban_scan_waiting))",
            run: () => wedgeScan("KB-L1A-C001-02"),
        },
        {
            content: "Green: an RFQ asks purchasing for the container",
            trigger:
                ".o_kanban_scan_result.o_kanban_scan_ok:contains(KB-L1A-C001 2/3):contains(to be confirmed by purchasing)",
        },
        {
            content: "A part is missing at the line: type its card",
            trigger: "input.o_kanban_scan_manual",
            run: "edit KB-L1A-C001-01",
        },
        {
            content: "Declare it",
            trigger: "button.o_kanban_scan_missing",
            run: "click",
        },
        {
            content: "The stockout is confirmed",
            trigger: ".o_kanban_scan_result.o_kanban_scan_ok:contains(recorded; told:)",
        },
        {
            content: "Scanning it again is a warning, not a second replenishment",
            trigger: "input.o_kanban_scan_manual",
            run: "edit KB-L2A-C004-01",
        },
        {
            trigger: "button.o_kanban_scan_submit",
            run: "click",
        },
        {
            content: "Orange result",
            trigger:
                ".o_kanban_scan_result.o_kanban_scan_warning:contains(already scanned)",
        },
        {
            content: "Open the card",
            trigger: "button.o_kanban_scan_open_card",
            run: "click",
        },
        {
            content: "The card is replenishing",
            trigger:
                ".o_form_view .o_statusbar_status [aria-checked=true]:contains(Replenishing)",
        },
        {
            content: "Its replenishment is the transfer from the supermarket",
            trigger:
                ".o_form_view .o_field_widget[name=replenishment_ref]:contains(WH/INT/)",
        },
    ],
});
