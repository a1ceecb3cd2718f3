"""Screenshots of the app to look at before a release: at 100 % and 200 % scale and in high contrast.

Run on demand (not part of the test suite), under a virtual X server big enough for 200 %:

    xvfb-run -a -s "-screen 0 3200x2000x24" .venv/bin/python packaging/screenshots.py --out /tmp/shots

Each look runs in its own process, because Qt reads QT_SCALE_FACTOR once when it starts. Every run builds a
throwaway store with 40 demo contracts in a temporary folder (SV_DESKTOP_HOME points there too, so the user's
own settings and window layout are neither used nor changed) and saves PNGs named <look>-<view>.png: the
pipeline with a contract's details, its delivery and evaluation tabs, the suppliers' carbon plans, the
dashboard, Help → About, and an empty store's getting-started panel.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

LOOKS = {"100": {"QT_SCALE_FACTOR": "1"}, "200": {"QT_SCALE_FACTOR": "2"}, "high-contrast": {"QT_SCALE_FACTOR": "1"}}
WINDOW_SIZE = (1500, 900)  # logical pixels; at 200 % the picture is twice as wide


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"), help="folder for the PNG files")
    parser.add_argument("--look", choices=sorted(LOOKS), help="take one look in this process (used internally)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.look:
        return take(args.look, args.out)
    failed = 0
    for look in LOOKS:
        result = subprocess.run([sys.executable, __file__, "--look", look, "--out", str(args.out)], check=False)
        failed += result.returncode != 0
    print(f"Screenshots in {args.out}" + (f"; {failed} look(s) failed" if failed else ""))
    return 1 if failed else 0


def take(look: str, out: Path) -> int:
    os.environ.update(LOOKS[look])  # before Qt starts: it reads the scale once
    home = Path(tempfile.mkdtemp(prefix="sv-shots-"))
    os.environ["SV_DESKTOP_HOME"] = str(home)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from sv_desktop.app import build_services
    from sv_desktop.services.demo.generator import generate_demo
    from sv_desktop.ui.common.background import wait_for_background_tasks
    from sv_desktop.ui.app.main_window import MainWindow
    from sv_desktop.ui.common.theme import apply_theme

    apply_theme(app, look == "high-contrast")
    services = build_services(f"sqlite+pysqlite:///{home / 'demo.sqlite3'}")
    generate_demo(services.uow_factory, contracts=40, today=date.today(), catalogue=services.catalogue.catalogue())
    empty = build_services(f"sqlite+pysqlite:///{home / 'empty.sqlite3'}")

    def settle() -> None:
        for _ in range(3):
            app.processEvents()
            wait_for_background_tasks(20000)
            app.processEvents()

    def save(widget, view: str) -> None:
        settle()
        path = out / f"{look}-{view}.png"
        widget.grab().save(str(path))
        print(path)

    window = MainWindow(services)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.pipeline_page.load_now()
    settle()
    page = window.pipeline_page
    delivery = next(row.id for row in services.pipeline.rows() if services.delivery.commitments(row.id))
    evaluation = next(row.id for row in services.pipeline.rows() if services.evaluation.get(row.id) is not None)
    page.select_contract(delivery)
    save(window, "pipeline")
    page.detail_tabs.setCurrentWidget(window.delivery_tab)
    save(window, "delivery")
    page.select_contract(evaluation)
    page.detail_tabs.setCurrentWidget(window.evaluation_tab)
    save(window, "evaluation")
    window.tabs.setCurrentWidget(window.suppliers_page)
    settle()
    with_plans = next(row.id for row in services.suppliers.rows() if services.carbon.plans(row.id))
    window.suppliers_page.show_supplier(with_plans)
    window.suppliers_page.detail_tabs.setCurrentIndex(1)
    save(window, "carbon-plans")
    window.tabs.setCurrentWidget(window.dashboard)
    save(window, "dashboard")
    about = window.show_about()
    save(about, "about")
    about.close()

    first_run = MainWindow(empty)
    first_run.resize(*WINDOW_SIZE)
    first_run.show()
    first_run.pipeline_page.load_now()
    save(first_run, "empty-store")
    for shown in (window, first_run):
        shown.hide()
    settle()
    services.close()
    empty.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
