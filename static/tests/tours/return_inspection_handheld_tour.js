import {registry} from "@web/core/registry";
import {chooseOption, fitsTheWidth, scanSteps, soundSpy} from "./handheld_tour_utils";

// The handheld inspection of returned goods (tests/test_return_inspection_tour.py sets up the
// returns). An inspector, on a desktop: a barcode that is no return is refused in red; the
// returned pump is found by its barcode, in orange (never delivered to that customer); the
// inspector picks the reason (it proposes a scrap), splits the two pumps into one scrap and
// one restock, writes a note, takes a photo and proposes. A manager, on a phone: finds the
// return of three valves by their lot, keeps two in stock, scraps one and confirms.

const SCREEN = ".o_return_inspection";
// a 1 x 1 PNG: what the camera gives, as small as it gets
const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

function takePhoto(name) {
    return [
        {
            content: "Take a photo of the damage",
            trigger: ".o_return_inspection_photo_label",
            run() {
                // the camera's file field itself is hidden behind its button (the label)
                const input = this.anchor.querySelector(
                    "input.o_return_inspection_photo"
                );
                const bytes = Uint8Array.from(atob(PNG), (char) => char.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], name, {type: "image/png"}));
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "The photo is ready to be sent",
            trigger: `.o_return_inspection_photo_label:contains(${name})`,
        },
    ];
}

registry
    .category("web_tour.tours")
    .add("industrial_logistics_return_inspection_inspector", {
        url: "/odoo/action-industrial_logistics.logistics_return_inspection_screen_action",
        steps: () => [
            {
                content: "The screen asks for a scan",
                trigger: `${SCREEN} .o_handheld_result_idle`,
                run: () => soundSpy.start(),
            },
            ...scanSteps("NOT-A-RETURN", "error"),
            {
                content: "A barcode that is no return is refused in red",
                trigger:
                    ".o_handheld_result_error:contains(No return waits for inspection)",
            },
            ...scanSteps("RET-TOUR-PUMP", "warning"),
            {
                content:
                    "The pump is shown, in orange: never delivered to that customer",
                trigger: ".o_handheld_result_warning:contains(never delivered)",
            },
            {
                content: "Two pumps returned by the customer",
                trigger:
                    ".o_return_inspection_card:contains(Tour pump):contains(2 Units returned):contains(Tour Customer)",
                run: () => soundSpy.check(["error", "warning"]),
            },
            {
                content: "The reason: dented in transport",
                trigger: "select.o_return_inspection_reason",
                run: () =>
                    chooseOption("select.o_return_inspection_reason", "Tour dented"),
            },
            {
                content: "The reason proposes a scrap",
                trigger:
                    ".o_return_inspection_line select.o_return_inspection_type:has(option[value=scrap]:checked)",
            },
            {
                content: "Scrap one",
                trigger: ".o_return_inspection_line input.o_return_inspection_qty",
                run: "edit 1 && click body",
            },
            {
                content: "Split: another disposition for the other one",
                trigger: "button.o_return_inspection_split",
                run: "click",
            },
            {
                content: "The second line takes the pump left",
                trigger:
                    ".o_return_inspection_line:last input.o_return_inspection_qty:value(1)",
            },
            {
                content: "Restock it",
                trigger:
                    ".o_return_inspection_line:last select.o_return_inspection_type",
                run: "select restock",
            },
            {
                content: "A note",
                trigger: "textarea.o_return_inspection_notes",
                run: "edit Housing dented on one side",
            },
            ...takePhoto("dent.png"),
            {
                content: "Record and propose",
                trigger:
                    "button.o_return_inspection_confirm:contains(Record and propose)",
                run: "click",
            },
            {
                content: "Proposed: a manager confirms",
                trigger:
                    ".o_handheld_result_ok:contains(a supply-chain manager confirms)",
            },
            fitsTheWidth(SCREEN),
        ],
    });

registry
    .category("web_tour.tours")
    .add("industrial_logistics_return_inspection_manager", {
        url: "/odoo/action-industrial_logistics.logistics_return_inspection_screen_action",
        steps: () => [
            fitsTheWidth(SCREEN),
            ...scanSteps("LOT-TOUR-VALVE", "warning"),
            {
                content: "Three valves of lot LOT-TOUR-VALVE",
                trigger:
                    ".o_return_inspection_card:contains(Tour valve):contains(3 Units returned) .o_return_inspection_lot:contains(LOT-TOUR-VALVE)",
            },
            fitsTheWidth(SCREEN),
            {
                content: "The reason: ordered too many",
                trigger: "select.o_return_inspection_reason",
                run: () =>
                    chooseOption("select.o_return_inspection_reason", "Tour surplus"),
            },
            {
                content: "Keep two in stock",
                trigger: ".o_return_inspection_line input.o_return_inspection_qty",
                run: "edit 2 && click body",
            },
            {
                content: "Split",
                trigger: "button.o_return_inspection_split",
                run: "click",
            },
            {
                content: "Scrap the third",
                trigger:
                    ".o_return_inspection_line:last select.o_return_inspection_type",
                run: "select scrap",
            },
            fitsTheWidth(SCREEN),
            {
                content: "Confirm the dispositions",
                trigger:
                    "button.o_return_inspection_confirm:contains(Confirm the dispositions)",
                run: "click",
            },
            {
                content: "All three disposed of",
                trigger: ".o_handheld_result_ok:contains(3 of 3)",
            },
        ],
    });
