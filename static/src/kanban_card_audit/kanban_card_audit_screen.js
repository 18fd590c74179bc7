/** @odoo-module **/

import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";
import {useHandheld} from "../handheld/handheld_kit";
import {
    HandheldHistory,
    HandheldResult,
    HandheldScanInput,
} from "../handheld/handheld_components";

/**
 * Handheld screen of a kanban card audit: pick the warehouse (and a location), then scan every
 * card found, saying where (at the line, in the supermarket, on the train); closing the audit
 * shows what does not match. Built on the handheld kit: a wedge scanner or the manual field
 * feeds one queue, each answer is shown in its colour with its sound.
 */
export class KanbanCardAuditScreen extends Component {
    static template = "industrial_logistics.KanbanCardAuditScreen";
    static components = {HandheldHistory, HandheldResult, HandheldScanInput};
    static props = {...standardActionServiceProps};

    setup() {
        this.action = useService("action");
        this.kit = useHandheld({onScan: (barcode) => this.onScan(barcode)});
        this.state = useState({
            warehouses: [],
            locations: [],
            audits: [],
            audit: null,
            warehouseId: false,
            locationId: false,
            place: "line",
        });
        this.places = [
            ["line", _t("At the line")],
            ["supermarket", _t("In the supermarket")],
            ["train", _t("On the train")],
        ];
        onWillStart(() => this.load(this.props.action?.params?.audit_id || false));
    }

    async load(auditId) {
        const answer = await this.kit.call(
            "logistics.kanban.card.audit",
            "get_screen_data",
            [],
            {
                audit_id: auditId,
            }
        );
        if (!answer.ok) {
            return;
        }
        const data = answer.value;
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
        return this.state.locations.filter(
            (loc) => loc.warehouse_id === this.state.warehouseId
        );
    }

    onWarehouseChange(ev) {
        this.state.warehouseId = parseInt(ev.target.value) || false;
        this.state.locationId = false;
    }

    onLocationChange(ev) {
        this.state.locationId = parseInt(ev.target.value) || false;
    }

    async start() {
        const answer = await this.kit.call(
            "logistics.kanban.card.audit",
            "start_audit",
            [this.state.warehouseId],
            {location_id: this.state.locationId}
        );
        if (answer.ok) {
            await this.resume(answer.value);
        }
    }

    async resume(auditId) {
        this.kit.clear();
        this.kit.setHistory([]);
        await this.load(auditId);
    }

    async onScan(barcode) {
        const audit = this.state.audit;
        if (!audit || audit.state !== "in_progress") {
            this.kit.show("error", _t("Start an audit first, then scan the cards."), {
                label: barcode,
            });
            return;
        }
        const answer = await this.kit.call(
            "logistics.kanban.card.audit",
            "scan",
            [[audit.id], barcode],
            {place: this.state.place},
            {label: barcode}
        );
        if (answer.ok) {
            audit.seen = answer.value.seen;
            this.kit.show(answer.value.status, answer.value.message, {label: barcode});
        }
    }

    async closeAudit() {
        const answer = await this.kit.call(
            "logistics.kanban.card.audit",
            "action_close",
            [[this.state.audit.id]]
        );
        if (answer.ok) {
            this.kit.clear();
            await this.load(this.state.audit.id);
        }
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
        this.kit.clear();
        await this.load(false);
    }

    exit() {
        this.action.doAction({type: "ir.actions.client", tag: "home"});
    }
}

registry
    .category("actions")
    .add("industrial_logistics.kanban_card_audit", KanbanCardAuditScreen);
