/** @odoo-module **/

import { Component, onWillStart, useEffect, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

const TASK_MODEL = "logistics.count.task";

/**
 * "My counts today": the storekeeper's handheld screen. Scan the location, then each
 * product or lot, type the quantity, submit. Every rule lives in the model; this screen
 * only calls it and shows one clear answer per scan (green or red).
 */
export class CountToday extends Component {
    static template = "industrial_logistics.CountToday";
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.state = useState({
            tasks: [],
            task: null,
            message: "",
            error: false,
            scan: "",
            focusLineId: null,
        });
        this.root = useRef("root");
        // after a product scan, the cursor waits in that product's quantity
        useEffect(
            (lineId) => {
                if (lineId) {
                    this.root.el
                        ?.querySelector(`.o_count_line[data-line-id="${lineId}"] .o_count_qty`)
                        ?.focus();
                }
            },
            () => [this.state.focusLineId]
        );
        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) => this.onScan(ev.detail.barcode));
        onWillStart(() => this.loadTasks());
    }

    async loadTasks() {
        this.state.tasks = await this.orm.call(TASK_MODEL, "get_my_counts_today", []);
    }

    async openTask(taskId) {
        this.state.task = await this.orm.call(TASK_MODEL, "get_count_screen_data", [[taskId]]);
        this.say(
            this.state.task.location_confirmed
                ? ""
                : _t("Scan the location %s", this.state.task.location)
        );
    }

    async backToList() {
        this.state.task = null;
        this.say("");
        await this.loadTasks();
    }

    say(message, error = false) {
        this.state.message = message;
        this.state.error = error;
    }

    /** Runs a model method; a refusal (UserError) becomes the red message, nothing else changes. */
    async call(method, args) {
        try {
            return { result: await this.orm.call(TASK_MODEL, method, [[this.state.task.id], ...args]) };
        } catch (error) {
            this.say(error.data?.message || error.message, true);
            return null;
        }
    }

    async refresh() {
        this.state.task = await this.orm.call(TASK_MODEL, "get_count_screen_data", [
            [this.state.task.id],
        ]);
    }

    async onScan(barcode) {
        if (!this.state.task || !barcode) {
            return;
        }
        const answer = await this.call("action_scan", [barcode]);
        if (answer) {
            this.say(answer.result.message);
            await this.refresh();
            this.state.focusLineId = answer.result.line_id || null;
        }
    }

    async onScanInputKeydown(ev) {
        if (ev.key === "Enter") {
            const barcode = this.state.scan.trim();
            this.state.scan = "";
            await this.onScan(barcode);
        }
    }

    async onQuantityKeydown(line, ev) {
        if (ev.key === "Enter") {
            await this.onQuantityChange(line, ev);
        }
    }

    /** Enter or leaving the field saves the quantity, once. */
    async onQuantityChange(line, ev) {
        const value = ev.target.value.trim();
        if (value === "" || (line.is_counted && Number(value) === line.counted_qty)) {
            return;
        }
        const quantity = Number(value.replace(",", "."));
        if (!Number.isFinite(quantity)) {
            this.say(_t("“%s” is not a number", value), true);
            return;
        }
        if (await this.call("action_set_counted_qty", [line.id, quantity])) {
            this.say(`${line.product}: ${quantity}`);
            await this.refresh();
        }
    }

    async submit() {
        if (await this.call("action_submit", [])) {
            await this.refresh();
            const recounts = this.state.task.recounts;
            if (recounts.length) {
                const names = recounts
                    .map((r) => `${r.name} (${r.user || _t("unassigned")})`)
                    .join(", ");
                this.say(_t("Out of tolerance: recount requested: %s", names), true);
            } else {
                this.say(_t("Count posted"));
            }
        }
    }
}

registry.category("actions").add("industrial_logistics.count_today", CountToday);
