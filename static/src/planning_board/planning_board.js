import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {deserializeDateTime, formatDate, formatDateTime} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {formatFloat} from "@web/core/utils/numbers";
import {useService} from "@web/core/utils/hooks";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";

const MODEL = "logistics.planning.board";
const DAY_MS = 24 * 3600 * 1000;

/**
 * Planning board (issue 15): one row per work centre, its work orders as bars over the days,
 * the load against capacity under each row (overloaded days in red), late orders marked; the
 * levelling's proposal beside the current plan or instead of it, applied for all or some
 * orders. Every figure comes from logistics.planning.board.get_board_data in one call.
 */
export class PlanningBoard extends Component {
    static template = "industrial_logistics.PlanningBoard";
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.state = useState({
            dateFrom: luxon.DateTime.local().toISODate(),
            days: 21,
            workcenterId: "",
            productId: "",
            levellingId: null,
            allowSplit: false,
            minimumLot: 0,
            view: "current",
            selected: {},
            busy: false,
            data: null,
        });
        onWillStart(() => this.load());
    }

    async load() {
        const state = this.state;
        state.data = await this.orm.call(MODEL, "get_board_data", [], {
            date_from: state.dateFrom,
            days: state.days,
            workcenter_ids: state.workcenterId ? [parseInt(state.workcenterId)] : null,
            product_ids: state.productId ? [parseInt(state.productId)] : null,
            levelling_id: state.levellingId,
        });
        const proposal = state.data.proposal;
        if (proposal && !Object.keys(state.selected).length) {
            for (const order of proposal.orders) {
                state.selected[order.production_id] = !order.started;
            }
        }
    }

    async onFilter(ev, key) {
        this.state[key] = key === "days" ? parseInt(ev.target.value) : ev.target.value;
        if (this.state.dateFrom) {
            await this.load();
        }
    }

    async propose() {
        this.state.busy = true;
        try {
            this.state.levellingId = await this.orm.call(
                MODEL,
                "action_propose",
                [
                    this.state.dateFrom,
                    this.state.days,
                    this.state.workcenterId ? [parseInt(this.state.workcenterId)] : [],
                ],
                {
                    allow_split: this.state.allowSplit,
                    split_minimum_qty: parseFloat(this.state.minimumLot) || 0,
                }
            );
            this.state.selected = {};
            this.state.view = "both";
            await this.load();
        } finally {
            this.state.busy = false;
        }
    }

    async apply(all) {
        const ids = all
            ? null
            : Object.entries(this.state.selected)
                  .filter(([, chosen]) => chosen)
                  .map(([id]) => parseInt(id));
        if (ids && !ids.length) {
            this.notification.add(_t("Select the orders to move first."), {
                type: "warning",
            });
            return;
        }
        this.state.busy = true;
        try {
            await this.orm.call(MODEL, "action_apply", [this.state.levellingId, ids]);
            this.notification.add(_t("The proposed dates are written on the orders."), {
                type: "success",
            });
            this.state.levellingId = null;
            this.state.selected = {};
            this.state.view = "current";
            await this.load();
        } finally {
            this.state.busy = false;
        }
    }

    async discard() {
        this.state.levellingId = null;
        this.state.selected = {};
        this.state.view = "current";
        await this.load();
    }

    openProduction(productionId) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "mrp.production",
            res_id: productionId,
            views: [[false, "form"]],
        });
    }

    get gridStart() {
        return luxon.DateTime.fromISO(this.state.data.date_from).startOf("day");
    }

    get dayHeaders() {
        return this.state.data.days.map((day) => {
            const date = luxon.DateTime.fromISO(day);
            return {
                key: day,
                weekday: date.toFormat("ccc"),
                label: formatDate(date),
                weekend: date.weekday > 5,
            };
        });
    }

    /** Bars of a row placed as percentages of the horizon, stacked in lanes so none overlaps. */
    placeBars(row, proposed) {
        const start = this.gridStart.toMillis();
        const span = this.state.data.days.length * DAY_MS;
        const lanes = [];
        const placed = [];
        for (const bar of row.bars) {
            const onRow = proposed
                ? (bar.proposed_workcenter_id || bar.workcenter_id) === row.id
                : bar.workcenter_id === row.id;
            const from =
                proposed && bar.proposed_start ? bar.proposed_start : bar.start;
            const to = proposed && bar.proposed_end ? bar.proposed_end : bar.end;
            if (!onRow || !from || !to) {
                continue;
            }
            const begin = deserializeDateTime(from).toMillis();
            const end = deserializeDateTime(to).toMillis();
            if (end <= start || begin >= start + span) {
                continue;
            }
            let lane = lanes.findIndex((busyUntil) => busyUntil <= begin);
            if (lane < 0) {
                lane = lanes.length;
                lanes.push(0);
            }
            lanes[lane] = end;
            const left = Math.max(0, ((begin - start) * 100) / span);
            const right = Math.min(100, ((end - start) * 100) / span);
            placed.push({
                bar,
                lane,
                moved:
                    proposed && bar.proposed_start && bar.proposed_start !== bar.start,
                style: `left: ${left}%; width: ${Math.max(right - left, 0.4)}%; top: ${lane * 26 + 2}px;`,
            });
        }
        return {placed, height: Math.max(1, lanes.length) * 26 + 4};
    }

    lateClass(bar, proposed) {
        if (!proposed || !this.state.data.proposal) {
            return bar.late ? "o_late" : "";
        }
        const order = this.state.data.proposal.orders.find(
            (o) => o.production_id === bar.production_id
        );
        return order && ["turns_late", "stays_late"].includes(order.change)
            ? "o_late"
            : "";
    }

    barTitle(bar) {
        const lines = [
            `${bar.production} · ${bar.name}`,
            `${bar.product}: ${formatFloat(bar.quantity, {digits: [false, 2]})} ${bar.uom}`,
            _t("Planned: %(start)s → %(end)s", {
                start: bar.start ? formatDateTime(deserializeDateTime(bar.start)) : "-",
                end: bar.end ? formatDateTime(deserializeDateTime(bar.end)) : "-",
            }),
        ];
        if (bar.proposed_start) {
            lines.push(
                _t("Proposed: %(start)s → %(end)s", {
                    start: formatDateTime(deserializeDateTime(bar.proposed_start)),
                    end: formatDateTime(deserializeDateTime(bar.proposed_end)),
                })
            );
        }
        if (bar.deadline) {
            lines.push(
                _t("Deadline: %(date)s", {
                    date: formatDateTime(deserializeDateTime(bar.deadline)),
                })
            );
        }
        if (bar.lot_source) {
            lines.push(
                _t("Lot of %(qty)s from %(source)s", {
                    qty: formatFloat(bar.lot_qty, {digits: [false, 2]}),
                    source: bar.lot_source_name,
                })
            );
        }
        lines.push(
            _t("Setup share: %(share)s", {
                share: `${formatFloat(bar.setup_share, {digits: [false, 1]})} %`,
            })
        );
        if (bar.components_arrival) {
            lines.push(
                _t("Components expected: %(date)s", {
                    date: formatDateTime(deserializeDateTime(bar.components_arrival)),
                })
            );
        }
        if (bar.components_missing) {
            lines.push(_t("A component is missing and not expected"));
        }
        if (bar.started) {
            lines.push(_t("Started: stays where it is"));
        }
        return lines.join("\n");
    }

    hours(value) {
        return formatFloat(value, {digits: [false, 1]});
    }

    setupTitle(day) {
        return day.setup
            ? _t("Of which setup: %(hours)s h", {hours: this.hours(day.setup)})
            : "";
    }

    changeLabel(change) {
        return {
            turns_on_time: _t("Turns on time"),
            turns_late: _t("Turns late"),
            stays_late: _t("Stays late"),
            on_time: _t("On time"),
        }[change];
    }

    formatMoment(value) {
        return value ? formatDateTime(deserializeDateTime(value)) : "";
    }

    toggle(productionId) {
        this.state.selected[productionId] = !this.state.selected[productionId];
    }
}

registry.category("actions").add("industrial_logistics.planning_board", PlanningBoard);
