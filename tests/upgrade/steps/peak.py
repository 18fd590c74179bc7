"""18.0.1.1.0, peak (no migration script; a new column): a kanban replenishment created at the
peak may leave its moves' reservation to a cron (`kanban_reserve_pending`). The moves of the
release were reserved, or not, when they were made: none of them is handed to the cron by the
upgrade, or it would reserve (move) stock nobody asked for."""

VERSION = "18.0.1.1.0"


def record(env):
    env.cr.execute("SELECT max(id) FROM stock_move")
    return {"last_move": env.cr.fetchone()[0] or 0}


def check(before, env, checker):
    last = before["steps"]["peak"]["last_move"]
    checker.true("peak/the release had stock moves", last > 0)
    env.cr.execute(
        "SELECT count(*) FROM stock_move WHERE id <= %s AND kanban_reserve_pending", [last]
    )
    # The column is added without rewriting the (large) table: the release's rows hold NULL,
    # which the ORM and the cron's `WHERE kanban_reserve_pending` read as not pending.
    checker.equal(
        "peak/no move of the release is left to the reservation cron", 0, env.cr.fetchone()[0]
    )
