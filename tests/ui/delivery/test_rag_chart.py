"""The dashboard's RAG chart: every status painted with its words, and its counts told to screen readers."""
from sv_desktop.domain.delivery import Rag
from sv_desktop.ui.delivery.rag_chart import RagBarChart


def test_the_chart_paints_every_status_with_its_words(qtbot):
    chart = RagBarChart()
    qtbot.addWidget(chart)
    chart.resize(420, 160)
    chart.set_counts([(Rag.RED, 2), (Rag.AMBER, 0), (Rag.GREEN, 12), (Rag.GREY, 1)])
    image = chart.grab().toImage()
    assert not image.isNull()
    assert chart.accessibleDescription() == ("Red: off track: 2; Amber: at risk: 0; Green: on track: 12; "
                                             "Grey: not started: 1")
