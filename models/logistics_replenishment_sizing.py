import functools
import math
from collections import namedtuple

from odoo import api, models
from odoo.exceptions import UserError

from ..logistics_algorithms import kanban_sizing, lot_sizing, replenishment_policy, segmentation

WORKING_DAYS_A_YEAR = 250.0
WEEKS_A_YEAR = 52.0

# What the advisor knows of one need (product at a location) when it sizes it: the daily
# series (working days) and its weekly buckets (the forecast of the dynamic lot sizes), the
# lead time (working days, its deviation, source code and samples), the ABC class, the
# (rule, loop) in place, the flags of the recommendation and the planner's overrides.
Need = namedtuple(
    "Need",
    "product location series weekly abc_class current lead flags overrides",
)

# The proposed levels of one need, named as the advisor line's fields (z aside).
Levels = namedtuple(
    "Levels",
    "service_level z safety_stock eoq_qty lot_qty min_qty max_qty review_days order_up_to_qty",
)

DYNAMIC_LOT_METHODS = {
    "wagner_whitin": lot_sizing.wagner_whitin,
    "silver_meal": lot_sizing.silver_meal,
}


@functools.lru_cache(maxsize=4096)
def _iso_week(day):
    return day.isocalendar()[:2]


def weekly_buckets(dates, series):
    """The daily series summed by ISO week: the periods of the dynamic lot sizes."""
    weeks = {}
    for day, quantity in zip(dates, series, strict=True):
        key = _iso_week(day)
        weeks[key] = weeks.get(key, 0.0) + quantity
    return [weeks[key] for key in sorted(weeks)]


