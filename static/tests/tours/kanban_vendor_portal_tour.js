import {registry} from "@web/core/registry";

// A vendor's contact opens the kanban cards to ship in the portal, confirms that the card's
// container ships in three days, and reads the confirmation.

function inDays(days) {
    const date = new Date();
    date.setDate(date.getDate() + days);
    const pad = (n) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

registry.category("web_tour.tours").add("industrial_logistics_kanban_vendor_portal", {
    url: "/my/kanban",
    steps: () => [
        {
            content:
                "The card ordered from the vendor is listed with its label to print",
            trigger:
                "tr.o_kanban_portal_card:contains(T-BUY-01) a.o_kanban_portal_label",
        },
        {
            content: "Give the ship date: in three days",
            trigger:
                "tr.o_kanban_portal_card:contains(T-BUY-01) input.o_kanban_portal_ship_date",
            run() {
                this.anchor.value = inDays(3);
            },
        },
        {
            content: "Confirm it",
            trigger:
                "tr.o_kanban_portal_card:contains(T-BUY-01) button.o_kanban_portal_confirm_button",
            run: "click",
        },
        {
            content: "The confirmation is shown",
            trigger: ".o_kanban_portal_confirmed:contains(T-BUY-01)",
        },
        {
            content: "The card shows the date confirmed",
            trigger:
                "tr.o_kanban_portal_card:contains(T-BUY-01) .o_kanban_portal_confirmed_on",
        },
    ],
});
