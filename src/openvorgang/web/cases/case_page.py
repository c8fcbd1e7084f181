"""What the case page shows beyond the records themselves: the Verlauf (history steps,
comments, messages, follow-ups, decisions and exports in one timeline, filterable) and the
header's next due follow-up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from openvorgang.cases.models import CaseEvent, EventKind

# the Verlauf's filters: URL value → label
KINDS: dict[str, Any] = {
    "schritte": _("Bearbeitungsschritte"),
    "kommentare": _("Kommentare"),
    "nachrichten": _("Nachrichten"),
    "wiedervorlagen": _("Wiedervorlagen"),
    "bescheide": _("Bescheide"),
    "exporte": _("Veraktung"),
}
EVENT_KINDS: dict[str, str] = {
    EventKind.DECISION: "bescheide",
    EventKind.EXPORT: "exporte",
    EventKind.FILED: "exporte",
}


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    kind: str
    who: str
    event: CaseEvent | None = None
    text: str = ""

    @property
    def kind_label(self) -> Any:
        return KINDS[self.kind]


def timeline(
    *,
    history: list[CaseEvent],
    comments: list[Any],
    thread: list[Any],
    follow_ups: list[Any],
    only: str = "",
) -> list[Entry]:
    """Newest first; ``only`` one of KINDS (anything else: all)."""
    entries = [
        Entry(at=e.at, kind=EVENT_KINDS.get(str(e.kind), "schritte"), who=e.actor_name, event=e)
        for e in history
    ]
    entries += [
        Entry(at=c.created_at, kind="kommentare", who=c.author_name, text=c.text) for c in comments
    ]
    entries += [
        Entry(at=m.created_at, kind="nachrichten", who=m.author_name, text=m.subject or m.text)
        for m in thread
    ]
    for f in follow_ups:
        entries.append(
            Entry(
                at=f.created_at,
                kind="wiedervorlagen",
                who=getattr(f, "created_by_name", "") or "",
                text=_follow_up_text(f),
            )
        )
    if only in KINDS:
        entries = [e for e in entries if e.kind == only]
    # newest first; of entries at the same moment the one recorded later comes first (each
    # kind arrives oldest first, so its place in the list breaks the tie)
    numbered = sorted(enumerate(entries), key=lambda pair: (pair[1].at, pair[0]), reverse=True)
    return [entry for _, entry in numbered]


def timeline_context(
    *,
    history: list[CaseEvent],
    comments: list[Any],
    thread: list[Any],
    follow_ups: list[Any],
    only: str,
) -> dict[str, Any]:
    """What the Verlauf's template needs (``cases/_timeline.html``)."""
    entries = timeline(
        history=history, comments=comments, thread=thread, follow_ups=follow_ups, only=only
    )
    return {
        "timeline": entries,
        "timeline_kinds": list(KINDS.items()),
        "timeline_only": only if only in KINDS else "",
        "timeline_shown": True,
    }


def _follow_up_text(follow_up: Any) -> str:
    values = {"subject": follow_up.subject, "due": follow_up.due_on.strftime("%d.%m.%Y")}
    if follow_up.done_at:
        return gettext("%(subject)s – fällig am %(due)s (erledigt)") % values
    return gettext("%(subject)s – fällig am %(due)s") % values


def next_due(follow_ups: list[Any]) -> Any:
    """The open follow-up due first, or None."""
    open_ones = [f for f in follow_ups if f.done_at is None]
    return min(open_ones, key=lambda f: f.due_on) if open_ones else None
