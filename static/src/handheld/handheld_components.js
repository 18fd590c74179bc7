/** @odoo-module **/

import {Component, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {formatQuantity} from "./handheld_kit";

const KIT_PROPS = {kit: {type: Object}};

/** Base of the kit's components: each one renders on the kit's state it reads. */
class HandheldPart extends Component {
    setup() {
        this.state = useState(this.props.kit.state);
    }
}

/**
 * The big coloured answer: green (ok), orange (warning), red (error) or grey (an instruction,
 * or the idle message). Its default slot holds the screen's buttons about that result.
 */
export class HandheldResult extends HandheldPart {
    static template = "industrial_logistics.HandheldResult";
    static props = {
        ...KIT_PROPS,
        idleMessage: {type: String, optional: true},
        slots: {type: Object, optional: true},
    };

    get icon() {
        const icons = {
            ok: "fa-check-circle",
            warning: "fa-exclamation-circle",
            error: "fa-times-circle",
        };
        return icons[this.state.result?.status] || "fa-barcode";
    }
}

/** The manual field (Enter or the button sends it), and how many scans are waiting. */
export class HandheldScanInput extends HandheldPart {
    static template = "industrial_logistics.HandheldScanInput";
    static props = {
        ...KIT_PROPS,
        placeholder: {type: String, optional: true},
        slots: {type: Object, optional: true},
    };

    get waitingMessage() {
        return _t("%(count)s more waiting to be scanned", {
            count: formatQuantity(this.state.waiting),
        });
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.props.kit.scanManual();
        }
    }
}

/** The last results, newest first. */
export class HandheldHistory extends HandheldPart {
    static template = "industrial_logistics.HandheldHistory";
    static props = {...KIT_PROPS};

    statusLabel(status) {
        return (
            {ok: _t("OK"), warning: _t("Warning"), error: _t("Refused")}[status] || ""
        );
    }

    statusBadge(status) {
        return {
            ok: "text-bg-success",
            warning: "text-bg-warning",
            error: "text-bg-danger",
        }[status];
    }
}
