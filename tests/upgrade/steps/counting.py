"""18.0.1.1.0, counting (migrations/18.0.1.1.0/post-counting.py): every counted line gets its
count moment (`counted_at`: the submission for submitted lines, the typing for the others),
posted lines keep their figures exactly, lines made before the upgrade hold no package nor
owner, and storekeepers change counts only through the count screen's actions (their access
to count tasks and lines shrinks to read only, expected in the security fingerprint)."""

VERSION = "18.0.1.1.0"
# (access xmlid, [read, write, create, unlink]) as 18.0.1.1.0 grants them.
ACCESS = {
    "access:access_logistics_count_task_storekeeper": [True, False, False, False],
    "access:access_logistics_count_line_storekeeper": [True, False, False, False],
}
POSTED_FIGURES = ("theoretical_qty", "counted_qty", "difference_qty", "difference_value")


def record(env):
    """The counted lines of the release: posted ones with their figures, pending ones."""
    lines = env["logistics.count.line"].search([("is_counted", "=", True)])
    return {
        "posted": {
            str(line.id): [line[name] for name in POSTED_FIGURES]
            for line in lines.filtered("posted")
        },
        "pending": lines.filtered(lambda line: not line.posted).ids,
    }


def expect(before, env):
    security = before["fingerprint"]["security"]
    for key, perms in ACCESS.items():
        security[key]["perms"] = perms


def check(before, env, checker):
    mine = before["steps"]["counting"]
    Line = env["logistics.count.line"]
    checker.true("counting/the release had posted count lines", bool(mine["posted"]))
    checker.true("counting/the release had counted lines still pending", bool(mine["pending"]))
    for line_id, figures in mine["posted"].items():
        line = Line.browse(int(line_id))
        checker.equal(
            f"counting/posted line {line_id} keeps its figures",
            figures,
            [line[name] for name in POSTED_FIGURES],
        )
        checker.equal(
            f"counting/posted line {line_id} was counted when submitted",
            line.date_counted,
            line.counted_at,
        )
    for line in Line.browse(mine["pending"]):
        checker.true(f"counting/pending line {line.id} has its count moment", bool(line.counted_at))
    old = Line.browse([int(i) for i in mine["posted"]] + mine["pending"])
    checker.equal(
        "counting/lines made before the upgrade hold no package nor owner",
        [],
        old.filtered(lambda line: line.package_id or line.owner_id).ids,
    )
    storekeeper = env.ref("industrial_logistics.group_logistics_storekeeper")
    for model in ("logistics.count.task", "logistics.count.line"):
        rights = env["ir.model.access"].search(
            [("model_id.model", "=", model), ("group_id", "=", storekeeper.id)]
        )
        checker.equal(
            f"counting/storekeepers only read {model}",
            [(True, False, False, False)],
            [(r.perm_read, r.perm_write, r.perm_create, r.perm_unlink) for r in rights],
        )
