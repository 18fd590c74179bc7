import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {formatFloat} from "@web/core/utils/numbers";
import {useService} from "@web/core/utils/hooks";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";

function isoDay(date) {
    return luxon.DateTime.fromJSDate(date).toISODate();
}

/**
 * Logistics KPI dashboard: headline figures coloured by their targets, then one card per
 * KPI family of the catalogue (its KPIs and measures, its tables, its trend), laid out from
 * what logistics.kpi.dashboard returns: a new family shows without a change here. Every
 * figure is computed server-side; a click on a figure opens the records behind it.
 */
export class LogisticsKpiDashboard extends Component {
    static template = "industrial_logistics.LogisticsKpiDashboard";
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        const today = new Date();
        const from = new Date(today);
        from.setDate(today.getDate() - 29);
        this.state = useState({
            dateFrom: isoDay(from),
            dateTo: isoDay(today),
            warehouseId: "",
            categId: "",
            data: null,
        });
        onWillStart(async () => {
            [this.warehouses, this.categories] = await Promise.all([
                this.orm.searchRead("stock.warehouse", [], ["display_name"]),
                this.orm.searchRead("product.category", [], ["display_name"], {
                    order: "complete_name",
                }),
            ]);
            await this.load();
        });
    }

    get filters() {
        const filters = {};
        if (this.state.warehouseId) {
            filters.warehouse_id = parseInt(this.state.warehouseId);
        }
        if (this.state.categId) {
            filters.categ_id = parseInt(this.state.categId);
        }
        return filters;
    }

    async load() {
        this.state.data = await this.orm.call(
            "logistics.kpi.dashboard",
            "get_dashboard_data",
            [this.state.dateFrom, this.state.dateTo, this.filters]
        );
    }

    async onFilterChange(ev, key) {
        this.state[key] = ev.target.value;
        await this.load();
    }

    async onPeriodChange(ev, key) {
        this.state[key] = ev.target.value;
        if (
            this.state.dateFrom &&
            this.state.dateTo &&
            this.state.dateFrom <= this.state.dateTo
        ) {
            await this.load();
        }
    }

    async setLastDays(days) {
        const to = new Date();
        const from = new Date(to);
        from.setDate(to.getDate() - days + 1);
        this.state.dateFrom = isoDay(from);
        this.state.dateTo = isoDay(to);
        await this.load();
    }

    async drillDown(drill, extraDomain = []) {
        const action = await this.orm.call(
            "logistics.kpi.dashboard",
            "action_drill_down",
            [drill, this.state.dateFrom, this.state.dateTo, this.filters, extraDomain]
        );
        await this.action.doAction(action);
    }

    downloadWorkbook() {
        this.action.doAction({
            type: "ir.actions.act_url",
            url:
                `/industrial_logistics/kpi/workbook?date_from=${this.state.dateFrom}` +
                `&date_to=${this.state.dateTo}` +
                (this.state.warehouseId
                    ? `&warehouse_id=${this.state.warehouseId}`
                    : "") +
                (this.state.categId ? `&categ_id=${this.state.categId}` : ""),
            target: "download",
        });
    }

    /** A figure in the user's language (1 234,56 in French), "n/a" without a denominator. */
    format(value, digits = 2) {
        if (value === null || value === undefined) {
            return _t("n/a");
        }
        return formatFloat(value, {digits: [false, digits]});
    }

    trend(headline) {
        if (headline.value === null || headline.previous === null) {
            return "";
        }
        return headline.value > headline.previous
            ? "▲"
            : headline.value < headline.previous
              ? "▼"
              : "=";
    }

    /** Decimals of a unit: none for counts. */
    digits(unit) {
        return unit === "events" || unit === "count" ? 0 : 2;
    }

    /** The figure at `key` (dotted for a nested one) of `figures`, formatted with its unit. */
    figure(figures, key, unit) {
        let value = figures;
        for (const part of key.split(".")) {
            value = value && typeof value === "object" ? value[part] : undefined;
        }
        if (unit === "text" || value === undefined) {
            return value; // a column a total row does not have stays empty
        }
        const text = this.format(value, this.digits(unit));
        const unitLabel = this.state.data.units[unit];
        return value === null || value === undefined || !unitLabel
            ? text
            : `${text} ${unitLabel}`;
    }

    /** The drill-down domain of a table's row: its drill fields that the row has. */
    rowDomain(breakdown, row) {
        return breakdown.drill_fields
            .filter(([, key]) => row[key])
            .map(([field, key, operator]) => [field, operator, row[key]]);
    }

    /** A trend as an SVG polyline in a 600 x 120 box. */
    trendPoints(series) {
        if (series.length < 2) {
            return "";
        }
        const values = series.map((point) => point[1]);
        const min = Math.min(...values);
        const span = Math.max(...values) - min || 1;
        return series
            .map(
                (point, index) =>
                    `${((index * 600) / (series.length - 1)).toFixed(1)},${(
                        115 -
                        ((point[1] - min) * 110) / span
                    ).toFixed(1)}`
            )
            .join(" ");
    }
}

registry
    .category("actions")
    .add("industrial_logistics.kpi_dashboard", LogisticsKpiDashboard);
