"""The case list's URL parameters (bookmarkable) ↔ CaseFilters, with German messages for bad
values (a bad value is ignored, never a 500)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import QueryDict

from openvorgang.accounts.models import Role, User
from openvorgang.cases.models import CaseStatus, Channel
from openvorgang.cases.selectors import CaseFilters, list_views
from openvorgang.lib.keys import is_leika


@dataclass
class Parsed:
    filters: CaseFilters
    problems: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)


def parse(query: QueryDict, *, user: User) -> Parsed:
    problems: list[str] = []
    values = {key: query.get(key, "").strip() for key in FIELDS}
    view = values["ansicht"] if values["ansicht"] in list_views() else ""
    if not view and not any(values[k] for k in FIELDS if k not in ("ansicht", "sortierung")):
        view = "neu" if _mail_room(user) else "alle"
    values["ansicht"] = view
    status = values["status"] if values["status"] in CaseStatus.values else ""
    assignee = values["bearbeitung"]
    if assignee not in ("", "me", "none") and not assignee.isdigit():
        assignee = ""
    service = values["leistung"]
    if service and not is_leika(service):
        problems.append("Der Leistungsschlüssel hat 14 Ziffern; der Filter wurde nicht angewandt.")
        service = ""
    unit = values["oe"]
    received_from = _date(values["von"], "Eingang ab", problems)
    received_to = _date(values["bis"], "Eingang bis", problems)
    filters = CaseFilters(
        view=view,
        newest_first=values["sortierung"] != "aelteste",
        status=(status,) if status else (),
        org_unit_id=int(unit) if unit.isdigit() else None,
        assignee=assignee or None,
        service_key=service or None,
        channel=values["kanal"] if values["kanal"] in Channel.values else None,
        received_from=received_from,
        received_to=received_to,
    )
    return Parsed(filters=filters, problems=problems, values=values)


FIELDS = ("ansicht", "status", "leistung", "oe", "bearbeitung", "von", "bis", "kanal", "sortierung")


def _date(raw: str, label: str, problems: list[str]) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(f"„{label}“ ist kein gültiges Datum (JJJJ-MM-TT).")
        return None


def _mail_room(user: User) -> bool:
    return user.has_role(Role.POSTSTELLE) and not user.has_role(Role.SACHBEARBEITUNG)
