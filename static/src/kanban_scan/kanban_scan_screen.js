/** @odoo-module **/

import {onWillStart} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {deserializeDateTime} from "@web/core/l10n/dates";
import {user} from "@web/core/user";
import {HandheldScreen} from "../handheld/handheld_screen";

const CARD_MODEL = "logistics.kanban.card";

/**
 * Full-screen scan screen for operators at the line: each card read (scanner or manual field)
 * calls logistics.kanban.card.scan(), whose answer the handheld kit shows big in green, orange
 * or red. A part missing at the line is declared from here too.
 */
export class KanbanScanScreen extends HandheldScreen {
    static template = "industrial_logistics.KanbanScanScreen";

    setup() {
        super.setup();
        this.action = useService("action");
        onWillStart(() => this.loadHistory());
    }

    /** The operator's last scans, also those of an earlier session. */
    async loadHistory() {
        const scans = await this.kit.orm.searchRead(
            "logistics.kanban.scan",
            [["user_id", "=", user.userId]],
            ["date", "barcode", "status", "message", "card_id"],
            {limit: this.kit.historySize, order: "date desc, id desc"}
        );
        this.kit.setHistory(
            scans.map((scan) => ({
                id: `db-${scan.id}`,
                time: deserializeDateTime(scan.date).toFormat("HH:mm:ss"),
                label: scan.barcode,
                status: scan.status,
                message: scan.message,
                cardId: scan.card_id && scan.card_id[0],
            }))
        );
    }

    async onScan(barcode) {
        const answer = await this.kit.call(
            CARD_MODEL,
            "scan",
            [barcode],
            {source: "scan_screen"},
            {
                label: barcode,
            }
        );
        if (answer.ok) {
            this.showAnswer(barcode, answer.value);
        }
    }

    showAnswer(label, {status, message, card_id}) {
        this.kit.show(status, message, {label, cardId: card_id});
    }

    /** The card typed in the field, or else the card of the last result. */
    async declareMissing() {
        const barcode = this.kit.state.manual.trim();
        const cardId = barcode ? false : this.kit.state.result?.cardId;
        this.kit.state.manual = "";
        const label = barcode || _t("Part missing");
        const answer = await this.kit.call(
            "logistics.stockout.event",
            "declare",
            [],
            {barcode: barcode || false, card_id: cardId || false},
            {label}
        );
        if (answer.ok) {
            this.showAnswer(label, answer.value);
        }
    }

    openCard(cardId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: CARD_MODEL,
            res_id: cardId,
            views: [[false, "form"]],
            target: "current",
        });
    }

    close() {
        this.action.doAction({type: "ir.actions.client", tag: "home"});
    }
}

registry.category("actions").add("industrial_logistics.kanban_scan", KanbanScanScreen);
