#!/usr/bin/env python3
"""Keep the code readable: no Python file of the repository over MAX_FILE_LINES lines, no
function over MAX_FUNCTION_LINES (README.md#contributing). Run by pre-commit as a local hook,
so the lint stage of tools/test enforces it.

The exceptions are data, below: a folder left out (and which limits), or one file or function
allowed over its limit, each with its reason. A long function is allowed only when its length
is one thing that reads best whole (a single SQL statement, a declaration list); everything
else is split. An allowance that is no longer needed is reported too, so the list only shrinks.

Usage: tools/check_size.py [--list]   (--list: every file and function over the limits,
allowed or not, with its length)
"""

import ast
import subprocess
import sys
from pathlib import Path

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60

# Folders whose files are not checked: {folder: (limits not applied, reason)}.
EXEMPT_FOLDERS = {
    "demo/": (
        {"file", "function"},
        "demo data and the generators its XML calls once at install: data, not logic",
    ),
    "bench/": (
        {"function"},
        "benchmark scripts outside the addon (not in the wheel): a scenario reads best whole; "
        "their files stay under the limit",
    ),
}

# Files allowed over MAX_FILE_LINES: {path: reason}.
ALLOWED_FILES = {}

# Functions allowed over MAX_FUNCTION_LINES: {"path::Class.function": reason}.
ALLOWED_FUNCTIONS = {
    # Single SQL statements.
    "reports/logistics_kpi_delivery_line.py::LogisticsKpiDeliveryLine.init": (
        "one CREATE VIEW statement"
    ),
    "reports/logistics_kpi_stock_snapshot.py::LogisticsKpiStockSnapshot._insert_snapshots": (
        "one INSERT ... SELECT statement"
    ),
}


def python_files(root):
    """The repository's tracked (and new, not ignored) Python files, relative to `root`."""
    output = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return sorted(path for path in output.split() if (root / path).exists())


def exempt(path, limit):
    return any(
        path.startswith(folder) and limit in limits
        for folder, (limits, _reason) in EXEMPT_FOLDERS.items()
    )


def functions(tree, prefix=""):
    """(qualified name, lines) of every function of `tree`, nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = prefix + node.name
            yield name, node.end_lineno - node.lineno + 1
            yield from functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from functions(node, prefix + node.name + ".")


def measure(root, paths):
    """{key: lines} of the files and functions over their limits ("path" or "path::name")."""
    over = {}
    for path in paths:
        text = (root / path).read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MAX_FILE_LINES and not exempt(path, "file"):
            over[path] = lines
        if exempt(path, "function"):
            continue
        for name, length in functions(ast.parse(text, filename=path)):
            if length > MAX_FUNCTION_LINES:
                over[f"{path}::{name}"] = length
    return over


def main(argv):
    root = Path(__file__).resolve().parent.parent
    over = measure(root, python_files(root))
    allowed = {**ALLOWED_FILES, **ALLOWED_FUNCTIONS}
    if "--list" in argv:
        for key, lines in sorted(over.items()):
            reason = f"  (allowed: {allowed[key]})" if key in allowed else ""
            print(f"{lines:5d}  {key}{reason}")
        return 0
    errors = []
    for key, lines in sorted(over.items()):
        if key not in allowed:
            limit = MAX_FUNCTION_LINES if "::" in key else MAX_FILE_LINES
            kind = "function" if "::" in key else "file"
            errors.append(f"{key}: {lines} lines, over the {limit} of a {kind}: split it")
    for key in sorted(set(allowed) - set(over)):
        errors.append(
            f"{key}: allowed in tools/check_size.py but no longer over the limit (or gone): "
            "remove its allowance"
        )
    for error in errors:
        print(error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
