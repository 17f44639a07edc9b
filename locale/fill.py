"""Write the English of locale/en_*.py into locale/en/LC_MESSAGES/django.po and compile it.

Every ``locale/en_<part>.py`` module holds a dict ``EN`` (Chinese source string -> English);
parts keep areas of the product apart. Run by `make messages` after makemessages; uses polib,
so no gettext is needed to compile.
"""

import importlib.util
import sys
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent


def load_terms() -> dict[str, str]:
    terms: dict[str, str] = {}
    for path in sorted(HERE.glob("en_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        terms.update(module.EN)
    return terms


EN = load_terms()

PO = HERE / "en" / "LC_MESSAGES" / "django.po"


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
