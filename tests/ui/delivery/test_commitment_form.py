"""The commitment form on its own: what it reads back, what it locks, when it counts as changed, and how its
two columns stack on a narrow screen."""
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QBoxLayout

from sv_desktop.domain.delivery import Aggregation, CommitmentData, Frequency
from sv_desktop.domain.errors import ValidationError
from sv_desktop.domain.vocabulary import UkRegion
from sv_desktop.ui.delivery.commitment_form import CommitmentForm

FRAMEWORK = CommitmentData("Apprenticeships", "count", Decimal("12"), date(2025, 4, 1), date(2027, 3, 31),
                           Frequency.QUARTERLY, framework_id="ppn002", ref="1aii")
BESPOKE = CommitmentData("Careers talks", "hours", None, date(2025, 4, 1), date(2027, 3, 31),
                         justification="No framework metric counts them.")


@pytest.fixture
def form(qtbot):
    widget = CommitmentForm()
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    return widget


def test_what_is_typed_is_read_back_over_the_commitment_it_was_filled_from(qtbot, form):
    form.fill(FRAMEWORK, True, has_returns=False)
    form.target.clear()
    qtbot.keyClicks(form.target, "1,250.5")
    form.region.set_value(UkRegion.WALES)
    read = form.read(FRAMEWORK)
    assert read.target == Decimal("1250.5") and read.region is UkRegion.WALES
    assert (read.framework_id, read.ref, read.unit) == ("ppn002", "1aii", "count")


def test_words_in_a_number_field_are_refused_naming_each_field(qtbot, form):
    form.fill(FRAMEWORK, False, has_returns=False)
    form.target.setText("about a dozen")
    form.baseline.setText("some")
    with pytest.raises(ValidationError) as refused:
        form.read(FRAMEWORK)
    assert [error.field for error in refused.value.errors] == ["target", "baseline"]
    with pytest.raises(ValidationError):
        form.read(None)  # nothing chosen


def test_a_framework_metric_keeps_its_unit_and_only_a_bespoke_one_asks_for_a_justification(form):
    form.fill(FRAMEWORK, True, has_returns=True)
    assert not form.unit.isEnabled() and form.unit.toolTip() == "Set by the framework metric"
    assert not form.frequency.isEnabled()  # returns are recorded against its periods
    assert form.region_label.text() == "UK re&gion (required)"
    assert not form.justification.isVisibleTo(form)
    form.fill(BESPOKE, False, has_returns=False)
    assert form.unit.isEnabled() and form.frequency.isEnabled()
    assert form.justification.isVisibleTo(form)
    assert form.justification.toPlainText() == "No framework metric counts them."


def test_choosing_a_unit_sets_how_it_adds_up(form):
    form.fill(BESPOKE, False, has_returns=False)
    form.unit.setCurrentIndex(form.unit.findData("percent"))
    assert form.aggregation.value() is Aggregation.LATEST
    assert form.is_dirty()


def test_an_edit_marks_the_form_not_saved_until_it_is_filled_again(qtbot, form):
    form.fill(FRAMEWORK, False, has_returns=False)
    assert not form.is_dirty() and not form.revert_button.isEnabled()
    qtbot.keyClicks(form.cohort, "Care leavers")
    assert form.is_dirty() and form.revert_button.isEnabled() and form.status.text() == "Not saved yet."
    form.fill(FRAMEWORK, False, has_returns=False)
    assert not form.is_dirty() and form.cohort.text() == ""
    form.fill(BESPOKE, False, has_returns=False, is_new=True)
    assert not form.is_dirty() and form.revert_button.isEnabled()  # a new commitment can always be dropped


def test_nothing_chosen_leaves_every_field_empty_and_disabled(form):
    form.fill(FRAMEWORK, False, has_returns=False)
    form.fill(None, False, has_returns=False)
    assert form.title.text() == "" and not form.title.isEnabled() and not form.save_button.isEnabled()


def test_the_two_columns_stack_when_the_form_is_narrow(qtbot, form):
    assert form.columns.direction() is QBoxLayout.Direction.LeftToRight
    form.resize(600, 600)
    qtbot.waitUntil(lambda: form.columns.direction() is QBoxLayout.Direction.TopToBottom)
    form.resize(1000, 600)
    qtbot.waitUntil(lambda: form.columns.direction() is QBoxLayout.Direction.LeftToRight)