class LogisticsReplenishmentSizing(models.AbstractModel):
    """The figures of one proposal: segment, technique, lot size by the chosen method, reorder
    point or order-up-to level, expected figures and back-test. Numbers in, line values out;
    the maths is in logistics_algorithms."""

    _name = "logistics.replenishment.sizing"
    _description = "Replenishment Proposal Sizing"

    @api.model
    def _error_reason(self, error):
        """The planner's words for what the algorithms refused (they raise codes, not text)."""
        _ = self.env._
        reasons = {
            "service_level_out_of_range": _("the service level must be above 0 % and below 100 %"),
            "negative_or_not_finite": _("a cost, a rate or a quantity is negative or not a number"),
            "zero_order_quantity": _("the lot size comes out at zero"),
            "no_demand_history": _("there is no demand in the window"),
            "lead_time_not_whole_days": _("the lead time is not a whole number of days"),
            "max_below_min": _("the maximum is below the minimum"),
            "review_period_not_positive": _("the review period must be at least one day"),
            "unknown_policy": _("the technique is not one the advisor knows"),
        }
        code = getattr(error, "code", None)
        return reasons.get(code) or _("the figures are out of the range the sizing accepts")

    @api.model
    def _recommend_lot_method(self, technique, pattern):
        """Lot-for-lot when nothing is stocked; Wilson's EOQ for a smooth demand, where its
        constant-demand hypothesis holds; Wagner-Whitin over the forecast otherwise, optimal
        when the demand varies from period to period (SPP ch. 6)."""
        if technique == "to_order":
            return "lot_for_lot"
        return "eoq" if pattern == "smooth" else "wagner_whitin"

    @api.model
    def _lot_quantity(self, method, need, daily_demand, eoq, unit_cost, rate, ordering_cost):
        """The lot a method orders, before rounding: EOQ; POQ (the EOQ in whole days of
        demand); lot-for-lot (a week's need, the planning period); a fixed lot (the
        planner's); Wagner-Whitin or Silver-Meal over the weekly forecast, whose average
        lot (demand over orders) becomes the rule's lot."""
        weekly = need.weekly
        if method == "eoq":
            return eoq or daily_demand
        if method == "poq":
            days = lot_sizing.period_order_quantity(
                eoq, daily_demand * WORKING_DAYS_A_YEAR, WORKING_DAYS_A_YEAR
            )
            return daily_demand * days
        if method == "lot_for_lot":
            return sum(weekly) / len(weekly)
        if method == "fixed":
            if not need.overrides.get("fixed_lot_qty", 0.0) > 0:
                raise UserError(
                    self.env._(
                        "Give the fixed lot of %(product)s at %(location)s: the fixed-lot "
                        "method orders that quantity.",
                        product=need.product.display_name,
                        location=need.location.display_name,
                    )
                )
            return need.overrides["fixed_lot_qty"]
        plan = DYNAMIC_LOT_METHODS[method](weekly, ordering_cost, rate * unit_cost / WEEKS_A_YEAR)
        orders = sum(1 for lot in plan.lots if lot > 0)
        return sum(plan.lots) / orders if orders else 0.0

    @api.model
    def _size(self, need, settings):
        """Values of the advisor line of `need`; `settings` holds the advisor's service
        levels (by class), ordering cost, holding rate and the product's pack and minimum."""
        rule, loop = need.current
        profile = segmentation.demand_profile(need.series)
        # the profile's mean and deviation, computed once for the segment and the levels
        stats = kanban_sizing.DemandStats(profile.mean, profile.std, profile.periods)
        vals = self._segment_vals(need, profile)
        levels = self._levels(need, settings, stats, vals["lot_method"])
        figures, policy = self._expected_figures(vals["technique"], need, settings, stats, levels)
        backtest_lt = math.ceil(need.lead[0])
        proposed = replenishment_policy.backtest(need.series, policy, backtest_lt)
        current = self._backtest_current(need.series, rule, loop, backtest_lt)
        vals.update(levels._asdict())
        vals.pop("z")
        vals.update(
            {
                "product_id": need.product.id,
                "location_id": need.location.id,
                "fixed_lot_qty": need.overrides.get("fixed_lot_qty") or 0.0,
                "rule_id": rule.id if rule else False,
                "loop_id": loop.id if loop else False,
                "history_days": len(need.series),
                "daily_demand": stats.mean,
                "demand_std": stats.std,
                "lead_time_days": need.lead[0],
                "lead_time_std_days": need.lead[1],
                "lead_time_source": need.lead[2],
                "lead_time_samples": need.lead[3],
                "qty_multiple": settings["pack_qty"],
                "average_stock": figures.average_stock,
                "holding_cost": figures.holding_cost,
                "orders_per_year": figures.orders_per_year,
                "expected_service_level": figures.cycle_service_level,
                "proposed_stockout_days": proposed.stockout_days,
                "proposed_average_stock": proposed.average_stock,
                "current_stockout_days": current.stockout_days if current else 0,
                "current_average_stock": current.average_stock if current else 0.0,
            }
        )
        return vals

    @api.model
    def _segment_vals(self, need, profile):
        """Segment (ABC x XYZ, demand pattern), recommended technique and lot method, and
        the planner's choices where it overrode them."""
        seg = segmentation.Segment(
            need.abc_class,
            segmentation.xyz_class(profile.cv),
            segmentation.demand_pattern(profile),
        )
        recommended = segmentation.recommend_technique(seg, **need.flags)
        technique = need.overrides.get("technique") or recommended
        recommended_lot = self._recommend_lot_method(technique, seg.pattern)
        return {
            "abc_class": need.abc_class,
            "xyz_class": seg.xyz_class,
            "pattern": seg.pattern,
            "demand_days": profile.demand_periods,
            "recommended_technique": recommended,
            "technique": technique,
            "recommended_lot_method": recommended_lot,
            "lot_method": need.overrides.get("lot_method") or recommended_lot,
        }

    @api.model
    def _levels(self, need, settings, stats, lot_method):
        """Safety stock, EOQ, lot (by `lot_method`, rounded to the pack and the vendor's
        minimum), min / max, and the periodic review's period and order-up-to level."""
        lead, lead_std = need.lead[:2]
        service_level = settings["service_levels"][need.abc_class]
        z = replenishment_policy.z_for_service_level(service_level)
        unit_cost, rate = need.product.standard_price, settings["holding_rate"]
        safety = replenishment_policy.safety_stock(z, stats.std, lead, stats.mean, lead_std)
        # A free stock (no cost or no holding rate) has no finite EOQ: order a day's demand.
        eoq = (
            lot_sizing.eoq(
                stats.mean * WORKING_DAYS_A_YEAR, settings["ordering_cost"], rate, unit_cost
            )
            if rate * unit_cost > 0
            else 0.0
        )
        raw_lot = self._lot_quantity(
            lot_method, need, stats.mean, eoq, unit_cost, rate, settings["ordering_cost"]
        )
        lot = lot_sizing.round_lot(raw_lot, settings["pack_qty"], settings["vendor_min_qty"])
        levels = replenishment_policy.reorder_point(stats.mean, lead, safety, lot)
        # Periodic review: the lot in days of demand (POQ for the EOQ), order up to S every T.
        review_days = (
            max(1, round(lot / stats.mean))
            if stats.mean and lot
            else lot_sizing.period_order_quantity(eoq, 0.0, WORKING_DAYS_A_YEAR)
        )
        return Levels(
            service_level,
            z,
            safety,
            eoq,
            lot,
            levels.min_qty,
            levels.max_qty,
            review_days,
            replenishment_policy.order_up_to_level(stats.mean, review_days, lead, z, stats.std),
        )

    @api.model
    def _expected_figures(self, technique, need, settings, stats, levels):
        """(expected figures, back-test policy) of the proposed technique: a periodic review
        covers its period plus the lead time; the others are a reorder point (min / max)."""
        lead, lead_std = need.lead[:2]
        unit_cost, rate = need.product.standard_price, settings["holding_rate"]
        if technique == "periodic_review":
            period = levels.review_days
            sigma = replenishment_policy.lead_time_demand_std(stats.std, period + lead)
            figures = replenishment_policy.expected_figures(
                stats.mean,
                stats.mean * period,
                levels.order_up_to_qty - stats.mean * (period + lead),
                sigma,
                unit_cost,
                rate,
                WORKING_DAYS_A_YEAR,
            )
            return figures, replenishment_policy.PeriodicPolicy(period, levels.order_up_to_qty)
        sigma = replenishment_policy.lead_time_demand_std(stats.std, lead, stats.mean, lead_std)
        figures = replenishment_policy.expected_figures(
            stats.mean,
            levels.lot_qty,
            levels.safety_stock,
            sigma,
            unit_cost,
            rate,
            WORKING_DAYS_A_YEAR,
        )
        return figures, replenishment_policy.MinMaxPolicy(levels.min_qty, levels.max_qty)

    @api.model
    def _backtest_current(self, series, rule, loop, lead_time):
        """The back-test of what is in place: an active automatic rule (a periodic one
        reviewed every its period), else the loop; None when nothing replenishes."""
        if rule and rule.active and rule.trigger == "auto":
            if rule.logistics_review_days:
                policy = replenishment_policy.PeriodicPolicy(
                    rule.logistics_review_days, rule.product_max_qty
                )
            else:
                policy = replenishment_policy.MinMaxPolicy(
                    rule.product_min_qty, rule.product_max_qty
                )
        elif loop:
            policy = replenishment_policy.KanbanPolicy(loop.container_qty, loop.card_count)
        else:
            return None
        return replenishment_policy.backtest(series, policy, lead_time)
