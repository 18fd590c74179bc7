/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";

const HISTORY_SIZE = 8;

/**
 * Handheld screen of a kanban card audit: pick the warehouse (and a location), then scan every
 * card found, saying where (at the line, in the supermarket, on the train); closing the audit
 * shows what does not match. A wedge scanner (Odoo's barcode service) or the manual field
 * calls logistics.kanban.card.audit.scan().
 */
export class KanbanCardAuditScreen extends Component {
    static template = "industrial_logistics.KanbanCardAuditScreen";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.barcode = useService("barcode");
        this.state = useState({
            warehouses: [],
            locations: [],
            audits: [],
            audit: null,
            warehouseId: false,
            locationId: false,
            place: "line",
            manual: "",
            result: null,
            history: [],
            busy: false,
        });
        this.places = [
            ["line", _t("At the line")],
            ["supermarket", _t("In the supermarket")],
            ["train", _t("On the train")],
        ];
        this.queue = [];
        useBus(this.barcode.bus, "barcode_scanned", (ev) => this.scan(ev.detail.barcode));
        onWillStart(() => this.load(this.props.action?.params?.audit_id || false));
    }

    async load(auditId) {
        const data = await this.orm.call("logistics.kanban.card.audit", "get_screen_data", [], {
            audit_id: auditId,
        });
        Object.assign(this.state, {
            warehouses: data.warehouses,
            locations: data.locations,
            audits: data.audits,
            audit: data.audit,
        });
        if (!this.state.warehouseId && data.warehouses.length) {
            this.state.warehouseId = data.warehouses[0].id;
        }
    }

    get warehouseLocations() {
        return this.state.locations.filter((loc) => loc.warehouse_id === this.state.warehouseId);
    }

    onWarehouseChange(ev) {
        this.state.warehouseId = parseInt(ev.target.value) || false;
        this.state.locationId = false;
    }

    onLocationChange(ev) {
        this.state.locationId = parseInt(ev.target.value) || false;
    }

    async start() {
        const audit = await this.orm.call("logistics.kanban.card.audit", "start_audit", [
            this.state.warehouseId,
        ], { location_id: this.state.locationId });
        this.state.result = null;
        this.state.history = [];
        await this.load(audit);
    }

    async resume(auditId) {
        this.state.result = null;
        this.state.history = [];
        await this.load(auditId);
    }

    async scan(barcode) {
        barcode = (barcode || "").trim();
        if (!barcode || !this.state.audit || this.state.audit.state !== "in_progress") {
            return;
        }
        this.queue.push([barcode, this.state.place]);
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            while (this.queue.length) {
                const [next, place] = this.queue.shift();
                this.show(next, await this.callScan(next, place));
            }
        } finally {
            this.state.busy = false;
        }
    }

    async callScan(barcode, place) {
        try {
            const result = await this.orm.call(
                "logistics.kanban.card.audit",
                "scan",
                [[this.state.audit.id], barcode],
                { place }
            );
            this.state.audit.seen = result.seen;
            return result;
        } catch (error) {
            return {
                status: "error",
                message: _t("%(barcode)s was not recorded (%(reason)s): scan it again.", {
                    barcode,
                    reason: (error.data && error.data.message) || error.message,
                }),
            };
        }
    }

    show(barcode, result) {
        const entry = {
            id: `${Date.now()}-${Math.random()}`,
            barcode,
            status: result.status,
            message: result.message,
        };
        this.state.result = entry;
        this.state.history = [entry, ...this.state.history].slice(0, HISTORY_SIZE);
    }

    onManualKeydown(ev) {
        if (ev.key === "Enter") {
            ev.preventDefault();
            this.onManualScan();
        }
    }

    onManualScan() {
        const barcode = this.state.manual;
        this.state.manual = "";
        this.scan(barcode);
    }

    async closeAudit() {
        await this.orm.call("logistics.kanban.card.audit", "action_close", [[this.state.audit.id]]);
        this.state.result = null;
        await this.load(this.state.audit.id);
    }

    openAudit() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "logistics.kanban.card.audit",
            res_id: this.state.audit.id,
            views: [[false, "form"]],
            target: "current",
        });
    }

    async backToStart() {
        this.state.result = null;
        await this.load(false);
    }

    exit() {
        this.action.doAction({ type: "ir.actions.client", tag: "home" });
    }
}

registry.category("actions").add("industrial_logistics.kanban_card_audit", KanbanCardAuditScreen);
