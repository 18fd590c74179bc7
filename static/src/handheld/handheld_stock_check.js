/** @odoo-module **/

import {Component, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {parseFloat} from "@web/views/fields/parsers";
import {formatQuantity} from "./handheld_kit";

const TASK_MODEL = "logistics.count.task";

/**
 * The zero / low-stock confirmation: after a pick left a location empty or low, the picker
 * confirms what is left ("Is C021 at L-A-03 empty? Yes / No: type what is left"). Each answer
 * is an opportunistic count (logistics.count.task.action_confirm_remaining), shown by the kit
 * like a scan. `checks` are the server's [{location_id, product_id, location, product, uom,
 * book_qty, empty, blind}]; the first one is asked, and `onAnswered(check)` is called once the
 * server took its answer.
 */
export class HandheldStockCheck extends Component {
    static template = "industrial_logistics.HandheldStockCheck";
    static props = {
        kit: {type: Object},
        checks: {type: Array},
        onAnswered: {type: Function},
    };

    setup() {
        this.state = useState({editing: false, quantity: ""});
    }

    get check() {
        return this.props.checks[0];
    }

    get typing() {
        return this.state.editing || this.check.blind;
    }

    get question() {
        const {product, location, uom, book_qty, empty, blind} = this.check;
        if (blind) {
            return _t("How many %(product)s are left at %(location)s (%(uom)s)?", {
                product,
                location,
                uom,
            });
        }
        if (empty) {
            return _t("Is %(product)s at %(location)s empty?", {product, location});
        }
        return _t("Are %(quantity)s %(uom)s of %(product)s left at %(location)s?", {
            quantity: formatQuantity(book_qty),
            uom,
            product,
            location,
        });
    }

    get moreMessage() {
        return _t("%(count)s more to confirm", {
            count: formatQuantity(this.props.checks.length - 1),
        });
    }

    /** Yes: what the books say is what is there (nothing, when the location is empty). */
    onYes() {
        return this.confirm(this.check.empty ? 0 : this.check.book_qty);
    }

    onNo() {
        this.state.editing = true;
        this.state.quantity = "";
    }

    onTyped() {
        let quantity = NaN;
        try {
            quantity = parseFloat(this.state.quantity);
        } catch {
            quantity = NaN;
        }
        if (this.state.quantity.trim() === "" || Number.isNaN(quantity)) {
            this.props.kit.show(
                "error",
                _t("Type what is left as a number (0 if none)."),
                {
                    label: this.check.location,
                }
            );
            return;
        }
        return this.confirm(quantity);
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.onTyped();
        }
    }

    async confirm(quantity) {
        const check = this.check;
        const label = `${check.product} @ ${check.location}`;
        const answer = await this.props.kit.call(
            TASK_MODEL,
            "action_confirm_remaining",
            [check.location_id, check.product_id, quantity],
            {},
            {label}
        );
        if (!answer.ok) {
            return;
        }
        this.props.kit.show(answer.value.status, answer.value.message, {label});
        this.state.editing = false;
        this.state.quantity = "";
        this.props.onAnswered(check);
    }
}
