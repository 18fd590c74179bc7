/** @odoo-module **/

import {onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {formatQuantity} from "../handheld/handheld_kit";
import {HandheldScreen} from "../handheld/handheld_screen";

const ROUND_MODEL = "logistics.milk.run.round";

/**
 * Handheld screen of the tugger-train driver: pick a round, start it, scan each stop's
 * location label, confirm the drop (validates that stop's transfers), finish.
 * On a round of several trains the driver first picks his train: he then sees only its stops and
 * load, scans only its stops, and his "finish" only notes his train back until the last one is.
 * Scans, answers and sounds are the handheld kit's.
 */
export class MilkRunDriver extends HandheldScreen {
    static template = "industrial_logistics.MilkRunDriver";

    setup() {
        super.setup();
        this.state = useState({
            rounds: [],
            round: null,
            train: null,
            activeStopId: null,
            // what the last drops left empty or low in the supermarket, to confirm
            stockChecks: [],
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
        return this.state.round?.stops.find(
            (stop) => stop.id === this.state.activeStopId
        );
    }

    get myTrain() {
        return this.state.round?.trains.find(
            (train) => train.number === this.state.round.train
        );
    }

    get allDropped() {
        return this.state.round?.stops.every((stop) => stop.state === "done");
    }

    /** "3 stops, 6 containers", and the trains when there are several. */
    loadSummary({stop_count, containers, train_count}) {
        const figures = {
            stops: formatQuantity(stop_count),
            containers: formatQuantity(containers),
            trains: formatQuantity(train_count),
        };
        return train_count > 1
            ? _t(
                  "%(stops)s stops, %(containers)s containers, %(trains)s trains",
                  figures
              )
            : _t("%(stops)s stops, %(containers)s containers", figures);
    }

    /** "6 / 6 containers": the driver's train load against its capacity. */
    trainLoad({containers, capacity_containers}) {
        const load = formatQuantity(containers);
        return capacity_containers
            ? _t("%(load)s / %(capacity)s containers", {
                  load,
                  capacity: formatQuantity(capacity_containers),
              })
            : _t("%(load)s / no limit containers", {load});
    }

    trainStops({stop_count, trip_count}) {
        const figures = {
            stops: formatQuantity(stop_count),
            trips: formatQuantity(trip_count),
        };
        return trip_count > 1
            ? _t("%(stops)s stops in %(trips)s trips", figures)
            : _t("%(stops)s stops", figures);
    }

    get confirmDropLabel() {
        return _t("Confirm drop at %(stop)s (%(containers)s)", {
            stop: this.activeStop.name,
            containers: this.containersLabel(this.activeStop.containers),
        });
    }

    containersLabel(containers) {
        return _t("%(containers)s containers", {
            containers: formatQuantity(containers),
        });
    }

    /** A method of the open round, through the kit (a refusal is shown in red). */
    callRound(method, args = [], label = "") {
        return this.kit.call(
            ROUND_MODEL,
            method,
            [[this.state.round.id], ...args],
            {},
            {label}
        );
    }

    async loadRounds() {
        this.state.round = null;
        this.state.stockChecks = [];
        this.state.train = null;
        this.state.activeStopId = null;
        this.state.rounds = await this.kit.orm.call(
            ROUND_MODEL,
            "get_driver_rounds",
            []
        );
    }

    async openRound(roundId) {
        this.state.round = await this.kit.orm.call(ROUND_MODEL, "get_driver_data", [
            [roundId],
            this.state.train || false,
        ]);
    }

    async onChooseTrain(number) {
        this.state.train = number;
        this.kit.clear();
        await this.openRound(this.state.round.id);
    }

    async onOpenRound(roundId) {
        this.kit.clear();
        await this.openRound(roundId);
    }

    async onStart() {
        const answer = await this.callRound("action_start");
        if (answer.ok) {
            this.kit.show("ok", _t("Round started: scan the first stop."));
            await this.openRound(this.state.round.id);
        }
    }

    async onScan(barcode) {
        if (!this.state.round) {
            return;
        }
        const train = this.state.round.train || false;
        const answer = await this.callRound(
            "action_scan_location",
            [barcode, train],
            barcode
        );
        if (answer.ok) {
            this.state.activeStopId = answer.value;
            await this.openRound(this.state.round.id);
            this.kit.show(
                "ok",
                _t("At %(stop)s: drop the containers, then confirm.", {
                    stop: this.activeStop.name,
                }),
                {label: barcode}
            );
        }
    }

    async onConfirmDrop() {
        const stop = this.activeStop;
        const answer = await this.kit.call(
            "logistics.milk.run.round.stop",
            "action_confirm_drop",
            [[stop.id]],
            {},
            {label: stop.barcode}
        );
        if (!answer.ok) {
            return;
        }
        this.state.activeStopId = null;
        await this.openRound(this.state.round.id);
        const message = this.allDropped
            ? _t("All stops delivered: finish the round.")
            : _t("%(stop)s delivered.", {stop: stop.name});
        this.kit.show("ok", message, {label: stop.barcode});
        await this.loadStockChecks(stop);
    }

    /** The drop's pick left supermarket locations empty or low: the driver confirms them. */
    async loadStockChecks(stop) {
        const answer = await this.kit.call(
            "logistics.milk.run.round.stop",
            "get_low_stock_checks",
            [[stop.id]],
            {},
            {label: stop.barcode}
        );
        if (answer.ok) {
            this.state.stockChecks = [...this.state.stockChecks, ...answer.value];
        }
    }

    onStockChecked({location_id, product_id}) {
        this.state.stockChecks = this.state.stockChecks.filter(
            (check) =>
                check.location_id !== location_id || check.product_id !== product_id
        );
    }

    async onFinish() {
        const train = this.state.round.train || false;
        const answer = await this.callRound("action_finish", [train]);
        if (answer.ok) {
            await this.loadRounds();
            const message =
                answer.value === false
                    ? _t(
                          "Train %(train)s is back; the round ends when the other trains are back. Thank you!",
                          {train}
                      )
                    : _t("Round finished. Thank you!");
            this.kit.show("ok", message);
        }
    }

    async onBack() {
        this.kit.clear();
        await this.loadRounds();
    }
}

registry.category("actions").add("industrial_logistics.milk_run_driver", MilkRunDriver);
