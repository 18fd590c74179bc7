"""Compare the snapshot recorded on the release with the one read after the upgrade, and judge
the schema fingerprint against the manifest version and the migrations shipped."""

import re

from odoo.tools import parse_version


class Checker:
    """Counts the checks; keeps the failures with the path of what differs."""

    def __init__(self):
        self.count = 0
        self.failures = []
        self.notes = []

    def true(self, label, condition, detail=""):
        self.count += 1
        if not condition:
            self.failures.append(f"{label}: {detail}" if detail else label)
        return bool(condition)

    def equal(self, label, expected, actual):
        return self.true(label, expected == actual, f"expected {expected!r}, found {actual!r}")

    def grouped_failures(self):
        """One line per kind of failure: record ids in the path become *, with how many and
        the first example (a dropped column fails once per record)."""
        groups = {}
        for failure in self.failures:
            label, _sep, detail = failure.partition(": ")
            pattern = re.sub(r"/\d+(?=/|$)", "/*", label)
            groups.setdefault(pattern, []).append((label, detail))
        lines = []
        for pattern, items in groups.items():
            label, detail = items[0]
            if len(items) == 1:
                lines.append(f"{label}: {detail}" if detail else label)
            else:
                lines.append(f"{pattern}: {len(items)} failures, first {label}: {detail}")
        return lines


def compare_tree(checker, path, expected, actual):
    """Every value recorded must be found, equal, at the same place after the upgrade."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            if key not in actual:
                checker.true(f"{path}/{key}", False, "recorded before the upgrade, gone after it")
            else:
                compare_tree(checker, f"{path}/{key}", value, actual[key])
        return
    checker.equal(path, expected, actual)


def compare_records(checker, section, expected, actual, xmlids):
    """Records by model and id: every record kept with every recorded field equal; a record
    that appears is a failure unless it comes from the addon's data files (it has an
    xmlid); a field that appears is new with its model version and is only noted."""
    for model, records in expected.items():
        found = actual.get(model)
        if found is None:
            checker.true(f"{section}/{model}", False, "the model's records are gone")
            continue
        compare_tree(checker, f"{section}/{model}", records, found)
        new_ids = sorted(set(found) - set(records), key=int)
        from_data = set(xmlids.get(model, ()))
        unexplained = [record_id for record_id in new_ids if record_id not in from_data]
        checker.true(
            f"{section}/{model}",
            not unexplained,
            f"records {unexplained[:10]} appeared with the upgrade (ids of {len(unexplained)} "
            "records not in the release and not from the addon's data files)",
        )
        new_fields = sorted(
            {name for row in found.values() for name in row}
            - {name for row in records.values() for name in row}
        )
        if new_fields and records:
            checker.notes.append(f"{section}/{model}: new fields not compared: {new_fields}")
    for model in sorted(set(actual) - set(expected)):
        checker.notes.append(f"{section}/{model}: new model, {len(actual[model])} records")


def diff_fingerprint(before, after):
    """(additive, changing): lists of sentences. Additive: a table, column, field, selection
    value appears, a constraint / NOT NULL goes, an access right or rule appears on a new
    model; changing: anything else (a new constraint, new access to existing records...)."""
    additive, changing = [], []
    old_models = {key.rsplit(".", 1)[0] for key in before["fields"]}
    for part in ("fields", "columns", "constraints", "security"):
        old, new = before.get(part, {}), after.get(part, {})
        for key in sorted(set(new) - set(old)):
            adds = part in ("fields", "columns") or (
                part == "security" and new[key]["model"] not in old_models
            )
            (additive if adds else changing).append(f"{part.rstrip('s')} {key} added")
        for key in sorted(set(old) - set(new)):
            (additive if part == "constraints" else changing).append(
                f"{part.rstrip('s')} {key} removed"
            )
        for key in sorted(set(old) & set(new)):
            for attribute in sorted(set(old[key]) | set(new[key])):
                was, now = old[key].get(attribute), new[key].get(attribute)
                if was == now:
                    continue
                sentence = f"{part.rstrip('s')} {key}: {attribute} {was!r} -> {now!r}"
                grows = attribute == "selection" and was and now and set(was) <= set(now)
                relaxes = attribute in ("not_null", "required") and was and not now
                (additive if grows or relaxes else changing).append(sentence)
    return additive, changing


def judge_fingerprint(checker, before, after, migrations):
    """A stored-data change needs a version past the release; a change of existing data
    (anything but additions) needs a migration step of that version too."""
    release, head = before["meta"]["version"], after["meta"]["version"]
    checker.true(
        "version",
        parse_version(head) >= parse_version(release),
        f"the manifest version {head} is below the release {release}",
    )
    additive, changing = diff_fingerprint(before["fingerprint"], after["fingerprint"])
    if not additive and not changing:
        checker.true("fingerprint", True)
        checker.notes.append(f"no stored-data change from {release} to {head}")
        return
    listing = "\n    ".join(changing + additive)
    bumped = parse_version(head) > parse_version(release)
    if not checker.true(
        "fingerprint: version bumped",
        bumped,
        f"the stored data changed since the release {release} but the manifest version is "
        f"still {head}: bump it (this wave: 18.0.1.1.0) and ship its migrations/<version>/ "
        f"steps. Changes:\n    {listing}",
    ):
        return
    scripts = migrations.get(head, [])
    checker.true(
        "fingerprint: migration shipped",
        not changing or scripts,
        f"the stored data of existing records changed from {release} to {head} but "
        f"migrations/{head}/ has no pre-/post-migrate script: write the step that carries the "
        f"existing rows over (or says why none is needed). Changes:\n    {listing}",
    )
    checker.notes.append(
        f"stored data {release} -> {head} ({', '.join(scripts) or 'no script'}):\n    {listing}"
    )
