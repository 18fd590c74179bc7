import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";

/**
 * Handheld screen of the tugger-train driver: pick a round, start it, scan each stop's
 * location label, confirm the drop (validates that stop's transfers), finish.
 * On a round of several trains the driver first picks his train: he then sees only its stops and
 * load, scans only its stops, and his "finish" only notes his train back until the last one is.
 * A scanner acting as a keyboard can also type into the scan field.
 */
export class MilkRunDriver extends Component {
    static template = "industrial_logistics.MilkRunDriver";
    static props = { "*": true };

    setup() {
        this.orm = useService("orm");
        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) => this.onScan(ev.detail.barcode));
        this.state = useState({
            rounds: [],
            round: null,
            train: null,
            activeStopId: null,
            scanInput: "",
            feedback: null,
        });
        onWillStart(async () => {
            const roundId = this.props.action?.params?.round_id;
            if (roundId) {
                await this.openRound(roundId);
            } else {
                await this.loadRounds();
            }
        });
    }

    get activeStop() {
        return this.state.round?.stops.find((stop) => stop.id === this.state.activeStopId);
    }

    get myTrain() {
        return this.state.round?.trains.find((train) => train.number === this.state.round.train);
    }

    get allDropped() {
        return this.state.round?.stops.every((stop) => stop.state === "done");
    }

    say(text, ok = true) {
        this.state.feedback = { text, ok };
    }

    async call(method, roundIds, args = []) {
        try {
            return { ok: true, value: await this.orm.call("logistics.milk.run.round", method, [roundIds, ...args]) };
        } catch (error) {
            this.say(error.data?.message || error.message, false);
            return { ok: false };
        }
    }

    async loadRounds() {
        this.state.round = null;
        this.state.train = null;
        this.state.activeStopId = null;
        this.state.rounds = await this.orm.call("logistics.milk.run.round", "get_driver_rounds", []);
    }

    async openRound(roundId) {
        this.state.round = await this.orm.call("logistics.milk.run.round", "get_driver_data", [
            [roundId],
            this.state.train || false,
        ]);
    }

    async onChooseTrain(number) {
        this.state.train = number;
        this.state.feedback = null;
        await this.openRound(this.state.round.id);
    }

    async onOpenRound(roundId) {
        this.state.feedback = null;
        await this.openRound(roundId);
    }

    async onStart() {
        const result = await this.call("action_start", [this.state.round.id]);
        if (result.ok) {
            this.say(_t("Round started: scan the first stop."));
            await this.openRound(this.state.round.id);
        }
    }

    async onScan(barcode) {
        if (!this.state.round || !barcode) {
            return;
        }
        const result = await this.call("action_scan_location", [this.state.round.id], [
            barcode,
            this.state.round.train || false,
        ]);
        if (result.ok) {
            this.state.activeStopId = result.value;
            await this.openRound(this.state.round.id);
            this.say(_t("At %s: drop the containers, then confirm.", this.activeStop.name));
        }
    }

    async onScanInputKeydown(ev) {
        if (ev.key === "Enter") {
            const barcode = this.state.scanInput.trim();
            this.state.scanInput = "";
            await this.onScan(barcode);
        }
    }

    async onConfirmDrop() {
        try {
            await this.orm.call("logistics.milk.run.round.stop", "action_confirm_drop", [[this.state.activeStopId]]);
        } catch (error) {
            this.say(error.data?.message || error.message, false);
            return;
        }
        const name = this.activeStop.name;
        this.state.activeStopId = null;
        await this.openRound(this.state.round.id);
        this.say(this.allDropped ? _t("All stops delivered: finish the round.") : _t("%s delivered.", name));
    }

    async onFinish() {
        const train = this.state.round.train || false;
        const result = await this.call("action_finish", [this.state.round.id], [train]);
        if (result.ok) {
            await this.loadRounds();
            this.say(
                result.value === false
                    ? _t("Train %s is back; the round ends when the other trains are back. Thank you!", train)
                    : _t("Round finished. Thank you!")
            );
        }
    }

    async onBack() {
        this.state.feedback = null;
        await this.loadRounds();
    }
}

registry.category("actions").add("industrial_logistics.milk_run_driver", MilkRunDriver);
