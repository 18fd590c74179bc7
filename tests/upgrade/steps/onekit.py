"""18.0.1.1.0, onekit (migrations/18.0.1.1.0/post-onekit.py): every scheduled action of the
addon is flagged noupdate, and a schedule a manager changed on the release is kept by the
upgrade (the two crons the release declared without noupdate: lost cards, stock snapshots)."""

VERSION = "18.0.1.1.0"
# The crons the release declared without noupdate, and the interval a manager gives them.
CHANGED = {
    "industrial_logistics.ir_cron_flag_lost_kanban_cards": 3,
    "industrial_logistics.cron_logistics_kpi_stock_snapshot": 2,
}


def record(env):
    """A manager changes the schedule of the crons declared without noupdate."""
    for xmlid, interval in CHANGED.items():
        env.ref(xmlid).interval_number = interval
    return CHANGED


def check(before, env, checker):
    for xmlid, interval in before["steps"]["onekit"].items():
        checker.equal(
            f"onekit/{xmlid} keeps the manager's schedule",
            interval,
            env.ref(xmlid).interval_number,
        )
    data = env["ir.model.data"].search(
        [("module", "=", "industrial_logistics"), ("model", "=", "ir.cron")]
    )
    checker.true("onekit/the addon has crons", len(data) >= len(CHANGED))
    checker.equal(
        "onekit/every cron of the addon is flagged noupdate",
        [],
        data.filtered(lambda row: not row.noupdate).mapped("name"),
    )
