"""Merge a freshly exported template into a Spanish catalogue (like msgmerge).

Keeps every existing translation whose msgid is still in the template, adds
the new msgids untranslated, drops the ones that vanished, and copies the
template's references and comments so the catalogue stays in step.
"""

import sys
from pathlib import Path

import polib


def merge(pot_path: str, po_path: str) -> None:
    pot = polib.pofile(pot_path)
    old = polib.pofile(po_path) if Path(po_path).is_file() else polib.POFile()
    translations = {entry.msgid: entry.msgstr for entry in old if not entry.obsolete}
    # No wrapping: each translation stays on one line, readable by line-based tools.
    po = polib.POFile(wrapwidth=0)
    po.header = pot.header
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {"Language": "es", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    )
    missing = 0
    for entry in pot:
        msgstr = translations.get(entry.msgid, "")
        missing += not msgstr
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=msgstr,
                occurrences=entry.occurrences,
                comment=entry.comment,
                tcomment=entry.tcomment,
                flags=[flag for flag in entry.flags if flag != "fuzzy"],
            )
        )
    po.save(po_path)
    _join_continuation_lines(po_path)
    print(f"{po_path}: {len(po)} messages, {missing} to translate")


def _join_continuation_lines(path: str) -> None:
    """Write every msgid/msgstr on one line ("a\\nb" instead of "" + "a\\n" +
    "b"): the same strings, readable by line-based tools. The header keeps its
    usual layout."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    out = []
    for line in lines:
        joinable = (
            out and line.startswith('"') and out[-1].startswith(("msgid ", "msgstr "))
        )
        if joinable and not (
            out[-1] == 'msgstr ""' and len(out) > 1 and out[-2] == 'msgid ""'
        ):
            keyword, _space, value = out[-1].partition(" ")
            out[-1] = f"{keyword} {value[:-1]}{line[1:]}"
        else:
            out.append(line)
    Path(path).write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    merge(sys.argv[1], sys.argv[2])
