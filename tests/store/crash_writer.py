"""A burst of edits for the crash-safety test (tests/store/test_crash_safety.py) to kill.

Run as `python -m tests.store.crash_writer STORE LOG [PREFIX [SEED]]` from the
repository root. It opens the store through build_services (as the app does)
and, until it is killed, alternately creates a contract `{PREFIX}-{n}` and
updates one of the contracts it made: a new title that names the new version,
the next stage (so a stage history row is written in the same transaction),
another supplier list. After each save RETURNS it appends one line to LOG and
fsyncs it, so LOG only ever lists edits whose commit completed:

    create REFERENCE VERSION
    update REFERENCE VERSION

Invariants the test checks after the kill: a contract's title ends with
"v{version}", its stage is the to_stage of its latest stage history row, and it
has one stage history row per stage it went through.
"""
from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from sv_desktop.app import build_services
from sv_desktop.domain.contract import ContractData
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.store.location import sqlite_url

STAGES = list(Stage)
SUPPLIERS = ("Acme Ltd", "Borough Care CIC", "Mersey Facilities", "Northern Digital")


def title_for(reference: str, version: int) -> str:
    return f"Crash test {reference} v{version}"


def data_for(reference: str, version: int, stage: Stage, rng: random.Random) -> ContractData:
    return ContractData(
        reference=reference,
        title=title_for(reference, version),
        category=Category.OTHER,
        stage=stage,
        description="x" * rng.randrange(0, 2000),  # rows of varied size, so pages split and overflow
        supplier_names=tuple(rng.sample(SUPPLIERS, rng.randrange(1, 4))),  # awarded and later need one
        notes=f"saved as version {version}",
    )


def main(argv: list[str]) -> int:
    store, log_path = Path(argv[0]), Path(argv[1])
    prefix = argv[2] if len(argv) > 2 else "K"
    rng = random.Random(argv[3] if len(argv) > 3 else None)
    services = build_services(sqlite_url(store))
    mine: list[tuple[int, str, int, int]] = []  # (id, reference, version, stage index)
    log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 - held open until the process is killed

    def logged(action: str, reference: str, version: int) -> None:
        log.write(f"{action} {reference} {version}\n")
        log.flush()
        os.fsync(log.fileno())

    n = 0
    while True:
        n += 1
        reference = f"{prefix}-{n}"
        detail = services.pipeline.create(data_for(reference, 1, Stage.PIPELINE, rng), note="crash test")
        logged("create", reference, detail.version)
        mine.append((detail.id, reference, detail.version, 0))
        for _ in range(rng.randrange(1, 4)):
            index = rng.randrange(len(mine))
            contract_id, ref, version, stage_index = mine[index]
            stage_index = min(stage_index + 1, len(STAGES) - 1)
            detail = services.pipeline.update(
                contract_id, version, data_for(ref, version + 1, STAGES[stage_index], rng),
                stage_note=f"moved in version {version + 1}")
            logged("update", ref, detail.version)
            mine[index] = (contract_id, ref, detail.version, stage_index)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
