"""Print every demo ledger through LibreOffice and check each printed page shows all its columns.

    .venv/bin/python -m config.embedded --profile print -- .venv/bin/python bench/print_ledgers.py [--write]

Loads the demo (`migrate` + `seed_demo`) when the database has no issue yet, writes each ledger as
the supervisor sees it (the clue ledger as the clue officer), converts it to PDF with
`soffice --headless --convert-to pdf` (Debian's libreoffice-calc, fonts-noto-cjk) and reads each
page back with `pdftotext`: every column header must be on every page (the header rows repeat and
the sheet is fitted to the page width). Prints pages, paper and seconds per ledger; `--write`
writes the table to docs/printing.md; `--png` renders page 1 of the issue ledger to
test-results/ledger_issues_page1.png. Exits 1 when a page misses a header.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


def soffice_pdf(xlsx: Path, out_dir: Path, *, profile: Path, timeout: int = 1800) -> Path:
    """``xlsx`` converted to PDF by LibreOffice headless, with a profile of our own."""
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    return out_dir / (xlsx.stem + ".pdf")


def page_texts(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True).stdout
    pages = text.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squeeze(text: str) -> str:
    """Without whitespace: a header wrapped on two lines in its cell still reads as one string."""
    return re.sub(r"\s+", "", text)


def on_page(header: str, flat: str) -> bool:
    """The header is on the page whole, or wrapped in its cell in two pieces that pdftotext may
    read apart (the neighbouring header's lines come between them)."""
    if header in flat:
        return True
    return any(header[:i] in flat and header[i:] in flat for i in range(2, len(header) - 1))


def missing_headers(pages: list[str], headers: list[str]) -> list[tuple[int, list[str]]]:
    """(page number, headers not on it) for every page missing one."""
    wanted = [squeeze(h) for h in headers]
    result = []
    for number, page in enumerate(pages, start=1):
        flat = squeeze(page)
        missing = [h for h in wanted if not on_page(h, flat)]
        if missing:
            result.append((number, missing))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledgers", nargs="*")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--png", action="store_true")
    parser.add_argument("--keep", help="copy the PDFs to this directory")
    args = parser.parse_args()
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        print("needs soffice and pdftotext: apt-get install libreoffice-calc fonts-noto-cjk poppler-utils")
        return 2

    # manage.py migrates as the owner role; the app role (django.setup() here) owns nothing.
    manage = [sys.executable, str(BASE / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], check=True)

    import django

    django.setup()
    from django.utils import translation

    from accounts.models import User
    from inspections.models import Issue
    from ledgers.choices import Ledger
    from ledgers.selectors import ledger_spec
    from ledgers.writer import write_ledger

    translation.activate("zh-hans")
    if not Issue.objects.exists():
        subprocess.run([*manage, "seed_demo"], check=True)
    work = Path(tempfile.mkdtemp(prefix="print_ledgers_"))
    profile = work / "lo-profile"
    results, failed = [], False
    for code in args.ledgers or Ledger.values:
        spec = ledger_spec(code)
        user = User.objects.get(username="clue_officer" if code == "clues" else "supervisor")
        xlsx = work / f"{code}.xlsx"
        rows = write_ledger(xlsx, user=user, code=code, filters={})
        started = time.perf_counter()
        pdf = soffice_pdf(xlsx, work, profile=profile)
        seconds = time.perf_counter() - started
        pages = page_texts(pdf)
        missing = missing_headers(pages, [column.header for column in spec.columns])
        failed |= bool(missing)
        results.append((code, spec, rows, len(pages), seconds, missing))
        print(
            f"{code:14} rows={rows:>7,} pages={len(pages):>6,} {spec.paper_size} landscape "
            f"{seconds:6.1f} s  {'OK' if not missing else f'{len(missing)} pages miss headers, e.g. {missing[0]}'}"
        )
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(pdf, Path(args.keep) / pdf.name)
        if args.png and code == "issues":
            out = BASE / "test-results"
            out.mkdir(exist_ok=True)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "80",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(out / "ledger_issues_page1"),
                ],
                check=True,
            )
    if args.write:
        lines = [
            f"## Printed demo ledgers ({time.strftime('%Y-%m-%d')})",
            "",
            "`bench/print_ledgers.py` on the demo (`seed_demo`): each ledger written as the supervisor sees it "
            "(the clue ledger as the clue officer), converted by LibreOffice "
            f"({subprocess.run(['soffice', '--version'], capture_output=True, text=True).stdout.strip()}) "
            "with `soffice --headless --convert-to pdf`, each page read back with `pdftotext`.",
            "",
            "| ledger | rows | paper | pages | every header on every page | conversion s |",
            "|---|---:|---|---:|---|---:|",
        ]
        for code, spec, rows, pages, seconds, missing in results:
            ok = "yes" if not missing else f"no ({len(missing)} pages)"
            lines.append(
                f"| {spec.title} ({code}) | {rows:,} | {spec.paper_size} landscape | {pages:,} | {ok} | {seconds:.0f} |"
            )
        target = BASE / "docs" / "printing.md"
        head = target.read_text(encoding="utf-8").split("## Printed demo ledgers")[0] if target.exists() else ""
        target.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
