"""The headless commands end to end, in a subprocess like a scheduled job would run them."""
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import CLI_DEMO_CONTRACTS


def run(*args, env=None, check=True):
    environment = dict(os.environ, **(env or {}))
    environment.pop("DISPLAY", None)
    environment.pop("QT_QPA_PLATFORM", None)  # --help and --version must not need a display at all
    result = subprocess.run([sys.executable, "-m", "sv_desktop", *args], capture_output=True, text=True,
                            env=environment, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    return result


def test_version_and_help_work_without_a_display():
    assert run("--version").stdout.startswith("SV Desktop ")
    helptext = run("--help").stdout
    assert "demo" in helptext and "catalogue" in helptext and "--database-url" in helptext


def test_demo_fills_the_store_named_by_db_before_or_after_the_command(tmp_path):
    store = tmp_path / "a.sqlite3"
    out = run("--db", str(store), "demo", "--contracts", "25").stdout
    assert "Loaded 25 demo contracts" in out and str(store) in out
    out = run("demo", "--contracts", "10", "--db", str(store)).stdout
    assert "replacing 25 earlier demo contracts" in out


def test_the_environment_variable_names_the_store(tmp_path):
    store = tmp_path / "env.sqlite3"
    run("demo", "--contracts", "5", env={"SV_DESKTOP_DB": str(store)})
    assert store.exists()


def test_database_url_names_the_store(tmp_path):
    store = tmp_path / "url.sqlite3"
    run("--database-url", f"sqlite:///{store}", "demo", "--contracts", "5")
    assert store.exists()


def test_without_options_the_store_is_in_the_user_data_folder(tmp_path):
    home = tmp_path / "home"
    out = run("demo", "--contracts", "3", env={"SV_DESKTOP_HOME": str(home)}).stdout
    assert (home / "sv-desktop.sqlite3").exists() and str(home) in out


def test_a_foreign_file_gives_a_one_line_reason_and_a_failing_exit(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    result = run("--db", str(bad), "demo", check=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "not an SV Desktop store" in result.stderr
    assert bad.read_text() == "not a database"


def test_bad_arguments_exit_with_usage_status(tmp_path):
    assert run("demo", "--contracts", "0", "--db", str(tmp_path / "x.db"), check=False).returncode == 2
    assert run("catalogue", "--framework", "nope", check=False).returncode == 2


def test_catalogue_json_lists_every_framework_with_its_entries():
    data = json.loads(run("catalogue", "--json").stdout)
    ids = [f["id"] for f in data["frameworks"]]
    assert ids[0] == "ppn002"
    assert {"ppn002", "national_toms", "nhs_themes", "cheshire_merseyside"} <= set(ids)
    ppn = data["frameworks"][0]
    assert len(ppn["entries"]) == 5  # the five missions (000_14458fa951fc6b05.txt, section 2)


def test_catalogue_for_one_framework_as_an_outline():
    out = run("catalogue", "--framework", "ppn002").stdout
    assert out.startswith("ppn002: ")
    assert "4ai metric" in out and "tco2e" in out


def test_a_bad_local_framework_is_reported_and_skipped(tmp_path):
    home = tmp_path / "home"
    (home / "frameworks").mkdir(parents=True)
    (home / "frameworks" / "broken.yaml").write_text("schema: 1\nid: [unclosed\n")
    result = run("catalogue", "--json", env={"SV_DESKTOP_HOME": str(home)})
    assert "broken.yaml" in result.stderr and "line" in result.stderr
    assert json.loads(result.stdout)["frameworks"]


@pytest.mark.parametrize("entry", [["-m", "sv_desktop"]])
def test_python_dash_m_is_the_same_entry_point(entry):
    result = subprocess.run([sys.executable, *entry, "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "SV Desktop" in result.stdout


def test_check_prints_every_contract_and_the_totals_and_exits_0(cli_demo_store):
    store = cli_demo_store
    out = run("check", "--db", str(store)).stdout
    assert out.startswith("Policy profile: NHS trust")
    assert f"In total, {CLI_DEMO_CONTRACTS} contracts:" in out
    assert "Minimum 10% social value weighting:" in out
    assert "(source: 002_80f5ea46fbe04add.txt" in out


def test_check_json_lists_rules_with_verdicts_and_sources(cli_demo_store):
    store = cli_demo_store
    data = json.loads(run("check", "--json", "--profile", "council", "--db", str(store)).stdout)
    assert data["profile"]["id"] == "council"
    assert len(data["contracts"]) == CLI_DEMO_CONTRACTS
    rule = data["contracts"][0]["rules"][0]
    assert {"rule", "verdict", "reason", "source"} <= set(rule)
    assert any(s["rule"] == "weighting_bands" for s in data["summary"])
    assert run("check", "--profile", "nope", "--db", str(store), check=False).returncode == 2


def _store_with_plans(path):
    """A failing plan (net zero 2051, reference/domain_rules.md §1.2) and a contract whose supplier has none."""
    from datetime import date
    from decimal import Decimal

    from sv_desktop.app import build_services
    from sv_desktop.domain.carbon_plan import CarbonPlanData, Scope
    from sv_desktop.domain.contract import ContractData
    from sv_desktop.domain.policy import CarbonPlan
    from sv_desktop.domain.supplier import SupplierData
    from sv_desktop.domain.vocabulary import Category, Stage
    from sv_desktop.store.location import sqlite_url

    services = build_services(sqlite_url(path))
    try:
        late = services.suppliers.create(SupplierData(name="Late & Co"))
        services.carbon.save_plan(late.id, CarbonPlanData(
            CarbonPlan.NZC, net_zero_year=2051, scopes_covered=frozenset(Scope), approved_by="Board",
            approved_on=date.today()))
        services.pipeline.create(ContractData(
            reference="FM-1", title="Soft FM", category=Category.ESTATES_FACILITIES, stage=Stage.AWARDED,
            annual_value=Decimal(6000000), supplier_names=("No Plan Ltd",)))
    finally:
        services.close()


def test_carbon_lists_suppliers_and_alerts(tmp_path):
    store = tmp_path / "carbon.sqlite3"
    _store_with_plans(store)
    out = run("carbon", "--db", str(store)).stdout
    assert "Late & Co: Net Zero Commitment: Does not meet the rules" in out
    assert "Net zero by 2051 is later than 2050" in out
    assert "No Plan Ltd: No plan recorded" in out
    assert "[Plan needed, none recorded] No Plan Ltd (FM-1)" in out
    data = json.loads(run("carbon", "--json", "--alerts", "--db", str(store)).stdout)
    assert "suppliers" not in data
    assert {(a["kind"], a["supplier"]) for a in data["alerts"]} == {("failing", "Late & Co"),
                                                                    ("missing", "No Plan Ltd")}


def _evaluated_reference(path) -> str:
    import sqlite3

    with sqlite3.connect(path) as connection:
        [(reference,)] = connection.execute(
            "SELECT c.reference FROM contracts c JOIN evaluations e ON e.contract_id = c.id").fetchall()
    return reference


def test_report_evaluation_writes_the_demo_panel_report(cli_demo_store, tmp_path):
    from pypdf import PdfReader

    store = cli_demo_store
    reference = _evaluated_reference(store)
    out = tmp_path / "evaluation.pdf"
    result = run("report", "evaluation", reference, "--out", str(out), "--db", str(store))
    assert f"Wrote {out}" in result.stdout
    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(str(out)).pages).split())
    assert f"Evaluation report: {reference}" in text
    assert "Ranking: Social value only" in text and "Conflict-of-interest declarations" in text
    assert "(outlier)" in text and "Not locked" in text


def test_report_evaluation_of_an_unknown_reference_or_a_contract_without_a_panel_exits_1(tmp_path):
    store = tmp_path / "s.sqlite3"
    result = run("--db", str(store), "report", "evaluation", "NOPE", "--out", str(tmp_path / "e.pdf"), check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "sv-desktop: no contract has the reference 'NOPE'"
    from sv_desktop.app import build_services
    from sv_desktop.domain.contract import ContractData
    from sv_desktop.domain.vocabulary import Category
    from sv_desktop.store.location import sqlite_url

    services = build_services(sqlite_url(store))
    try:
        services.pipeline.create(ContractData(reference="BARE-1", title="No panel yet", category=Category.OTHER))
    finally:
        services.close()
    result = run("--db", str(store), "report", "evaluation", "BARE-1", "--out", str(tmp_path / "e.pdf"), check=False)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert result.stderr.strip() == "sv-desktop: contract BARE-1 has no evaluation recorded"
    result = run("--db", str(store), "report", "evaluation", "BARE-1", "--out", str(tmp_path / "e.txt"), check=False)
    assert result.returncode == 2 and "--out" in result.stderr
    assert not (tmp_path / "e.pdf").exists()


def test_export_contracts_writes_xlsx_and_csv_with_the_tables_columns(cli_demo_store, tmp_path):
    import csv

    import openpyxl

    from sv_desktop.services.pipeline_index import COLUMNS, Column

    store = cli_demo_store
    out = run("--db", str(store), "export", "contracts", str(tmp_path / "all.xlsx")).stdout
    assert f"Exported {CLI_DEMO_CONTRACTS} rows" in out
    sheet = openpyxl.load_workbook(tmp_path / "all.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [column.value for column in COLUMNS] and len(rows) == CLI_DEMO_CONTRACTS + 1
    assert sheet.freeze_panes == "A2"
    values = [row[COLUMNS.index(Column.TOTAL_VALUE)] for row in rows[1:]]
    assert any(isinstance(value, (int, float)) for value in values)
    assert all(row[COLUMNS.index(Column.COMPLIANCE)] for row in rows[1:])  # worked out, as the table shows it

    out = run("export", "contracts", str(tmp_path / "open.csv"), "--db", str(store), "--stage", "open").stdout
    raw = (tmp_path / "open.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    stage = COLUMNS.index(Column.STAGE)
    assert table[1:] and all(row[stage] not in ("Closed", "Cancelled") for row in table[1:])
    assert f"Exported {len(table) - 1} row" in out


def test_export_filters_by_category_and_refuses_an_unknown_extension_or_stage(cli_demo_store, tmp_path):
    store = cli_demo_store
    run("--db", str(store), "export", "contracts", str(tmp_path / "ddat.csv"), "--category", "ddat")
    text = (tmp_path / "ddat.csv").read_text(encoding="utf-8-sig")
    assert text.count("\n") > 1 and all('"Digital, Data & Technology"' in line for line in text.splitlines()[1:])

    result = run("--db", str(store), "export", "contracts", str(tmp_path / "p.ods"), check=False)
    assert result.returncode == 2 and "must end in .xlsx or .csv" in result.stderr
    assert result.stderr.count("\n") == 1 and not (tmp_path / "p.ods").exists()
    result = run("--db", str(store), "export", "contracts", str(tmp_path / "p.csv"), "--stage", "nope", check=False)
    assert result.returncode == 2 and "--stage 'nope'" in result.stderr
    result = run("--db", str(store), "export", "contracts", str(tmp_path / "no" / "p.csv"), check=False)
    assert result.returncode == 1 and "does not exist" in result.stderr


def _references(path):
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return sorted(row[0] for row in connection.execute("SELECT reference FROM contracts"))
    finally:
        connection.close()


def test_backup_and_restore_round_trip(cli_demo_store, tmp_path):
    store = cli_demo_store  # what `demo --contracts 30` wrote
    out = run("--db", str(store), "backup").stdout
    backups = list((tmp_path / "backups").glob("demo-*.sqlite3"))
    assert len(backups) == 1 and str(backups[0]) in out and "keeps the newest 10" in out
    chosen = tmp_path / "for-it.sqlite3"
    assert str(chosen) in run("--db", str(store), "backup", "--out", str(chosen)).stdout
    assert _references(chosen) == _references(store) and len(_references(store)) == CLI_DEMO_CONTRACTS
    again = run("--db", str(store), "backup", "--out", str(chosen), check=False)
    assert again.returncode == 2 and "already exists" in again.stderr

    run("--db", str(store), "demo", "--contracts", "8")  # the store changes after the backup
    assert len(_references(store)) == 8
    out = run("--db", str(store), "restore", str(backups[0])).stdout
    assert f"Restored {store} from {backups[0]}" in out and "kept at" in out
    assert len(_references(store)) == CLI_DEMO_CONTRACTS
    kept = list((tmp_path / "backups").glob("demo-before-restore-*.sqlite3"))
    assert len(kept) == 1 and len(_references(kept[0])) == 8


def test_restore_refuses_a_file_that_is_not_a_store_and_changes_nothing(cli_demo_store, tmp_path):
    store = cli_demo_store
    notes = tmp_path / "notes.txt"
    notes.write_text("not a store")
    before = _references(store)
    result = run("--db", str(store), "restore", str(notes), check=False)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "cannot be restored" in result.stderr and "Nothing was changed" in result.stderr
    assert _references(store) == before and not (tmp_path / "backups").exists()


def test_a_damaged_store_names_its_backup_and_restore_brings_it_back(cli_demo_store, tmp_path):
    store = cli_demo_store
    run("--db", str(store), "backup")
    data = bytearray(store.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset:offset + 200] = b"\xff" * 200
    store.write_bytes(bytes(data))
    refused = run("--db", str(store), "check", check=False)
    assert refused.returncode == 1 and "damaged" in refused.stderr
    backup = next((tmp_path / "backups").glob("demo-2*.sqlite3"))
    assert str(backup) in refused.stderr
    run("--db", str(store), "restore", str(backup))
    assert len(_references(store)) == CLI_DEMO_CONTRACTS


def test_backup_on_a_database_server_says_the_server_backs_it_up(tmp_path):
    result = run("--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/none", "backup", check=False)
    assert result.returncode == 1 and "server's own backups" in result.stderr
    result = run("--database-url", "postgresql+psycopg://nobody@127.0.0.1:1/none", "restore", "x.sqlite3",
                 check=False)
    assert result.returncode == 1 and "server's own backups" in result.stderr


def _register_csv(path, rows):
    import csv as csv_module

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv_module.writer(handle)
        writer.writerow(["Trust contract register"])
        writer.writerow([])
        writer.writerow(["Contract ref", "Contract title", "Category", "Total value (£)", "Start date", "Expiry date"])
        writer.writerows(rows)
    return path


def test_import_contracts_refuses_a_register_with_an_invalid_row_and_names_it(tmp_path):
    store = tmp_path / "s.sqlite3"
    path = _register_csv(tmp_path / "r.csv", [["A-1", "Cleaning", "Estates & Facilities", "£1.2m", "01/04/2025",
                                               "31/03/2030"],
                                              ["A-2", "Bad", "Catering", "lots", "", ""]])
    result = run("--db", str(store), "import", "contracts", str(path), check=False)
    assert result.returncode == 1
    assert "row 5, column Category: 'Catering' is not one of" in result.stdout
    assert "row 5, column Total value (£): 'lots'" in result.stdout
    assert "nothing was imported" in result.stdout
    assert _references(store) == []


def test_import_contracts_dry_run_skip_invalid_and_reimport(tmp_path):
    store = tmp_path / "s.sqlite3"
    rows = [["A-1", "Cleaning", "Estates & Facilities", "£1.2m", "01/04/2025", "31/03/2030"],
            ["A-2", "Bad", "Catering", "", "", ""],
            ["A-3", "Transport", "transport", "250k", "1/4/26", "31/3/29"]]
    path = _register_csv(tmp_path / "r.csv", rows)
    dry = run("--db", str(store), "import", "contracts", str(path), "--dry-run", "--skip-invalid").stdout
    assert "2 added, 0 updated, 0 unchanged, 1 rejected (would be imported" in dry
    assert _references(store) == []
    out = run("--db", str(store), "import", "contracts", str(path), "--skip-invalid").stdout
    assert "row 5, column Category" in out and "2 added, 0 updated, 0 unchanged, 1 rejected" in out
    assert _references(store) == ["A-1", "A-3"]
    rows[0][1] = "Cleaning (renewed)"
    _register_csv(path, rows)
    again = run("--db", str(store), "import", "contracts", str(path), "--skip-invalid").stdout
    assert "0 added, 1 updated, 1 unchanged, 1 rejected" in again
    assert _references(store) == ["A-1", "A-3"]


def test_import_contracts_of_a_file_that_is_not_a_register_fails_with_a_reason(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("hello\nworld\n")
    result = run("--db", str(tmp_path / "s.sqlite3"), "import", "contracts", str(path), check=False)
    assert result.returncode == 1 and "no header row" in result.stderr and result.stderr.count("\n") == 1


def test_main_is_the_one_place_an_error_becomes_a_line_and_an_exit_status(monkeypatch, capsys):
    """Every command raises what went wrong (a UserFacingError); cli.main alone prints it and picks the status."""
    from sv_desktop import cli
    from sv_desktop.services.backup import BackupError

    def refused(_args):
        raise BackupError("The backups folder cannot be written. Nothing was changed.")

    monkeypatch.setattr(cli, "_run_catalogue", refused)
    assert cli.main(["catalogue"]) == 1
    assert capsys.readouterr().err == "sv-desktop: The backups folder cannot be written. Nothing was changed.\n"

    def bad_option(_args):
        raise cli._UsageError("--out 'x' must name a .pdf file")

    monkeypatch.setattr(cli, "_run_catalogue", bad_option)
    assert cli.main(["catalogue"]) == 2
    assert capsys.readouterr().err == "sv-desktop: --out 'x' must name a .pdf file\n"

    def bug(_args):
        raise RuntimeError("a bug, not a message for the officer")

    monkeypatch.setattr(cli, "_run_catalogue", bug)
    with pytest.raises(RuntimeError):  # never dressed up as a one-line reason
        cli.main(["catalogue"])
