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
    po = polib.POFile(wrapwidth=78)
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
    print(f"{po_path}: {len(po)} messages, {missing} to translate")


if __name__ == "__main__":
    merge(sys.argv[1], sys.argv[2])
