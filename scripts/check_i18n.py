"""Check that every addon ships i18n/<addon>.pot and a complete i18n/es.po.

Complete means: every message of the template has a non-empty, non-fuzzy
Spanish translation whose %(name)s / %s placeholders match the source.
Whether the template itself is up to date with the code is checked by the
test suite (tests/test_i18n.py), which needs a database.
"""

import re
import sys
from pathlib import Path

import polib

PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdfr]|%[sdfr]")


def check_addon(addon: Path) -> list[str]:
    name = addon.name
    pot_path = addon / "i18n" / f"{name}.pot"
    po_path = addon / "i18n" / "es.po"
    if not pot_path.is_file():
        return [f"{pot_path}: missing (run scripts/i18n {name})"]
    if not po_path.is_file():
        return [f"{po_path}: missing (run scripts/i18n {name}, then translate)"]
    problems = []
    pot = polib.pofile(str(pot_path))
    po = {
        entry.msgid: entry for entry in polib.pofile(str(po_path)) if not entry.obsolete
    }
    for entry in pot:
        translated = po.get(entry.msgid)
        where = f"{po_path}: msgid {entry.msgid[:60]!r}"
        if translated is None:
            problems.append(f"{where} is not in es.po (run scripts/i18n {name})")
        elif not translated.msgstr.strip() or "fuzzy" in translated.flags:
            problems.append(f"{where} has no Spanish translation")
        elif sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
            PLACEHOLDER.findall(translated.msgstr)
        ):
            problems.append(f"{where} has placeholders that differ in Spanish")
    return problems


def main(addons_dir: str) -> int:
    problems = []
    for manifest in sorted(Path(addons_dir).glob("*/__manifest__.py")):
        problems += check_addon(manifest.parent)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
