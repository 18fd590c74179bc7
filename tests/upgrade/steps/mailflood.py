"""18.0.1.1.0, mailflood (migrations/18.0.1.1.0/post-mailflood.py): re-planning keeps the
planned tasks a person reassigned, so the existing ones whose chatter tracked a change of
storekeeper are flagged `edited_by_hand`; planned tasks nobody touched, recounts and tasks past
planning stay unflagged."""

VERSION = "18.0.1.1.0"


def record(env):
    """On the release: a person reassigns one planned task (its chatter tracks the change of
    storekeeper, as the form does); another planned task stays as planning made it."""
    planned = env["logistics.count.task"].search(
        [("state", "=", "planned"), ("is_recount", "=", False)], order="id"
    )
    if len(planned) < 2:
        return {"reassigned": [], "untouched": []}
    task, untouched = planned[0], planned[1:]
    other = env["res.users"].search(
        [("share", "=", False), ("id", "not in", (task.user_id | env.ref("base.user_root")).ids)],
        limit=1,
        order="id",
    )
    task.write({"user_id": other.id})
    # The tracking values are written by the mail thread's precommit hooks: flush runs them
    # now, so the chatter holds the change before the snapshot.
    env.cr.flush()
    return {"reassigned": task.ids, "untouched": untouched.ids}


def check(before, env, checker):
    mine = before["steps"]["mailflood"]
    Task = env["logistics.count.task"]
    checker.true("mailflood/the release had a planned task reassigned", bool(mine["reassigned"]))
    checker.true("mailflood/the release had planned tasks nobody touched", bool(mine["untouched"]))
    checker.equal(
        "mailflood/the reassigned planned task is flagged edited by hand",
        mine["reassigned"],
        Task.browse(mine["reassigned"]).filtered("edited_by_hand").ids,
    )
    checker.equal(
        "mailflood/planned tasks nobody touched stay unflagged",
        [],
        Task.browse(mine["untouched"]).filtered("edited_by_hand").ids,
    )
    older = Task.search([("id", "<=", max(mine["reassigned"] + mine["untouched"] or [0]))])
    checker.equal(
        "mailflood/only that task was flagged by the upgrade",
        mine["reassigned"],
        older.filtered("edited_by_hand").ids,
    )
