"""18.0.1.1.0, kanban17 (no migration script; the stockout rate's definition changes): a
product-day in stock at the company on which a line stockout of the product was open now counts
as a stockout day. The dashboard's stockout days of the recorded period grow by exactly those
line-stockout days, and its rate is recomputed from them; nothing else of the KPIs moves."""

import snapshot

from odoo import fields

VERSION = "18.0.1.1.0"


def _line_stockout_days(before, env):
    """The upgraded engine's line-stockout days of the recorded period, as of the record."""
    after = snapshot.take_kpis(env, before["meta"]["today"], before["meta"]["now"])
    return after["kpis"]["stockout"]["line_stockout_days"]


def expect(before, env):
    stockout = before["kpis"]["kpis"]["stockout"]
    stockout["stockout_days"] += _line_stockout_days(before, env)
    rate = env["logistics.kpi.family"]._ratio(
        stockout["stockout_days"], stockout["product_days"], 100
    )
    stockout["stockout_rate"] = rate
    before["kpis"]["headlines"]["stockout_rate"] = rate


def check(before, env, checker):
    # The release's activity declares a line stockout on a part in stock: the new definition
    # must have something to add, or the expectation above proves nothing.
    checker.true(
        "kanban17/a line stockout open on a part in stock adds stockout days",
        _line_stockout_days(before, env) > 0,
    )
    _check_sizing_states(before, env, checker)


# The loops' sizing state is a new stored column computed for the existing loops at the
# upgrade: the release sizes three loops so that each state shows, and the check recomputes
# each from the recorded figures by the rule the form states.
def record(env):
    Loop = env["logistics.kanban.loop"]
    kanban = Loop.search([("loop_type", "=", "kanban")], order="id", limit=2)
    double_bin = Loop.search([("loop_type", "=", "double_bin")], order="id", limit=1)
    now = fields.Datetime.now()
    if len(kanban) == 2:
        # under-sized by 3 cards; right-sized (one card over, within the tolerance)
        kanban[0].write({"date_sized": now, "recommended_card_count": kanban[0].card_count + 3})
        kanban[1].write({"date_sized": now, "recommended_card_count": kanban[1].card_count - 1})
    if double_bin:
        # over-sized: a bin twice the recommendation, more than one pack (or unit) over
        double_bin.write(
            {"date_sized": now, "recommended_container_qty": double_bin.container_qty / 2}
        )
    return {
        str(loop.id): {
            "sized": bool(loop.date_sized),
            "type": loop.loop_type,
            "cards": loop.card_count,
            "bin": loop.container_qty,
            "pack": loop.packaging_id.qty or 1.0,
            "recommended_cards": loop.recommended_card_count,
            "recommended_bin": loop.recommended_container_qty,
        }
        for loop in Loop.with_context(active_test=False).search([])
    }


def _expected_state(loop):
    if not loop["sized"]:
        return "not_sized", 0
    if loop["type"] == "double_bin":
        difference, step, needed = loop["bin"] - loop["recommended_bin"], loop["pack"], 2
    else:
        difference, step = loop["cards"] - loop["recommended_cards"], 1
        needed = loop["recommended_cards"]
    if abs(difference) <= step:
        return "right", needed
    return ("over" if difference > 0 else "under"), needed


def _check_sizing_states(before, env, checker):
    loops = before["steps"]["kanban17"]
    Loop = env["logistics.kanban.loop"].with_context(active_test=False)
    states = set()
    for loop_id, figures in loops.items():
        state, needed = _expected_state(figures)
        states.add(state)
        loop = Loop.browse(int(loop_id))
        checker.equal(
            f"kanban17/loop {loop_id} sizing state and needed cards",
            [state, needed],
            [loop.sizing_state, loop.needed_card_count],
        )
    checker.equal(
        "kanban17/the release's loops show every sizing state",
        ["not_sized", "over", "right", "under"],
        sorted(states),
    )
