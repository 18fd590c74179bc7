/** @odoo-module **/

/**
 * The handheld screen kit: what every shop-floor screen (kanban scan, tugger driver, count)
 * shares, so that they look and behave alike and each keeps only its own logic.
 *
 * A new screen extends HandheldScreen (handheld_screen.js), which gives it this.kit and the
 * kit's components, and handles its own barcodes:
 *     class MyScreen extends HandheldScreen {
 *         static template = "industrial_logistics.MyScreen";
 *         async onScan(barcode) {
 *             const answer = await this.kit.call("my.model", "action_scan", [[id], barcode], {}, {
 *                 label: barcode,
 *             });
 *             if (answer.ok) {
 *                 this.kit.show("ok", answer.value.message, {label: barcode});
 *             }
 *         }
 *     }
 * and its template holds <HandheldResult kit="kit"/>, <HandheldScanInput kit="kit"/> and
 * <HandheldHistory kit="kit"/> (handheld_components.js).
 */

import {useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {formatFloat} from "@web/core/utils/numbers";
import {useBus, useService} from "@web/core/utils/hooks";
import {handheldSound} from "./handheld_sound";

export const HISTORY_SIZE = 10;

// Refusals the server explains to the user: their message is shown as it is.
const REFUSALS = [
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
];

let nextEntryId = 1;

/** A quantity as the user's language writes it ("1 234,5" in French), without trailing zeros. */
export function formatQuantity(value) {
    return formatFloat(value || 0, {trailingZeros: false});
}

/** The time of day of a result, "14:05:09". */
export function formatClock(date = new Date()) {
    return date.toTimeString().slice(0, 8);
}

export class HandheldKit {
    constructor({orm, soundEffects, onScan, historySize}) {
        this.orm = orm;
        this.soundEffects = soundEffects;
        this.onScan = onScan;
        this.historySize = historySize;
        // result: the big coloured answer ({status, message, label, ...}); status "idle" is a prompt
        this.state = useState({
            result: null,
            history: [],
            waiting: 0,
            busy: false,
            manual: "",
        });
        // Barcodes read while one is in flight: sent one after the other, in the order read,
        // none lost and none sent twice.
        this.queue = [];
    }

    /** Queues one barcode (scanner or manual field) and works the queue if it is idle. */
    async scan(barcode) {
        barcode = (barcode || "").trim();
        if (!barcode) {
            return;
        }
        this.queue.push(barcode);
        this.state.waiting = this.queue.length;
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            while (this.queue.length) {
                const next = this.queue.shift();
                this.state.waiting = this.queue.length;
                try {
                    await this.onScan(next);
                } catch (error) {
                    // One failed scan must not stop the ones queued behind it: say so in red.
                    this.showError(error, {label: next});
                }
            }
        } finally {
            this.state.busy = false;
        }
    }

    /** Sends what the manual field holds; the field is cleared at once for the next one. */
    scanManual() {
        const barcode = this.state.manual;
        this.state.manual = "";
        return this.scan(barcode);
    }

    /**
     * The one RPC of a handheld screen. A server refusal (UserError, AccessError...) becomes the
     * red result with the server's message; the caller gets {ok: false} and changes nothing.
     * @returns {Promise<{ok: boolean, value?: any}>}
     */
    async call(model, method, args = [], kwargs = {}, {label = ""} = {}) {
        try {
            return {ok: true, value: await this.orm.call(model, method, args, kwargs)};
        } catch (error) {
            this.showError(error, {label});
            return {ok: false};
        }
    }

    /** The red result of a failed call: the server's refusal, or what failed and to try again. */
    showError(error, {label = ""} = {}) {
        const refusal = REFUSALS.includes(error.data?.name) && error.data.message;
        const reason = error.data?.message || error.message || String(error);
        let message = refusal;
        if (!refusal) {
            message = label
                ? _t("%(barcode)s was not scanned (%(reason)s): scan it again.", {
                      barcode: label,
                      reason,
                  })
                : _t("Not done (%(reason)s): try again.", {reason});
        }
        this.show("error", message, {label});
    }

    /**
     * Shows a result big, in its colour, plays its sound and lists it among the last scans.
     * @param {"ok"|"warning"|"error"} status
     * @param {string} message
     * @param {Object} [extra] label (what was scanned or done) and any field the screen needs
     */
    show(status, message, extra = {}) {
        const entry = {
            label: "",
            ...extra,
            id: nextEntryId++,
            time: formatClock(),
            status,
            message,
        };
        this.state.result = entry;
        this.state.history = [entry, ...this.state.history].slice(0, this.historySize);
        handheldSound.play(this.soundEffects, status);
        return entry;
    }

    /** A grey instruction ("scan the location"): no sound, not a scan. */
    prompt(message) {
        this.state.result = {id: nextEntryId++, status: "idle", message};
    }

    /** No answer shown (a new round or task is opened). */
    clear() {
        this.state.result = null;
    }

    /** Replaces the last scans, e.g. with the ones the server kept from an earlier session. */
    setHistory(entries) {
        this.state.history = entries.slice(0, this.historySize);
    }
}

/**
 * Gives a screen its kit: scans from Odoo's barcode service (a keyboard-wedge or camera
 * scanner) go to the queue like the manual field's.
 * @param {Object} options
 * @param {(barcode: string) => Promise<void>} options.onScan the screen's own handling of one barcode
 * @param {number} [options.historySize]
 */
export function useHandheld({onScan, historySize = HISTORY_SIZE}) {
    const kit = new HandheldKit({
        orm: useService("orm"),
        soundEffects: useService("mail.sound_effects"),
        onScan,
        historySize,
    });
    const barcode = useService("barcode");
    useBus(barcode.bus, "barcode_scanned", (ev) => kit.scan(ev.detail.barcode));
    return kit;
}
