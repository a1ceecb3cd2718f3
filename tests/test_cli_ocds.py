"""`sv-desktop import contracts FILE.json`: published notices (OCDS) from the command line."""
import sqlite3

from tests.conftest import OCDS_SAMPLE
from tests.test_cli import run

SAMPLE = OCDS_SAMPLE


def stored_ocids(store):
    with sqlite3.connect(store) as connection:
        return [row[0] for row in connection.execute("select ocid from contracts")]


def test_a_dry_run_then_an_import_then_a_reimport(tmp_path):
    store = tmp_path / "s.sqlite3"
    out = run("--db", str(store), "import", "contracts", str(SAMPLE), "--dry-run").stdout
    assert out.strip().endswith("118 added, 0 updated, 0 unchanged, none skipped (would be imported from 120 "
                                "releases of 118 contracting processes).")
    assert stored_ocids(store) == []
    assert "118 added" in run("--db", str(store), "import", "contracts", str(SAMPLE)).stdout
    assert len(stored_ocids(store)) == 118
    assert "0 added, 0 updated, 118 unchanged" in run("import", "contracts", str(SAMPLE), "--db", str(store)).stdout


def test_buyers_limit_the_import_and_every_skipped_release_is_printed(tmp_path):
    store = tmp_path / "s.sqlite3"
    out = run("--db", str(store), "import", "contracts", str(SAMPLE), "--buyer", "City of Doncaster Council",
              "--buyer", "ofcom").stdout.splitlines()
    skipped = [line for line in out if line.startswith("Skipped release ")]
    assert len(skipped) == 115 and "buyer 'Ministry of Defence' was not chosen" in "\n".join(skipped)
    assert out[-1].startswith("contracts-finder-releases.json: 4 added, 0 updated, 0 unchanged, 115 skipped")
    assert len(stored_ocids(store)) == 4  # five releases of four contracting processes


def test_an_unknown_buyer_is_refused_with_the_buyers_the_file_has(tmp_path):
    result = run("--db", str(tmp_path / "s.sqlite3"), "import", "contracts", str(SAMPLE), "--buyer", "Nobody",
                 check=False)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "no notices from 'Nobody'" in result.stderr and "City of Doncaster Council" in result.stderr


def test_a_file_that_is_not_a_package_gives_a_one_line_reason(tmp_path):
    bad = tmp_path / "notices.json"
    bad.write_text('{"releases": [', encoding="utf-8")
    result = run("--db", str(tmp_path / "s.sqlite3"), "import", "contracts", str(bad), check=False)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "notices.json: is not valid JSON (line 1" in result.stderr


def test_buyer_is_only_for_published_notices(tmp_path):
    register = tmp_path / "register.csv"
    register.write_text("Reference,Title\nA-1,Cleaning\n", encoding="utf-8")
    result = run("--db", str(tmp_path / "s.sqlite3"), "import", "contracts", str(register), "--buyer", "X",
                 check=False)
    assert result.returncode == 1 and "--buyer applies to published notices" in result.stderr
