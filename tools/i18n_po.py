"""Checks of the addon's translation files, run by tools/i18n (stage of tools/test).

    i18n_po.py strip FILE             drop the volatile date lines of an exported .pot (in place)
    i18n_po.py check EXPORT POT PO... the committed POT holds exactly the msgids of the EXPORT
                                      (Odoo's export from the installed addon), and every PO
                                      translates each msgid of POT, none empty, none fuzzy,
                                      keeping its placeholders (%(name)s, %s)

Prints one line per problem and exits 1 when there is any.
"""

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

# Lines of Odoo's export header that change at every export.
VOLATILE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.MULTILINE)
# printf-style placeholders (%(name)s, %s, %d, %%): a translation must keep those of its msgid,
# or formatting it fails at run time.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0+]*\d*(?:\.\d+)?[sdifgeExXr%]")
# How many msgids a problem lists before it says how many more.
SHOWN = 20


def strip(path):
    file = Path(path)
    file.write_text(VOLATILE.sub("", file.read_text(encoding="utf-8")), encoding="utf-8")


def messages(path):
    with open(path, "rb") as file:
        catalog = read_po(file)
    return {message.id: message for message in catalog if message.id}


def strings(message):
    """The translations of a message: one, or one per plural form."""
    return message.string if isinstance(message.string, tuple | list) else [message.string]


def report(problem, ids):
    ids = sorted(ids)
    for msgid in ids[:SHOWN]:
        print(f"{problem}: {msgid!r}")
    if len(ids) > SHOWN:
        print(f"{problem}: ... and {len(ids) - SHOWN} more")
    return len(ids)


def check(export, pot, pos):
    exported, committed = messages(export), messages(pot)
    problems = report(
        f"missing from {pot} (run tools/i18n update)", exported.keys() - committed.keys()
    )
    problems += report(
        f"stale in {pot}, no longer in the code (run tools/i18n update)",
        committed.keys() - exported.keys(),
    )
    for po in pos:
        translated = messages(po)
        problems += report(f"missing from {po}", committed.keys() - translated.keys())
        ours = {msgid: message for msgid, message in translated.items() if msgid in committed}
        problems += report(
            f"untranslated in {po}",
            [msgid for msgid, message in ours.items() if not all(strings(message))],
        )
        problems += report(
            f"fuzzy in {po}", [msgid for msgid, message in ours.items() if message.fuzzy]
        )
        problems += report(
            f"placeholders changed in {po}",
            [
                msgid
                for msgid, message in ours.items()
                if any(
                    sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(msgid))
                    for text in strings(message)
                    if text
                )
            ],
        )
    return problems


def main(argv):
    if len(argv) == 2 and argv[0] == "strip":
        strip(argv[1])
        return 0
    if len(argv) >= 3 and argv[0] == "check":
        problems = check(argv[1], argv[2], argv[3:])
        print(f"translations: {problems} problem(s)")
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
