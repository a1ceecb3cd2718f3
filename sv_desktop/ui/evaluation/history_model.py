"""The evaluation's history as a table: every change, oldest first, with the reason given after locking."""
from __future__ import annotations

from sv_desktop.domain.evaluation_views import EventView
from sv_desktop.ui.evaluation.view_table import Column, ViewTable


class EventsModel(ViewTable):
    COLUMNS = (
        Column("at", "When"),
        Column("by", "Who"),
        Column("action", "What"),
        Column("details", "Details"),
        Column("reason", "Reason given", "Changes after locking need a reason"),
    )

    def set_events(self, events: tuple[EventView, ...]) -> None:
        self._set_rows(list(events))

    def _text(self, item: EventView, key: str, row: int) -> str:
        if key == "at":
            return f"{item.at:%d/%m/%Y %H:%M}"
        if key == "by":
            return item.by
        if key == "action":
            return item.action[:1].upper() + item.action[1:]
        if key == "details":
            return item.details
        return item.reason or ("—" if "after locking" not in item.action else "")


__all__ = ["EventsModel"]
