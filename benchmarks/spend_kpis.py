"""Spend KPI benchmark: the dashboard's and the pack's spend figures over 100,000 stored invoice lines.

Run on demand (not in CI):  .venv/bin/python benchmarks/spend_kpis.py [--lines 100000]

Fills a temporary store with demo data and `--lines` invoice lines (bulk insert) spread over three
financial years and the demo suppliers (some unmatched, some credit notes), then times
SpendKpiService.kpis() (median of 3): two column queries and the per-year arithmetic.
Target: under 1 second for 100,000 lines (it runs off the GUI thread; the pack waits for it).
Prints results; asserts nothing.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TODAY = date(2026, 11, 22)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    args = parser.parse_args()

    from sqlalchemy import select

    from sv_desktop.app import build_services
    from sv_desktop.services.demo.generator import generate_demo
    from sv_desktop.store.models import SpendLine, Supplier

    folder = Path(tempfile.mkdtemp())
    services = build_services(f"sqlite+pysqlite:///{folder / 'bench.sqlite3'}")
    generate_demo(services.uow_factory, contracts=2000, today=TODAY)
    services.settings.save(replace(services.settings.load(), local_postcode_areas="LE, NG, DE"))
    rng = random.Random(1)
    with services.uow_factory() as uow:
        ids = list(uow.session.scalars(select(Supplier.id))) + [None]
        started = date(TODAY.year - 3, 4, 1)
        rows = [{"line_key": f"bench-{index}", "supplier_id": rng.choice(ids), "supplier_name": "Bench supplier",
                 "invoice_date": started + timedelta(days=rng.randrange((TODAY - started).days)),
                 "amount": Decimal(rng.randint(-20_000, 5_000_000)) / 100,
                 "postcode": rng.choice(["", "", "LE1 7RH", "M1 1AE", "NG7"]), "source_file": "benchmark"}
                for index in range(args.lines)]
        uow.session.execute(SpendLine.__table__.insert(), rows)
        uow.commit()
    times = []
    for _ in range(3):
        begun = time.perf_counter()
        kpis = services.spend.kpis()
        times.append(time.perf_counter() - begun)
    print(f"{kpis.lines:,} lines (with the demo's own) in {len(kpis.years)} financial years: "
          f"median {statistics.median(times):.3f} s (target < 1 s)")
    services.close()


if __name__ == "__main__":
    main()
