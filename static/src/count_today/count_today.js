/** @odoo-module **/

import {onWillStart, useEffect, useRef, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {formatQuantity} from "../handheld/handheld_kit";
import {HandheldScreen} from "../handheld/handheld_screen";

const TASK_MODEL = "logistics.count.task";

/**
 * "My counts today": the storekeeper's handheld screen. Scan the location, then each
 * product or lot, type the quantity, submit. Every rule lives in the model; this screen
 * only calls it, and the handheld kit shows one clear answer per scan (green or red).
 */
export class CountToday extends HandheldScreen {
    static template = "industrial_logistics.CountToday";

    setup() {
        super.setup();
        this.formatQuantity = formatQuantity;
        this.state = useState({tasks: [], task: null, focusLineId: null});
        this.root = useRef("root");
        // after a product scan, the cursor waits in that product's quantity
        useEffect(
            (lineId) => {
                if (lineId) {
                    this.root.el
                        ?.querySelector(
                            `.o_count_line[data-line-id="${lineId}"] .o_count_qty`
                        )
                        ?.focus();
                }
            },
            () => [this.state.focusLineId]
        );
        onWillStart(() => this.loadTasks());
    }

    async loadTasks() {
        this.state.tasks = await this.kit.orm.call(
            TASK_MODEL,
            "get_my_counts_today",
            []
        );
    }

    async openTask(taskId) {
        this.state.task = await this.kit.orm.call(TASK_MODEL, "get_count_screen_data", [
            [taskId],
        ]);
        if (this.state.task.location_confirmed) {
            this.kit.clear();
        } else {
            this.kit.prompt(
                _t("Scan the location %(location)s", {
                    location: this.state.task.location,
                })
            );
        }
    }

    async backToList() {
        this.state.task = null;
        this.kit.clear();
        await this.loadTasks();
    }

    /** A method of the open task, through the kit (a refusal is shown in red). */
    callTask(method, args, label = "") {
        return this.kit.call(
            TASK_MODEL,
            method,
            [[this.state.task.id], ...args],
            {},
            {label}
        );
    }

    async refresh() {
        this.state.task = await this.kit.orm.call(TASK_MODEL, "get_count_screen_data", [
            [this.state.task.id],
        ]);
    }

    async onScan(barcode) {
        if (!this.state.task) {
            return;
        }
        const answer = await this.callTask("action_scan", [barcode], barcode);
        if (answer.ok) {
            this.kit.show("ok", answer.value.message, {label: barcode});
            await this.refresh();
            this.state.focusLineId = answer.value.line_id || null;
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
            this.kit.show("error", _t("“%(value)s” is not a number", {value}), {
                label: line.product,
            });
            return;
        }
        const answer = await this.callTask(
            "action_set_counted_qty",
            [line.id, quantity],
            line.product
        );
        if (answer.ok) {
            const message = _t("%(product)s: %(quantity)s %(uom)s", {
                product: line.product,
                quantity: formatQuantity(quantity),
                uom: line.uom,
            });
            this.kit.show("ok", message, {label: line.product});
            await this.refresh();
        }
    }

    async submit() {
        const answer = await this.callTask("action_submit", []);
        if (!answer.ok) {
            return;
        }
        await this.refresh();
        const recounts = this.state.task.recounts;
        if (recounts.length) {
            const names = recounts
                .map((r) => `${r.name} (${r.user || _t("unassigned")})`)
                .join(", ");
            this.kit.show(
                "warning",
                _t("Out of tolerance: recount requested: %(names)s", {names})
            );
        } else {
            this.kit.show("ok", _t("Count posted"));
        }
    }
}

registry.category("actions").add("industrial_logistics.count_today", CountToday);
