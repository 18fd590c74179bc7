/** @odoo-module **/

import { Component, onWillStart, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";
import { deserializeDateTime } from "@web/core/l10n/dates";
import { user } from "@web/core/user";

const HISTORY_SIZE = 10;

// One clear sound per result, made by the browser (no audio file to load):
// a high short beep for ok, two beeps for a warning, a long low buzz for an error.
const TONES = {
    ok: [[880, 0.15]],
    warning: [[660, 0.12], [0, 0.08], [660, 0.12]],
    error: [[220, 0.6]],
};

function playTone(status) {
    const AudioContext = window.AudioContext || window.webkitAudioContext;
    if (!AudioContext) {
        return;
    }
    try {
        const context = new AudioContext();
        let start = context.currentTime;
        for (const [frequency, duration] of TONES[status] || []) {
            if (frequency) {
                const oscillator = context.createOscillator();
                const gain = context.createGain();
                oscillator.type = status === "error" ? "square" : "sine";
                oscillator.frequency.value = frequency;
                gain.gain.value = 0.2;
                oscillator.connect(gain).connect(context.destination);
                oscillator.start(start);
                oscillator.stop(start + duration);
            }
            start += duration;
        }
        setTimeout(() => context.close(), (start - context.currentTime + 0.2) * 1000);
    } catch {
        // No sound is better than no scan.
    }
}

/**
 * Full-screen scan screen for operators at the line: a keyboard-wedge scanner
 * (through Odoo's barcode service) or the manual field calls
 * logistics.kanban.card.scan(), and the answer is shown big in green, orange or red.
 */
export class KanbanScanScreen extends Component {
    static template = "industrial_logistics.KanbanScanScreen";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.barcode = useService("barcode");
        this.manualInput = useRef("manualInput");
        this.state = useState({ result: null, history: [], manual: "", busy: false, waiting: 0 });
        // Barcodes scanned while a scan is in flight: a stack of cards scanned quickly
        // is processed card after card, in the order read, none lost.
        this.queue = [];
        useBus(this.barcode.bus, "barcode_scanned", (ev) => this.scan(ev.detail.barcode));
        onWillStart(() => this.loadHistory());
    }

    async loadHistory() {
        const scans = await this.orm.searchRead(
            "logistics.kanban.scan",
            [["user_id", "=", user.userId]],
            ["date", "barcode", "status", "message", "card_id"],
            { limit: HISTORY_SIZE, order: "date desc, id desc" }
        );
        this.state.history = scans.map((scan) => ({
            id: `db-${scan.id}`,
            time: deserializeDateTime(scan.date).toFormat("HH:mm:ss"),
            barcode: scan.barcode,
            status: scan.status,
            message: scan.message,
            cardId: scan.card_id && scan.card_id[0],
        }));
    }

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
                this.show(next, await this.callScan(next));
            }
        } finally {
            this.state.busy = false;
        }
    }

    async callScan(barcode) {
        try {
            return await this.orm.call("logistics.kanban.card", "scan", [barcode], {
                source: "scan_screen",
            });
        } catch (error) {
            // One failed call must not stop the cards queued behind it: say so in red.
            return {
                status: "error",
                message: _t("%(barcode)s was not scanned (%(reason)s): scan it again.", {
                    barcode,
                    reason: (error.data && error.data.message) || error.message,
                }),
                card_id: false,
            };
        }
    }

    async declareMissing() {
        const barcode = this.state.manual.trim();
        const cardId = barcode ? false : this.state.result && this.state.result.cardId;
        const result = await this.orm.call("logistics.stockout.event", "declare", [], {
            barcode: barcode || false,
            card_id: cardId || false,
        });
        this.state.manual = "";
        this.show(barcode || _t("Part missing"), result);
    }

    show(barcode, result) {
        const entry = {
            id: `${Date.now()}-${Math.random()}`,
            time: new Date().toTimeString().slice(0, 8),
            barcode,
            status: result.status,
            message: result.message,
            cardId: result.card_id,
        };
        this.state.result = entry;
        this.state.history = [entry, ...this.state.history].slice(0, HISTORY_SIZE);
        playTone(result.status);
    }

    onManualKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.onManualScan();
        }
    }

    onManualScan() {
        // Cleared at once, so the next card can be typed while this one is scanned.
        const barcode = this.state.manual;
        this.state.manual = "";
        this.scan(barcode);
    }

    openCard(cardId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "logistics.kanban.card",
            res_id: cardId,
            views: [[false, "form"]],
            target: "current",
        });
    }

    close() {
        this.action.doAction({ type: "ir.actions.client", tag: "home" });
    }
}

registry.category("actions").add("industrial_logistics.kanban_scan", KanbanScanScreen);
