"""The shipped CPV -> category table, reading a user's copy with file/line/key errors, and saving an edited one."""
import pytest

from sv_desktop.catalogue.cpv_categories import (
    CpvRule,
    load_cpv_table,
    rule_problems,
    shipped_cpv_table_path,
    write_cpv_table,
)
from sv_desktop.catalogue.loader import CatalogueError
from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.vocabulary import Category

# CPV 2008 (Commission Regulation (EC) No 213/2008, Annex I): the 45 divisions of the main vocabulary.
CPV_DIVISIONS = ("03 09 14 15 16 18 19 22 24 30 31 32 33 34 35 37 38 39 41 42 43 44 45 48 50 51 55 60 63 64 65 66 "
                 "70 71 72 73 75 76 77 79 80 85 90 92 98").split()


@pytest.fixture(scope="module")
def shipped():
    return load_cpv_table(shipped_cpv_table_path())


def test_every_cpv_division_has_a_rule_and_the_source_is_cited(shipped):
    assert len(CPV_DIVISIONS) == 45
    two_digit = {rule.prefix for rule in shipped.rules if len(rule.prefix) == 2}
    assert two_digit == set(CPV_DIVISIONS)
    # categories: seed 002 (002_80f5ea46fbe04add.txt), "To Use This Guide"
    assert "002_80f5ea46fbe04add.txt" in shipped.source and "To Use This Guide" in shipped.source
    assert "213/2008" in shipped.source
    assert {rule.category for rule in shipped.rules} == set(Category)


@pytest.mark.parametrize("code, category", [
    ("85147000", Category.CLINICAL_SERVICES),  # company health services
    ("33141000", Category.MEDICAL_DEVICES),  # disposable medical consumables
    ("33600000", Category.OTHER),  # pharmaceuticals: "336" beats "33"
    ("72000000", Category.DDAT),
    ("60130000", Category.TRANSPORT),  # special-purpose road passenger transport
    ("90910000", Category.ESTATES_FACILITIES),  # cleaning
    ("64121100", Category.TRANSPORT),  # courier: "6412" beats "641" beats "64"
    ("79625000", Category.CLINICAL_SERVICES),  # supply of medical personnel
])
def test_the_longest_prefix_wins(shipped, code, category):
    assert shipped.category_for([code]) is category


def test_a_notice_without_codes_takes_the_default(shipped):
    assert shipped.category_for([]) is Category.OTHER
    assert shipped.category_for(["01000000", "72000000"]) is Category.DDAT  # the first code a rule covers


def write(tmp_path, text):
    path = tmp_path / "cpv-categories.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = 'schema: 1\nsource: "ours"\nrules:\n  - prefix: "33"\n    category: medical_devices\n'


@pytest.mark.parametrize("text, line, key, words", [
    (GOOD.replace('"33"', "33"), 4, "rules[0].prefix", 'write the prefix in quotes, "33"'),
    (GOOD.replace('"33"', "03"), 4, "rules[0].prefix", 'in quotes, "03"'),
    (GOOD.replace('"33"', '"3a"'), 4, "rules[0].prefix", "must be 2 to 8 digits"),
    (GOOD.replace("medical_devices", "pharmacy"), 5, "rules[0].category", "unknown category 'pharmacy'"),
    (GOOD + '  - prefix: "33"\n    category: other\n', 6, "rules[1].prefix", "already given on line 4"),
    (GOOD + "    colour: red\n", 6, "rules[0].colour", "unknown key 'colour'"),
    (GOOD.replace("schema: 1", "schema: 2"), 1, "schema", "unsupported schema version 2"),
    ('schema: 1\nsource: "ours"\nrules: []\n', 3, "rules", "must not be an empty list"),
    ('schema: 1\nrules: []\n', 1, None, "missing required key 'source'"),
    ("", 1, None, "is empty"),
    ("- 1\n", 1, None, "expected 'schema: 1'"),
    ("rules: [\n", None, None, "invalid YAML"),
])
def test_a_broken_user_table_names_file_line_and_key(tmp_path, text, line, key, words):
    with pytest.raises(CatalogueError) as caught:
        load_cpv_table(write(tmp_path, text))
    error = caught.value
    assert error.path.name == "cpv-categories.yaml" and words in error.message
    if line is not None:
        assert error.line == line
    assert error.key == key
    assert str(error).startswith("cpv-categories.yaml, ")


def test_an_edited_table_is_saved_and_read_back(tmp_path, shipped):
    rules = list(shipped.rules) + [CpvRule("3314", Category.MEDICAL_DEVICES, "Medical consumables")]
    saved = write_cpv_table(tmp_path / "cpv-categories.yaml", rules, shipped.source)
    assert saved.rules == tuple(sorted(rules, key=lambda r: r.prefix))
    assert saved.category_for(["33141000"]) is Category.MEDICAL_DEVICES
    assert (tmp_path / "cpv-categories.yaml").read_text(encoding="utf-8").startswith("# CPV code -> category table")


def test_saving_bad_rows_names_each_row_and_writes_nothing(tmp_path):
    path = write(tmp_path, GOOD)
    rules = [CpvRule("33", Category.MEDICAL_DEVICES), CpvRule("3x", Category.OTHER), CpvRule("33", Category.DDAT),
             CpvRule("", None, "two\nlines")]
    with pytest.raises(ValidationError) as caught:
        write_cpv_table(path, rules, "ours")
    assert [str(e) for e in caught.value.errors] == [
        "row 2 prefix: is '3x'; a prefix is 2 to 8 digits (e.g. 33 or 3314)",
        "row 3 prefix: 33 is already on row 1",
        "row 4 prefix: is empty; a prefix is 2 to 8 digits (e.g. 33 or 3314)",
        "row 4 category: choose a category",
        "row 4 label: must be one line",
    ]
    assert path.read_text(encoding="utf-8") == GOOD
    assert rule_problems([]) and list(tmp_path.iterdir()) == [path]
