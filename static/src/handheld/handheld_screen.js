/** @odoo-module **/

import {Component} from "@odoo/owl";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";
import {useHandheld} from "./handheld_kit";
import {
    HandheldHistory,
    HandheldResult,
    HandheldScanInput,
} from "./handheld_components";
import {HandheldStockCheck} from "./handheld_stock_check";

/**
 * Base of a handheld client action: its kit (this.kit) and the kit's components. A screen
 * sets its template, calls super.setup() and overrides onScan(barcode).
 */
export class HandheldScreen extends Component {
    static components = {
        HandheldHistory,
        HandheldResult,
        HandheldScanInput,
        HandheldStockCheck,
    };
    static props = {...standardActionServiceProps};

    setup() {
        this.kit = useHandheld({onScan: (barcode) => this.onScan(barcode)});
    }

    /** One barcode read by the scanner or typed: the screen's own handling. */
    async onScan(barcode) {
        throw new Error(
            `${this.constructor.name} does not handle the scan of ${barcode}`
        );
    }
}
