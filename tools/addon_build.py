"""PEP 517 build backend: OCA's whool, with only what Odoo loads in the wheel.

whool packs every file git tracks. This wrapper prunes the files that never run inside Odoo
(benchmarks, the set-up and test commands, CI, the upgrade test's scripts, the algorithm
package's own pytest suite, the repository's dotfiles) from the wheel, and from the sdist as
well, which keeps only this file of tools/ so that a wheel can be built from it.
"""

import shutil
from pathlib import Path

from whool import buildapi
from whool.buildapi import (  # noqa: F401  (the PEP 517 hooks whool provides as they are)
    build_editable,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

NOT_IN_ADDON = (
    "bench",
    "tools",
    ".ci",
    "tests/upgrade",
    "logistics_algorithms/tests",
    "logistics_algorithms/pytest.ini",
    ".gitignore",
    ".pylintrc-mandatory",
    ".pre-commit-config.yaml",
    ".prettierrc.cjs",
    "eslint.config.cjs",
    "requirements-test.txt",
)
THIS_FILE = "tools/addon_build.py"


def _pruned_copy(keep=()):
    """whool's copy of the addon, then NOT_IN_ADDON removed, then `keep` copied back."""
    copy = buildapi._copy_to

    def copy_to(addon_dir, dst):
        copy(addon_dir, dst)
        for relative in NOT_IN_ADDON:
            path = Path(dst, relative)
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
        for relative in keep:
            Path(dst, relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(Path(addon_dir, relative), Path(dst, relative))

    return copy_to


def _with_copy(copy_to, build, *args, **kwargs):
    original = buildapi._copy_to
    buildapi._copy_to = copy_to
    try:
        return build(*args, **kwargs)
    finally:
        buildapi._copy_to = original


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _with_copy(
        _pruned_copy(), buildapi.build_wheel, wheel_directory, config_settings, metadata_directory
    )


def build_sdist(sdist_directory, config_settings=None):
    return _with_copy(
        _pruned_copy(keep=(THIS_FILE,)), buildapi.build_sdist, sdist_directory, config_settings
    )
