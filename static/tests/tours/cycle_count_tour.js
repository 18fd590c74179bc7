import {registry} from "@web/core/registry";

// A storekeeper counts TOUR-LOC: the bolts are right, the washers (in package TOUR-PACK) are
// short (out of tolerance), so the count goes to a recount by another storekeeper.
registry.category("web_tour.tours").add("industrial_logistics_cycle_count", {
    url: "/odoo/action-industrial_logistics.logistics_count_today_action",
    steps: () => [
        {
            content: "Open today's count of TOUR-LOC",
            trigger: '.o_count_task:contains("TOUR-LOC")',
            run: "click",
        },
        {
            content: "A product before the location is refused",
            trigger: ".o_count_scan",
            run: "edit TOUR-BOLT && press Enter",
        },
        {
            content: "The screen says to scan the location first",
            trigger: '.o_count_message.alert-danger:contains("Scan the location")',
        },
        {
            content: "Scan the location",
            trigger: ".o_count_scan",
            run: "edit TOUR-LOC && press Enter",
        },
        {
            content: "The expected lines are shown",
            trigger: '.o_count_line:contains("Tour bolt")',
        },
        {
            content: "The washers are shown in their package",
            trigger:
                '.o_count_line:contains("Tour washer") .o_count_package:contains("TOUR-PACK")',
        },
        {
            content: "Scan the bolts",
            trigger: ".o_count_scan",
            run: "edit TOUR-BOLT && press Enter",
        },
        {
            content: "Type the bolts found (as expected)",
            trigger: '.o_count_line:contains("Tour bolt") .o_count_qty',
            run: "edit 100 && press Enter",
        },
        {
            content: "The bolts are counted",
            trigger: '.o_count_line.table-success:contains("Tour bolt")',
        },
        {
            content: "Scan the washers",
            trigger: ".o_count_scan",
            run: "edit TOUR-WASHER && press Enter",
        },
        {
            content: "Type the washers found (40 short)",
            trigger: '.o_count_line:contains("Tour washer") .o_count_qty',
            run: "edit 160 && press Enter",
        },
        {
            content: "The washers are counted",
            trigger: '.o_count_line.table-success:contains("Tour washer")',
        },
        {
            content: "Submit the count",
            trigger: ".o_count_submit",
            run: "click",
        },
        {
            content: "The recount task is shown, assigned to the other storekeeper",
            trigger:
                '.o_count_recount:contains("Recount TOUR-LOC"):contains("Tour Recounter")',
        },
    ],
});
