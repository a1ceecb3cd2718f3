"""How every section of the Evaluation tab changes the evaluation: one EvaluationService call at a time, a
reason asked for first once the evaluation is locked, a refusal shown in words, and the tab read again after.

The sections share one EvaluationChanges, so the rule about reasons after locking and the way a refusal reads
live in one place rather than in each section.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from sv_desktop.domain.errors import (
    ConflictError,
    FieldError,
    NotFoundError,
    ValidationError,
)
from sv_desktop.domain.evaluation_views import EvaluationView
from sv_desktop.services.evaluation import EvaluationService

FAILED = object()  # what EvaluationChanges.run returns when the store refused the change


def bullet_list(exc: ValidationError) -> str:
    """The refusal's reasons, one bullet a line."""
    return "\n".join(f"• {error.message}" for error in exc.errors)


class EvaluationChanges:
    """The shown contract's evaluation as last read, and the one way the tab's sections change it.

    `reload(keep_setup)` reads the evaluation again into every section (unsaved set-up edits kept when asked);
    `changed()` tells the rest of the window something was stored.
    """

    def __init__(self, service: EvaluationService, parent: QWidget, reload: Callable[[bool], None],
                 changed: Callable[[], None]):
        self.service = service
        self.contract_id: int | None = None
        self.view: EvaluationView | None = None
        self._parent = parent
        self._reload = reload
        self._changed = changed

    @property
    def shown_contract_id(self) -> int:
        """The shown contract's id; NotFoundError, as the store says of a missing contract, when none is shown."""
        if self.contract_id is None:
            raise NotFoundError("No contract is shown.")
        return self.contract_id

    def reason(self, what: str) -> str | None:
        """'' when not locked; the reason typed when locked; None when the user cancelled or gave none."""
        if self.view is None or not self.view.locked:
            return ""
        text, ok = QInputDialog.getMultiLineText(
            self._parent, "Reason for a change after locking",
            f"The evaluation is locked. Why {what}? The reason is kept in the evaluation's history.")
        if not ok:
            return None
        if not text.strip():
            QMessageBox.warning(self._parent, "Not changed",
                                "A change after locking needs a reason; nothing was changed.")
            return None
        return text.strip()

    def require_reason(self, what: str) -> str:
        """For dialogs: the reason, or a ValidationError that keeps the dialog open."""
        reason = self.reason(what)
        if reason is None:
            raise ValidationError([FieldError("reason", "The evaluation is locked: a change needs a reason. "
                                                        "Nothing was saved.")])
        return reason

    def run(self, title: str, action: Callable[[], object], keep_setup: bool = True):
        """One store call; refusals shown in words; the tab reloads after a change or a stale read.

        Unsaved set-up edits survive other changes (keep_setup) but never a stale read. Returns what the call
        returned, or FAILED."""
        try:
            result = action()
        except ValidationError as exc:
            QMessageBox.warning(self._parent, title, f"{title}:\n{bullet_list(exc)}")
            return FAILED
        except (ConflictError, NotFoundError) as exc:
            QMessageBox.warning(self._parent, title, f"{exc}\n\nThe evaluation has been read again.")
            self.read_again()
            return FAILED
        self.after_change(keep_setup)
        return result

    def after_change(self, keep_setup: bool = True) -> None:
        """Something was stored: read the evaluation again and say so."""
        self._reload(keep_setup)
        self._changed()

    def read_again(self) -> None:
        """What is shown is stale: read the evaluation again, dropping unsaved set-up edits."""
        self._reload(False)


__all__ = ["FAILED", "EvaluationChanges", "bullet_list"]
