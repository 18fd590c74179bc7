/** @odoo-module **/

import {onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {formatQuantity} from "../handheld/handheld_kit";
import {HandheldScreen} from "../handheld/handheld_screen";

const INSPECTION_MODEL = "logistics.return.inspection";

let nextLineKey = 1;

/**
 * The inspector's handheld screen for returned goods: scan the product or its lot / serial,
 * read who returned it and how many, pick the reason and what becomes of each quantity (a
 * return can be split), write a note, take a photo, confirm. The server finds the return and
 * checks everything (rights, quantities); a manager's confirmation also runs the dispositions.
 */
export class ReturnInspectionScreen extends HandheldScreen {
    static template = "industrial_logistics.ReturnInspectionScreen";

    setup() {
        super.setup();
        this.action = useService("action");
        this.formatQuantity = formatQuantity;
        this.state = useState({
            reasons: [],
            dispositions: [],
            isManager: false,
            inspection: null,
            reasonId: false,
            lines: [],
            notes: "",
            photo: null,
        });
        onWillStart(() => this.loadChoices());
    }

    async loadChoices() {
        const answer = await this.kit.call(
            INSPECTION_MODEL,
            "get_inspection_screen_data"
        );
        if (answer.ok) {
            Object.assign(this.state, {
                reasons: answer.value.reasons,
                dispositions: answer.value.dispositions,
                isManager: answer.value.is_manager,
            });
        }
    }

    async onScan(barcode) {
        const answer = await this.kit.call(
            INSPECTION_MODEL,
            "scan_return",
            [barcode],
            {},
            {label: barcode}
        );
        if (answer.ok) {
            this.open(answer.value.inspection);
            this.kit.show(answer.value.status, answer.value.message, {label: barcode});
        }
    }

    /** Shows a return, its open quantity proposed on one line (the reason's disposition). */
    open(inspection) {
        Object.assign(this.state, {
            inspection,
            reasonId: inspection.reason_id,
            notes: "",
            photo: null,
            lines: [],
        });
        if (inspection.qty_open > 0) {
            this.state.lines.push(this.newLine(inspection.qty_open));
        }
    }

    /** "2 Units returned", and how many are disposed of already. */
    get quantityText() {
        const inspection = this.state.inspection;
        const returned = _t("%(quantity)s %(uom)s returned", {
            quantity: formatQuantity(inspection.quantity),
            uom: inspection.uom,
        });
        if (!inspection.qty_disposed) {
            return returned;
        }
        return _t("%(returned)s, %(disposed)s disposed of", {
            returned,
            disposed: formatQuantity(inspection.qty_disposed),
        });
    }

    get chosenReason() {
        return this.state.reasons.find((reason) => reason.id === this.state.reasonId);
    }

    newLine(quantity) {
        return {
            key: nextLineKey++,
            type: this.chosenReason?.default_disposition || "restock",
            quantity,
            chosen: false,
        };
    }

    /** What is neither disposed of, proposed, nor on a line of the screen yet. */
    get qtyLeft() {
        const onLines = this.state.lines.reduce(
            (sum, line) => sum + (line.quantity || 0),
            0
        );
        return Math.max((this.state.inspection?.qty_open || 0) - onLines, 0);
    }

    /** Splits the return: a new line for what no line takes yet. */
    addLine() {
        this.state.lines.push(this.newLine(this.qtyLeft));
    }

    removeLine(key) {
        this.state.lines = this.state.lines.filter((line) => line.key !== key);
    }

    onReasonChange(ev) {
        this.state.reasonId = parseInt(ev.target.value) || false;
        // the reason's default disposition, on the lines the inspector has not chosen yet
        const proposed = this.chosenReason?.default_disposition;
        for (const line of this.state.lines) {
            if (proposed && !line.chosen) {
                line.type = proposed;
            }
        }
    }

    onTypeChange(line, ev) {
        line.type = ev.target.value;
        line.chosen = true;
    }

    onQuantityChange(line, ev) {
        const value = ev.target.value.trim();
        const quantity = Number(value.replace(",", "."));
        if (!value || !Number.isFinite(quantity)) {
            this.kit.show("error", _t("“%(value)s” is not a number", {value}), {
                label: this.state.inspection.name,
            });
            ev.target.value = formatQuantity(line.quantity);
            return;
        }
        line.quantity = quantity;
    }

    /** The photo, read on the handheld and sent with the confirmation. */
    onPhotoChange(ev) {
        const file = ev.target.files && ev.target.files[0];
        if (!file) {
            this.state.photo = null;
            return;
        }
        const reader = new FileReader();
        reader.onload = () => {
            this.state.photo = {
                name: file.name,
                data: reader.result.split(",")[1] || "",
            };
        };
        reader.readAsDataURL(file);
    }

    async confirm() {
        const inspection = this.state.inspection;
        const answer = await this.kit.call(
            INSPECTION_MODEL,
            "action_handheld_confirm",
            [[inspection.id], this.state.reasonId],
            {
                dispositions: this.state.lines.map((line) => ({
                    disposition_type: line.type,
                    quantity: line.quantity,
                })),
                notes: this.state.notes,
                photo: this.state.photo,
            },
            {label: inspection.name}
        );
        if (answer.ok) {
            this.kit.show(answer.value.status, answer.value.message, {
                label: inspection.name,
            });
            this.state.inspection = null;
        }
    }

    /** Back to scanning without recording anything. */
    cancel() {
        this.state.inspection = null;
        this.kit.clear();
    }

    openInspection() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: INSPECTION_MODEL,
            res_id: this.state.inspection.id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    close() {
        this.action.doAction({type: "ir.actions.client", tag: "home"});
    }
}

registry
    .category("actions")
    .add("industrial_logistics.return_inspection", ReturnInspectionScreen);
