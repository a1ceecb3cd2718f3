"""The shared reading of .xlsx / .csv tables: each importer brings its own column vocabulary."""
import pytest

from sv_desktop.exchange.contract_register import CONTRACT_VOCABULARY
from sv_desktop.exchange.contract_register import read_register as read_contract_register
from sv_desktop.exchange.tabular_file import HeaderVocabulary, RegisterError, read_register

FRUIT = HeaderVocabulary(
    labels={"fruit": "Fruit", "weight": "Weight (kg)", "grower": "Grower"},
    synonyms={"fruit": ("fruit", "produce"), "weight": ("kg", "weight")},
    examples=("fruit", "weight"),
)


def test_a_vocabulary_finds_its_own_header_row_and_delimiter(tmp_path):
    path = tmp_path / "fruit.csv"
    path.write_text("Harvest 2026;\n\nProduce;KG;Grower;Colour\nApple;1,5;Hill Farm;red\n", encoding="utf-8")
    table = read_register(path, FRUIT)
    assert table.header_row == 3
    assert [row.cells for row in table.rows] == [("Apple", "1,5", "Hill Farm", "red")]
    assert FRUIT.propose_mapping(table.headers) == {0: "fruit", 1: "weight", 2: "grower"}


def test_a_file_without_the_vocabularys_columns_names_the_columns_expected(tmp_path):
    path = tmp_path / "fruit.csv"
    path.write_text("Contract ref,Title\nA-1,Cleaning\n", encoding="utf-8")
    with pytest.raises(RegisterError, match=r"fruit.csv: no header row .* such as Fruit, Weight \(kg\)"):
        read_register(path, FRUIT)
    assert read_contract_register(path).header_row == 1  # the contract vocabulary is still the default
    with pytest.raises(RegisterError):
        read_contract_register(path, FRUIT)


def test_a_mapping_without_a_required_column_is_refused_with_header_examples():
    with pytest.raises(RegisterError, match="no column holds the fruit of this harvest .*'Fruit', 'Produce'"):
        FRUIT.check_mapping("f.csv", {1: "weight"}, ("fruit",), "harvest")
    with pytest.raises(RegisterError, match="two columns"):
        FRUIT.check_mapping("f.csv", {0: "fruit", 1: "fruit"}, ("fruit",), "harvest")
    with pytest.raises(RegisterError, match="cannot import into colour"):
        FRUIT.check_mapping("f.csv", {0: "fruit", 1: "colour"}, ("fruit",), "harvest")
    assert CONTRACT_VOCABULARY.field_for_header("Total value (£)") == "total_value"
