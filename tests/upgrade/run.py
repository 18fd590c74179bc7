"""Record and check steps of the upgrade test (tools/upgrade_test runs them).

    python run.py record -c <release odoo.conf> -d <db> --output before.json
    python run.py check  -c <HEAD odoo.conf>    -d <db> --before before.json --output after.json

`record` runs on the database of the release, with the release's code: it plays the shop-floor
activity (activity.py), lets each migration step record what it needs, takes the snapshot
(snapshot.py) and commits. `check` runs on the same database upgraded to HEAD: it takes the
snapshot again, lets each step of the versions crossed turn the recorded snapshot into what
it must have become (`expect`) and add its own assertions (`check`), compares, judges the
schema fingerprint, prints one line `upgrade <release> -> <head>: N checks passed, N failed`
and exits non-zero on any failure.

A migration step of the addon (migrations/<version>/pre-|post-<topic>.py) adds its assertions
in steps/<topic>.py, a module with:

    VERSION = "18.0.1.1.0"            # applies when the upgrade crosses this version
    def record(env): ...              # optional, on the release: JSON-ready data to keep
    def expect(before, env): ...      # optional: edit the recorded snapshot in place into what
                                      # the upgraded database must hold (renamed field, new value,
                                      # changed access right in ["fingerprint"]["security"])
    def check(before, env, checker):  # optional: checker.equal(label, expected, actual) /
        ...                           # checker.true(label, condition, detail)
"""

import argparse
import copy
import importlib.util
import json
import os
import sys
from pathlib import Path

import activity
import compare
import snapshot

import odoo
from odoo import fields
from odoo.modules.module import get_module_path

STEPS_DIR = Path(__file__).resolve().parent / "steps"


def open_env(config, database):
    odoo.tools.config.parse_config(["-c", config, "-d", database, "--no-http"])
    registry = odoo.modules.registry.Registry(database)
    return registry.cursor()


def module_version(env):
    module = env["ir.module.module"].search([("name", "=", snapshot.MODULE)])
    if module.state != "installed":
        raise SystemExit(f"{snapshot.MODULE} is {module.state} in {env.cr.dbname}")
    return module.latest_version


def load_steps(release, head):
    """The steps of the versions an upgrade from ``release`` to ``head`` crosses."""
    steps = []
    for path in sorted(STEPS_DIR.glob("*.py")):
        if path.name == "__init__.py":
            continue
        spec = importlib.util.spec_from_file_location(f"upgrade_step_{path.stem}", path)
        step = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(step)
        version = odoo.tools.parse_version(step.VERSION)
        if odoo.tools.parse_version(release) < version <= odoo.tools.parse_version(head):
            steps.append((path.stem, step))
    return steps


def shipped_migrations():
    """{version: [script]} of the addon's migrations folder, as Odoo will find it."""
    folder = Path(get_module_path(snapshot.MODULE)) / "migrations"
    return {
        version.name: sorted(script.name for script in version.glob("*.py"))
        for version in (sorted(folder.iterdir()) if folder.is_dir() else [])
        if version.is_dir()
    }


def check_steps_cover_migrations(checker, release, head, steps):
    """Each migration script crossed (pre-|post-<topic>.py) has its assertions in
    steps/<topic>.py of the same version: a migration nobody checks is one nobody tested."""
    names = {name: step.VERSION for name, step in steps}
    for version, scripts in shipped_migrations().items():
        crossed = odoo.tools.parse_version(release) < odoo.tools.parse_version(version)
        if not crossed or odoo.tools.parse_version(version) > odoo.tools.parse_version(head):
            continue
        for script in scripts:
            topic = script.removesuffix(".py").split("-", 1)[-1]
            checker.true(
                f"migration {version}/{script} has its assertions in steps/{topic}.py",
                names.get(topic) == version,
                f"write tests/upgrade/steps/{topic}.py with VERSION = {version!r}: it records "
                f"what {script} transforms and checks the result",
            )


def write_json(path, data):
    Path(path).write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")


def record(args):
    with open_env(args.config, args.database) as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US", "tz": "UTC"})
        version = module_version(env)
        meta = {
            "version": version,
            "today": fields.Date.to_string(fields.Date.context_today(env.user)),
            "activity": activity.run(env),
        }
        # Before the snapshot: what a step creates for its migration to transform must be in
        # the record, or the comparison finds it "appeared with the upgrade".
        steps = {
            name: step.record(env)
            for name, step in load_steps(version, "99.0")
            if hasattr(step, "record")
        }
        env.flush_all()
        meta["now"] = fields.Datetime.to_string(fields.Datetime.now())
        data = snapshot.take(env, meta)
        data["steps"] = steps
        write_json(args.output, data)
    sys.stdout.write(f"recorded {version} in {args.output}\n")
    return 0


def check(args):
    before = json.loads(Path(args.before).read_text(encoding="utf-8"))
    checker = compare.Checker()
    with open_env(args.config, args.database) as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US", "tz": "UTC"})
        release, head = before["meta"]["version"], module_version(env)
        meta = {"version": head, "today": before["meta"]["today"], "now": before["meta"]["now"]}
        after = snapshot.take(env, meta)
        write_json(args.output, after)
        expected = copy.deepcopy(before)
        steps = load_steps(release, head)
        for _name, step in steps:
            if hasattr(step, "expect"):
                step.expect(expected, env)
        compare.compare_records(
            checker, "records", expected["records"], after["records"], after["xmlids"]
        )
        compare.compare_records(
            checker, "extensions", expected["extensions"], after["extensions"], after["xmlids"]
        )
        compare.compare_tree(checker, "stock", expected["stock"], after["stock"])
        compare.compare_tree(checker, "kpis", expected["kpis"], after["kpis"])
        # Who may read or change the existing records: as recorded, unless a step expects it.
        compare.compare_tree(
            checker,
            "security",
            expected["fingerprint"]["security"],
            after["fingerprint"]["security"],
        )
        for _name, step in steps:
            if hasattr(step, "check"):
                step.check(before, env, checker)
        compare.judge_fingerprint(checker, before, after, shipped_migrations())
        check_steps_cover_migrations(checker, release, head, steps)
        cr.rollback()
    out = sys.stdout
    for note in checker.notes:
        out.write(f"note: {note}\n")
    grouped = checker.grouped_failures()
    for failure in grouped[:100]:
        out.write(f"FAILED {failure}\n")
    if len(grouped) > 100:
        out.write(f"... and {len(grouped) - 100} more kinds of failures\n")
    steps_names = ", ".join(name for name, _step in steps) or "none"
    out.write(
        f"upgrade {release} -> {head} (steps checked: {steps_names}): "
        f"{checker.count - len(checker.failures)} checks passed, {len(checker.failures)} failed\n"
    )
    return 1 if checker.failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["record", "check"])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--before")
    args = parser.parse_args()
    os.environ.setdefault("TZ", "UTC")
    return record(args) if args.command == "record" else check(args)


if __name__ == "__main__":
    sys.exit(main())
