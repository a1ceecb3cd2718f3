"""Spend extract import benchmark: a 100,000-line .csv into a store with 1,000 registered suppliers.

Run on demand (not in CI):  .venv/bin/python benchmarks/spend_import_100k.py [--lines 100000] [--xlsx]

Writes a realistic extract (a title row above the header, UK dates, "£1,234.56" amounts
with one line in fifty a credit note "(£12.50)", postcodes, invoice numbers, 2,000
supplier names of which half are in the register and a quarter of those spelt with
"Limited" where the register says "Ltd"), then times, each in a fresh process:
a. the import into a store with the suppliers (read, match, key, Core inserts in chunks);
b. re-importing the same file (every line unchanged);
c. a dry run of it.
Prints results; asserts nothing.
"""
from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def write_extract(path: Path, lines: int, xlsx: bool) -> None:
    rng = random.Random(7)
    names = [f"Supplier {n:04d} Ltd" for n in range(2000)]
    spelt = [name.replace(" Ltd", " Limited") if n % 4 == 0 else name for n, name in enumerate(names)]
    start = date(2024, 4, 1)
    rows = []
    for number in range(lines):
        amount = rng.randint(100, 5_000_000) / 100
        text = f"(£{amount:,.2f})" if number % 50 == 0 else f"£{amount:,.2f}"
        rows.append([spelt[rng.randrange(len(spelt))], (start + timedelta(days=rng.randrange(730))).strftime("%d/%m/%Y"),
                     text, rng.choice(["LE1 7RH", "NG1 5FS", "M1 1AE", ""]), f"INV-{number:07d}"])
    headers = ["Supplier name", "Invoice date", "Amount (£)", "Supplier postcode", "Invoice number"]
    if xlsx:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(["Spend extract"])
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        book.save(path)
        return
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Spend extract"])
        writer.writerow(headers)
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--xlsx", action="store_true")
    args = parser.parse_args()
    from sv_desktop.app import build_services
    from sv_desktop.domain.supplier import SupplierData

    with tempfile.TemporaryDirectory() as folder:
        extract = Path(folder) / ("extract.xlsx" if args.xlsx else "extract.csv")
        write_extract(extract, args.lines, args.xlsx)
        services = build_services(f"sqlite+pysqlite:///{Path(folder) / 'store.sqlite3'}")
        for n in range(0, 2000, 2):
            services.suppliers.create(SupplierData(name=f"Supplier {n:04d} Ltd"))
        for label, options in (("import", {}), ("re-import", {}), ("dry run", {"dry_run": True})):
            began, cpu = time.perf_counter(), time.process_time()
            result = services.spend_import.import_file(extract, **options)
            took, cpu = time.perf_counter() - began, time.process_time() - cpu
            print(f"{label:10} {took:6.2f} s ({cpu:5.2f} s CPU)  {result.summary()[:100]}")
        services.close()
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
