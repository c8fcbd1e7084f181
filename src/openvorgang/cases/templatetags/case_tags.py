"""Template helpers for case pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openvorgang.cases.history import HISTORY_SUMMARIES
from openvorgang.cases.models import CaseEvent, CaseStatus, EventKind
from openvorgang.cases.workflow import TRANSITIONS

register = template.Library()


def _status_label(value: object) -> str:
    return str(CaseStatus(str(value)).label) if value in CaseStatus.values else str(value or "–")


@register.filter
def status_label(value: object) -> str:
    return _status_label(value)


STATUS_TONES = {
    "NEU": "info",
    "BESCHIEDEN": "success",
    "ABGESCHLOSSEN": "success",
    "WEITERGELEITET": "success",
    "VERWORFEN": "warning",
    "ZU_LOESCHEN": "danger",
}


@register.filter
def status_tone(value: object) -> str:
    """The KERN badge variant of a case status: new is news, done is success, the deletion
    mark is danger; work in progress is plain information."""
    return STATUS_TONES.get(str(value), "info")


@register.filter
def form_value(item: dict[str, Any]) -> str:
    """A form value as a German reader expects it: dates as 28.11.2026, ja/nein, – for empty."""
    value = item.get("value")
    if value is None or value == "":
        return "–"
    kind = item.get("type")
    if kind == "boolean":
        return _("ja") if value else _("nein")
    if kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).strftime("%d.%m.%Y")
        except ValueError:
            return value
    if kind == "number" and isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True)
    return str(value)


@register.filter
def event_summary(event: CaseEvent) -> str:
    """One German sentence describing a history entry."""
    prefix = _("Rückgängig: ") if event.undoes_id else ""
    if event.kind == EventKind.CREATED:
        files = event.after.get("files") or []
        text = ngettext(
            "Antrag eingegangen (%(count)s Datei)",
            "Antrag eingegangen (%(count)s Dateien)",
            len(files),
        ) % {"count": len(files)}
        if event.after.get("routing"):
            text += ". " + _("Zuständigkeit: %(why)s") % {"why": event.after["routing"]}
        return text
    if event.kind == EventKind.ROUTED:
        return _("Zugeordnet: %(before)s → %(after)s") % {
            "before": event.before.get("org_unit") or "–",
            "after": event.after.get("org_unit") or "–",
        }
    if event.kind == EventKind.FORWARDED:
        return _("Weitergeleitet: %(before)s → %(after)s") % {
            "before": event.before.get("org_unit") or "–",
            "after": event.after.get("org_unit") or "–",
        }
    if event.kind == EventKind.STATUS:
        transition = TRANSITIONS.get(event.action)
        label = transition.label if transition else event.action
        text = prefix + _("%(label)s: %(before)s → %(after)s") % {
            "label": label,
            "before": _status_label(event.before.get("status")),
            "after": _status_label(event.after.get("status")),
        }
        if event.after.get("system"):
            text += " (" + str(event.after["system"]) + ")"
        return text
    if event.kind == EventKind.ASSIGNED:
        before = (event.before.get("assignee") or {}).get("name") or _("niemand")
        after = (event.after.get("assignee") or {}).get("name") or _("niemand")
        return prefix + _("Zugewiesen: %(before)s → %(after)s") % {"before": before, "after": after}
    if event.kind == EventKind.FILE_NUMBER:
        return prefix + _("Aktenzeichen: „%(before)s“ → „%(after)s“") % {
            "before": event.before.get("file_number") or "–",
            "after": event.after.get("file_number") or "–",
        }
    if event.kind == EventKind.DECISION:
        d = event.after.get("bescheid") or {}
        if d.get("source") == "external":
            return _(
                "Bescheid außerhalb erteilt (%(kind)s) am %(issued)s, Zeichen %(reference)s. "
                "Status: %(before)s → %(after)s"
            ) % {
                "kind": d.get("kind_label", ""),
                "issued": d.get("issued_on_display", ""),
                "reference": d.get("reference", ""),
                "before": _status_label(event.before.get("status")),
                "after": _status_label(event.after.get("status")),
            }
        return _(
            "Bescheid versandt (%(kind)s) über %(channel)s am %(sent)s, Bekanntgabe am "
            "%(notified)s; Dokument %(name)s, SHA-256 %(hash)s. Status: %(before)s → %(after)s"
        ) % {
            "kind": d.get("kind_label", ""),
            "channel": d.get("channel_label", ""),
            "sent": d.get("dispatched_at_display", ""),
            "notified": d.get("bekanntgabe_display", ""),
            "name": d.get("document", ""),
            "hash": d.get("sha256", ""),
            "before": _status_label(event.before.get("status")),
            "after": _status_label(event.after.get("status")),
        }
    summary = HISTORY_SUMMARIES.get(event.kind)
    if summary is not None:
        return summary(event)
    if event.kind == EventKind.FILE_ADDED:
        return _("Datei hinzugefügt: %(name)s") % {
            "name": (event.after.get("file") or {}).get("name")
        }
    return str(event.get_kind_display())


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` or None, for dictionaries and lists in templates."""
    if isinstance(mapping, list | tuple):
        return mapping[key] if isinstance(key, int) and 0 <= key < len(mapping) else None
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def as_table(items: Any) -> dict[str, Any] | None:
    """Repeated groups (e.g. several dogs, each with the same fields) as one table: headers and
    rows, or None when the items are not such a repetition."""
    if not isinstance(items, list) or len(items) < 2:
        return None
    if not all(isinstance(i, dict) and i.get("type") == "group" for i in items):
        return None
    labels = None
    rows = []
    for group in items:
        children = group.get("items") or []
        if any(isinstance(c, dict) and c.get("type") == "group" for c in children):
            return None
        these = [c.get("label") or c.get("name") for c in children]
        if labels is None:
            labels = these
        elif these != labels:
            return None
        rows.append([form_value(c) for c in children])
    return {"headers": labels, "rows": rows, "row_labels": [g.get("label") for g in items]}


LONG_VALUE = 200


@register.filter
def is_long(value: Any) -> bool:
    return len(str(value)) > LONG_VALUE
