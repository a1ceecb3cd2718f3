"""The dashboard's filter row on its own: the filter it reads, the years it offers and the pause after typing."""
from sv_desktop.domain.vocabulary import Category, Stage
from sv_desktop.ui.delivery.portfolio_filters import LIVE_STAGES, PortfolioFilterBar


def make_bar(qtbot) -> PortfolioFilterBar:
    bar = PortfolioFilterBar()
    qtbot.addWidget(bar)
    return bar


def test_the_filter_reads_what_is_chosen(qtbot):
    bar = make_bar(qtbot)
    assert bar.current_filter().categories == () and bar.current_filter().stages == ()
    bar.category.setCurrentIndex(bar.category.findData(Category.DDAT.value))
    bar.stage.setCurrentIndex(bar.stage.findData("live"))
    bar.supplier.setText("  bluebird ")
    chosen = bar.current_filter()
    assert chosen.categories == (Category.DDAT,)
    assert chosen.stages == LIVE_STAGES
    assert chosen.supplier == "bluebird"
    bar.stage.setCurrentIndex(bar.stage.findData(Stage.TENDER.value))
    assert bar.current_filter().stages == (Stage.TENDER,)


def test_the_chosen_year_stays_chosen_while_it_is_still_offered(qtbot):
    bar = make_bar(qtbot)
    bar.set_years([2025, 2026])
    bar.year.setCurrentIndex(bar.year.findData(2026))
    with qtbot.assert_not_emitted(bar.changed):
        bar.set_years([2024, 2025, 2026])
    assert bar.current_filter().financial_year == 2026
    bar.set_years([2024])
    assert bar.year.currentIndex() == 0 and bar.current_filter().financial_year is None


def test_typing_a_supplier_applies_once_after_the_typing_pauses(qtbot):
    bar = make_bar(qtbot)
    changes = []
    bar.changed.connect(lambda: changes.append(bar.supplier.text()))
    for letter in "blue":
        bar.supplier.insert(letter)
    assert changes == []
    qtbot.waitUntil(lambda: changes == ["blue"])
    bar.clear()
    qtbot.waitUntil(lambda: changes[-1] == "")
