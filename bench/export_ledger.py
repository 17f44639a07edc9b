"""Ledger export speed and peak memory, beside XlsxWriter alone writing the same rows.

    .venv/bin/python -m config.embedded --profile seedbench -- env DATABASE_URL=... \\
        .venv/bin/python bench/export_ledger.py [--write]

Needs a database loaded with `seed_demo --scale 1000000` (bench/seed_scale.py). Each measurement
runs in a fresh child process, so its peak RSS is that export's alone:
- `write_ledger` (the code the Celery export task runs): the scoped, filtered queryset streamed
  from a server-side cursor into XlsxWriter in constant-memory mode;
- the floor: the same rows fetched into a list first (not timed), then XlsxWriter alone writes
  them in constant-memory mode (timed).
Cases: ~100,000 rows (one county's issues, as its supervisor) and every issue (the city
supervisor; past 1,048,576 rows the ledger continues on a second sheet).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

CASES = {
    "county (~100k rows)": {"user": "county_supervisor", "filters": {}},
    "city (all rows)": {"user": "supervisor", "filters": {}},
}


def child(case: str, mode: str) -> dict:
    import django

    django.setup()
    import xlsxwriter

    from accounts.models import User
    from ledgers.selectors import filtered_queryset, ledger_spec, rows
    from ledgers.writer import write_ledger

    spec = ledger_spec("issues")
    user = User.objects.get(username=CASES[case]["user"])
    filters = CASES[case]["filters"]
    out = Path(tempfile.mkdtemp()) / "ledger.xlsx"
    if mode == "ledger":
        started = time.perf_counter()
        count = write_ledger(out, user=user, code="issues", filters=filters)
        seconds = time.perf_counter() - started
    else:
        data = list(rows(filtered_queryset(user, spec, filters), spec))  # pre-fetched, not timed
        count = len(data)
        started = time.perf_counter()
        book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
        sheet = book.add_worksheet()
        row_number = 0
        for values in data:
            if row_number >= 1_048_575:
                sheet, row_number = book.add_worksheet(), 0
            for column, value in enumerate(values):
                if value is not None:
                    sheet.write(row_number, column, value if not hasattr(value, "isoformat") else str(value))
            row_number += 1
        book.close()
        seconds = time.perf_counter() - started
    size = out.stat().st_size
    out.unlink()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"case": case, "mode": mode, "rows": count, "seconds": seconds, "peak_mb": peak_mb, "file_mb": size / 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("CASE", "MODE"))
    parser.add_argument("--cases", nargs="*", default=list(CASES))
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0

    results = []
    for case in args.cases:
        for mode in ("ledger", "xlsxwriter"):
            output = subprocess.run(
                [sys.executable, __file__, "--child", case, mode], capture_output=True, text=True, check=True,
                env={**os.environ, "DEBUG": "false"},
            ).stdout.strip().splitlines()[-1]
            result = json.loads(output)
            results.append(result)
            print(f"{case:22} {mode:10} rows={result['rows']:>9,} {result['seconds']:7.1f} s "
                  f"peak {result['peak_mb']:6.0f} MB  file {result['file_mb']:.0f} MB")
    if args.write:
        lines = ["", f"### Ledger export ({time.strftime('%Y-%m-%d')})", "",
                 "`bench/export_ledger.py` on the `seed_demo --scale 1000000` database, issues ledger (17 columns), "
                 "each run in a fresh process (peak = that process's max RSS, Django and the data included).", "",
                 "| case | rows | write_ledger s | peak MB | XlsxWriter alone s | ratio |", "|---|---:|---:|---:|---:|---:|"]
        for case in args.cases:
            ledger = next(r for r in results if r["case"] == case and r["mode"] == "ledger")
            floor = next(r for r in results if r["case"] == case and r["mode"] == "xlsxwriter")
            lines.append(f"| {case} | {ledger['rows']:,} | {ledger['seconds']:.1f} | {ledger['peak_mb']:.0f} | "
                         f"{floor['seconds']:.1f} | {ledger['seconds'] / floor['seconds']:.2f} |")
        with open(BASE / "docs" / "performance.md", "a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
