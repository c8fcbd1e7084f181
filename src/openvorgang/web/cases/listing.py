"""The case list's URL parameters (bookmarkable) ↔ CaseFilters, with a German message for
every value that cannot be applied (it is named and left out, never silently ignored, never
a 500)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from openvorgang.accounts.models import Role, User
from openvorgang.cases.models import CaseStatus, Channel
from openvorgang.cases.selectors import SORTS, CaseFilters, filter_org_units, list_views
from openvorgang.directory.selectors import tenant_services
from openvorgang.lib.keys import is_leika

FIELDS = (
    "ansicht",
    "status",
    "leistung",
    "oe",
    "bearbeitung",
    "von",
    "bis",
    "kanal",
    "sortierung",
    "richtung",
)
# the filters proper: what narrows the list (a view, sort and direction do not)
NARROWING = ("status", "leistung", "oe", "bearbeitung", "von", "bis", "kanal")
LEGACY_SORTS = {"neueste": ("eingang", "ab"), "aelteste": ("eingang", "auf")}


@dataclass
class Parsed:
    filters: CaseFilters
    problems: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)


def parse(query: QueryDict, *, user: User) -> Parsed:
    problems: list[str] = []
    values = {key: query.get(key, "").strip()[:300] for key in FIELDS}
    view = _view(values, user, problems)
    sort, descending = _sort(values, problems, view=view)
    assignee = _assignee(values["bearbeitung"], problems)
    filters = CaseFilters(
        view=view,
        newest_first=descending,
        sort=sort,
        status=_status(values["status"], problems),
        org_unit_id=_unit(values["oe"], user, problems),
        assignee=assignee,
        service_key=_service(values, user, problems),
        channel=_channel(values["kanal"], problems),
        received_from=_date(values["von"], _("Eingang ab"), problems),
        received_to=_date(values["bis"], _("Eingang bis"), problems),
    )
    return Parsed(filters=filters, problems=problems, values=values)


def _view(values: dict[str, str], user: User, problems: list[str]) -> str:
    raw = values["ansicht"]
    if raw and raw not in list_views():
        problems.append(_("Die Ansicht „%(value)s“ gibt es nicht.") % {"value": raw})
    view = raw if raw in list_views() else ""
    if not view and not raw and not any(values[k] for k in NARROWING):
        view = "neu" if _mail_room(user) else "alle"
    values["ansicht"] = view
    return view


# a view's own order when none is chosen: deadlines soonest first
VIEW_SORTS = {"fristen": "frist"}


def _sort(values: dict[str, str], problems: list[str], *, view: str) -> tuple[str, bool]:
    sort, direction = values["sortierung"], values["richtung"]
    if not sort and view in VIEW_SORTS:
        sort = VIEW_SORTS[view]
    if sort in LEGACY_SORTS:
        sort, direction = LEGACY_SORTS[sort]
    if sort and sort not in SORTS:
        problems.append(
            _("Nach „%(value)s“ lässt sich nicht sortieren; sortiert ist nach Eingang.")
            % {"value": sort}
        )
        sort = ""
    if direction and direction not in ("auf", "ab"):
        problems.append(
            _("Die Sortierrichtung „%(value)s“ gibt es nicht (auf oder ab).") % {"value": direction}
        )
        direction = ""
    sort = sort or "eingang"
    # dates newest first, names A–Z: what a caseworker expects from a first click
    descending = direction == "ab" if direction else sort in ("eingang",)
    values["sortierung"], values["richtung"] = sort, "ab" if descending else "auf"
    return sort, descending


def _status(raw: str, problems: list[str]) -> tuple[str, ...]:
    if raw and raw not in CaseStatus.values:
        problems.append(_not_applied(_("Status"), raw))
        return ()
    return (raw,) if raw else ()


def _assignee(raw: str, problems: list[str]) -> str | None:
    if raw in ("", "me", "none") or raw.isdigit():
        return raw or None
    problems.append(_not_applied(_("Bearbeitung"), raw))
    return None


def _unit(raw: str, user: User, problems: list[str]) -> int | None:
    if not raw:
        return None
    if not raw.isdigit() or not filter_org_units(user=user).filter(pk=int(raw)).exists():
        problems.append(_not_applied(_("Organisationseinheit"), raw))
        return None
    return int(raw)


def _channel(raw: str, problems: list[str]) -> str | None:
    if raw and raw not in Channel.values:
        problems.append(_not_applied(_("Eingangskanal"), raw))
        return None
    return raw or None


def _service(values: dict[str, str], user: User, problems: list[str]) -> str | None:
    """A 14-digit LeiKa key as it is, or a name (or part of one) of a service the tenant
    handles that matches exactly one service."""
    raw = values["leistung"]
    if not raw:
        return None
    if is_leika(raw):
        return raw
    if raw.isdigit():
        problems.append(
            _("Ein Leistungsschlüssel hat 14 Ziffern; der Filter wurde nicht angewandt.")
        )
        return None
    needle = raw.casefold()
    services = tenant_services(tenant_id=user.tenant_id)
    exact = [key for key, name in services if name.casefold() == needle]
    matches = exact or [key for key, name in services if needle in name.casefold()]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        problems.append(
            _("Keine Leistung Ihres Mandanten heißt „%(value)s“; der Filter wurde nicht angewandt.")
            % {"value": raw}
        )
    else:
        problems.append(
            _(
                "„%(value)s“ passt auf %(count)d Leistungen; bitte eine aus der Vorschlagsliste "
                "wählen."
            )
            % {"value": raw, "count": len(matches)}
        )
    return None


def _not_applied(label: str, raw: str) -> str:
    return _("%(label)s „%(value)s“ gibt es nicht; der Filter wurde nicht angewandt.") % {
        "label": label,
        "value": raw,
    }


def _date(raw: str, label: str, problems: list[str]) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(_("„%(label)s“ ist kein gültiges Datum (JJJJ-MM-TT).") % {"label": label})
        return None


def _mail_room(user: User) -> bool:
    return user.has_role(Role.POSTSTELLE) and not user.has_role(Role.SACHBEARBEITUNG)


def query_of(values: dict[str, str]) -> QueryDict:
    """The list's URL query for these values (empty ones left out)."""
    query = QueryDict(mutable=True)
    for key in FIELDS:
        if values.get(key):
            query[key] = values[key]
    return query


def sort_link_query(values: dict[str, str], column: str) -> str:
    """The list's query with ``column`` as sort: the active column flips its direction."""
    query = query_of(values)
    if values.get("sortierung") == column:
        query["richtung"] = "auf" if values.get("richtung") == "ab" else "ab"
    else:
        query["richtung"] = "ab" if column == "eingang" else "auf"
    query["sortierung"] = column
    return query.urlencode()
