"""`sv-desktop report` end to end, in a subprocess like a scheduled job."""
from tests.reports.conftest import read_pdf
from tests.test_cli import run


def test_report_pack_and_contract_write_pdfs(cli_demo_store, tmp_path):
    store = cli_demo_store
    out = tmp_path / "pack.pdf"
    result = run("report", "pack", "--out", str(out), "--db", str(store), "--from", "2025-01-01", "--to",
                 "31/12/2027", "--category", "ddat", "--category", "Transport", "--section", "summary",
                 "--section", "pipeline", "--committee", "Audit & Risk Committee", "--meeting-date", "22/11/2026")
    assert f"Wrote {out}" in result.stdout
    pdf = read_pdf(out)
    assert pdf.outline_titles()[2:] == ["Executive summary", "Pipeline: renewals and new tenders"]
    assert "Audit & Risk Committee" in pdf.page(0)
    contract = tmp_path / "c.pdf"
    run("--db", str(store), "report", "contract", "DEMO-000001", "--out", str(contract))
    assert "Contract report: DEMO-000001" in read_pdf(contract).text


def test_bad_options_exit_2_naming_the_option(tmp_path):
    store = tmp_path / "s.sqlite3"
    for args, named in ((("--from", "2026-13-01"), "--from"), (("--meeting-date", "tomorrow"), "--meeting-date"),
                        (("--category", "food"), "--category"), (("--section", "no_such_section"), "--section"),
                        (("--from", "2027-01-01", "--to", "2026-01-01"), "--to")):
        result = run("--db", str(store), "report", "pack", "--out", str(tmp_path / "p.pdf"), *args, check=False)
        assert result.returncode == 2 and named in result.stderr and result.stderr.count("\n") == 1, result.stderr
    result = run("--db", str(store), "report", "pack", "--out", str(tmp_path / "p.txt"), check=False)
    assert result.returncode == 2 and "--out" in result.stderr
    assert not (tmp_path / "p.pdf").exists()


def test_an_unknown_reference_exits_1(tmp_path):
    result = run("--db", str(tmp_path / "s.sqlite3"), "report", "contract", "NOPE", "--out",
                 str(tmp_path / "c.pdf"), check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "sv-desktop: no contract has the reference 'NOPE'"
