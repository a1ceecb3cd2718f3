"""The evaluation panel's small dialogs."""
from sv_desktop.domain.evaluation_views import BidderView, MemberView
from sv_desktop.ui.evaluation.evaluation_dialogs import DeclarationDialog


def test_a_declaration_names_a_bidder_with_an_ampersand_as_written(qtbot):
    """"Smith & Nephew UK Ltd" reads so in the declaration, not "Smith _Nephew UK Ltd"; the choices keep their
    own shortcut letters (Alt+N, Alt+C)."""
    member = MemberView(1, "m1", "Aoife O'Brien", "Panel member", {}, None)
    bidder = BidderView(2, "b2", "Smith & Nephew UK Ltd", None, "", (), None, None)
    dialog = DeclarationDialog(member, bidder, saver=lambda dialog, values: None)
    qtbot.addWidget(dialog)
    assert dialog.no_conflict.text() == "&No conflict of interest with Smith && Nephew UK Ltd"
    assert dialog.conflict.text() == "&Conflict of interest with Smith && Nephew UK Ltd (blocks scoring them)"
