"""Write the English of locale/en_terms.py into locale/en/LC_MESSAGES/django.po and compile it.

Run by `make messages` after makemessages; uses polib, so no gettext is needed to compile.
"""

import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from en_terms import EN  # noqa: E402

PO = Path(__file__).resolve().parent / "en" / "LC_MESSAGES" / "django.po"


def main() -> int:
    catalogue = polib.pofile(str(PO))
    missing = []
    for entry in catalogue:
        english = EN.get(entry.msgid)
        if english is None:
            missing.append(entry.msgid)
            continue
        entry.msgstr = english
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.metadata["Language"] = "en"
    catalogue.save()
    catalogue.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print(f"no English for: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
