"""18.0.1.1.0, kanban17 (no migration script; the stockout rate's definition changes): a
product-day in stock at the company on which a line stockout of the product was open now counts
as a stockout day. The dashboard's stockout days of the recorded period grow by exactly those
line-stockout days, and its rate is recomputed from them; nothing else of the KPIs moves."""

import snapshot

VERSION = "18.0.1.1.0"


def line_stockout_days(before, env):
    """The upgraded engine's line-stockout days of the recorded period, as of the record."""
    after = snapshot.take_kpis(env, before["meta"]["today"], before["meta"]["now"])
    return after["kpis"]["stockout"]["line_stockout_days"]


def expect(before, env):
    stockout = before["kpis"]["kpis"]["stockout"]
    stockout["stockout_days"] += line_stockout_days(before, env)
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
        line_stockout_days(before, env) > 0,
    )
