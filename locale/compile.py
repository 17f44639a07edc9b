"""Check the English catalogue is complete and compile it: locale/en/LC_MESSAGES/django.po -> django.mo.

The .po file is the one source of the English: msgid is the Chinese source string, msgstr its
English, written by hand in the .po. `make messages` runs this after makemessages (which adds new
msgids with an empty msgstr and keeps the existing ones). Compiling uses polib, so no gettext is
needed for this step. The .mo is always written; the exit status is 1, with a list on stderr, while
any msgid lacks its English or is marked fuzzy (makemessages marks a changed string fuzzy and
guesses its English from a similar one: check it, then delete the `#, fuzzy` line).
"""

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "django.po"


def problems(catalogue: polib.POFile) -> list[str]:
    """One line per msgid that is untranslated or fuzzy, in file order."""
    lines = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            lines.append(f"fuzzy (check the English, then drop the fuzzy flag): {entry.msgid!r}")
        elif not entry.translated():
            lines.append(f"no English: {entry.msgid!r}")
    return lines


def main(po: Path = PO) -> int:
    catalogue = polib.pofile(str(po))
    catalogue.save_as_mofile(str(po.with_suffix(".mo")))
    found = problems(catalogue)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(f"{len(found)} string(s) to finish in {po}: write the English"
              " as msgstr and run `make messages` again.", file=sys.stderr)
        return 1
    print(f"{po.with_suffix('.mo').name}: {len(catalogue.translated_entries())} strings compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main(*map(Path, sys.argv[1:2])))
