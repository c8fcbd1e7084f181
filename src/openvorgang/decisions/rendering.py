"""Decision texts: Django template language, rendered strictly.

The engine has no loaders and no tag libraries ({% load %}, {% include %} and {% extends %}
cannot reach anything), {% debug %} is refused, and the context holds plain data only (no
model instances whose methods a template could call). A variable the case does not have is
an error naming it — never an empty gap in a legal document. Optional fields are written as
``{% if antrag.feld %}…{% endif %}`` or ``{% firstof antrag.feld "–" %}``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.base import Node
from django.template.defaulttags import DebugNode
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from openvorgang.cases.formdata import FormItem
from openvorgang.cases.models import Case, CaseStatus
from openvorgang.mailbox.letter import paragraphs

_MISSING = "\x00MISSING:%s\x00"
_MISSING_RE = re.compile("\x00MISSING:([^\x00]*)\x00")
_FORBIDDEN: tuple[type[Node], ...] = (DebugNode, IncludeNode, ExtendsNode)
_KEY = re.compile(r"[^0-9a-z_]+")

ENGINE = Engine(loaders=[], libraries={}, string_if_invalid=_MISSING, autoescape=False, debug=False)


class TemplateProblem(ValueError):
    """A template that does not compile or refers to data the case does not have."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    paragraphs: list[str]


# Django's template errors are English; the editor says them in German (anything not known
# here gets a general German sentence, never the English text).
_GERMAN: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"Invalid block tag on line (?P<line>\d+): '(?P<tag>[^']+)'"),
        gettext_noop("Zeile %(line)s: Den Befehl {%% %(tag)s %%} gibt es nicht."),
    ),
    (
        re.compile(
            r"Unclosed tag on line (?P<line>\d+): '(?P<tag>[^']+)'\. "
            r"Looking for one of: (?:[^.]*, )?(?P<end>end\w+)"
        ),
        gettext_noop(
            "Zeile %(line)s: {%% %(tag)s %%} wird nicht geschlossen; es fehlt {%% %(end)s %%}."
        ),
    ),
    (
        re.compile(r"Invalid filter: '(?P<name>[^']+)'"),
        gettext_noop("Den Filter „%(name)s“ gibt es nicht."),
    ),
    (
        re.compile(r"Could not parse the remainder: '(?P<rest>[^']*)' from '(?P<whole>[^']*)'"),
        gettext_noop("„%(whole)s“ ist kein gültiger Platzhalter (nicht lesbar: „%(rest)s“)."),
    ),
    (
        re.compile(r"Empty variable tag on line (?P<line>\d+)"),
        gettext_noop("Zeile %(line)s: leerer Platzhalter {{ }}."),
    ),
    (
        re.compile(r"(?P<name>\w+) requires (?P<count>\d+) arguments?, (?P<given>\d+) provided"),
        gettext_noop("Der Filter „%(name)s“ braucht %(count)s Angabe(n), %(given)s gegeben."),
    ),
]


def german_syntax_error(exc: Exception) -> str:
    text = str(exc)
    for pattern, sentence in _GERMAN:
        match = pattern.search(text)
        if match:
            return gettext("Vorlage fehlerhaft: %(why)s") % {
                "why": gettext(sentence) % match.groupdict()
            }
    return (
        gettext(
            "Vorlage fehlerhaft: Die Schreibweise der Platzhalter oder Befehle stimmt nicht "
            "(Platzhalter: {{ antragsteller.name }}, Befehle: {%% if … %%} … {%% endif %%})."
        )
        % {}
    )


def compile_template(source: str) -> Template:
    try:
        template = ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(german_syntax_error(exc)) from exc
    for kind in _FORBIDDEN:
        if template.nodelist.get_nodes_by_type(kind):
            raise TemplateProblem(
                gettext(
                    "Vorlage fehlerhaft: {% debug %}, {% include %} und {% extends %} sind "
                    "nicht erlaubt."
                )
            )
    return template


def render_text(source: str, context: dict[str, Any]) -> str:
    template = compile_template(source)
    try:
        text = template.render(Context(context, autoescape=False))
    except Exception as exc:  # a filter failing on odd data, a template lookup …
        raise TemplateProblem(
            gettext(
                "Vorlage nicht darstellbar: Ein Filter passt nicht zu den Daten dieses Vorgangs "
                "(%(kind)s)."
            )
            % {"kind": type(exc).__name__}
        ) from exc
    missing = sorted(set(_MISSING_RE.findall(text)))
    if missing:
        raise TemplateProblem(
            gettext(
                "Diese Angaben fehlen im Vorgang: %(names)s. Bitte die Vorlage anpassen "
                "(z. B. {%% if … %%}) oder den Vorgang ergänzen."
            )
            % {"names": ", ".join(missing)}
        )
    return text


def render_decision(*, subject: str, body: str, context: dict[str, Any]) -> Rendered:
    text = render_text(body, context)
    blocks = paragraphs(text)
    if not blocks:
        raise TemplateProblem(gettext("Der Bescheid hat keinen Text."))
    return Rendered(subject=render_text(subject, context).strip(), paragraphs=blocks)


def _key(name: str) -> str:
    return _KEY.sub("_", name.strip().lower()).strip("_")


def _value(item: FormItem) -> Any:
    value = item.get("value")
    if item.get("type") == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


def form_context(items: list[FormItem]) -> dict[str, Any]:
    """The form data as nested dicts by field name (groups by their name, repeated groups as
    lists); every field is also reachable by its bare name at the top, first one wins."""
    flat: dict[str, Any] = {}

    def build(nodes: list[FormItem]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for node in nodes:
            key = _key(str(node.get("name") or node.get("label") or ""))
            if not key:
                continue
            value = build(node.get("items", [])) if node.get("type") == "group" else _value(node)
            if node.get("type") != "group":
                flat.setdefault(key, value)
            if key in out:
                out[key] = [*out[key], value] if isinstance(out[key], list) else [out[key], value]
            else:
                out[key] = value
        return out

    nested = build(items)
    return {**flat, **nested}


def case_context(case: Case, *, freitext: str = "", caseworker: str = "") -> dict[str, Any]:
    return {
        "vorgang": {
            "nummer": case.number,
            "aktenzeichen": case.file_number or case.number,
            "eingang": timezone.localtime(case.received_at).date(),
            "leistung": case.service_name,
            "leistungsschluessel": case.service_key,
            "formular": case.form_name,
            "status": str(CaseStatus(case.status).label),
        },
        "antragsteller": {
            "name": case.applicant_name,
            "strasse": case.applicant_street,
            "plz": case.applicant_postal_code,
            "ort": case.applicant_city,
            "email": case.applicant_email,
        },
        "antrag": form_context(case.form_data or []),
        "behoerde": {
            "name": case.tenant.name if case.tenant else "",
            "organisationseinheit": case.org_unit.name if case.org_unit else "",
        },
        "bearbeiter": {"name": caseworker},
        "datum": timezone.localdate(),
        "freitext": freitext,
    }


def sample_case() -> Case:
    """A made-up case for previews when the tenant has none yet (never saved)."""
    return Case(
        number="MUSTER-2026-000001",
        service_key="99050012104000",
        service_name="Musterleistung",
        form_name="Musterformular",
        status=CaseStatus.IN_BEARBEITUNG,
        received_at=timezone.now(),
        status_since=timezone.now(),
        applicant_name="Erika Mustermann",
        applicant_street="Heidestraße 17",
        applicant_postal_code="24103",
        applicant_city="Kiel",
        applicant_email="erika@example.org",
        form_data=[
            {"name": "vorname", "label": "Vorname", "type": "string", "value": "Erika"},
            {"name": "nachname", "label": "Nachname", "type": "string", "value": "Mustermann"},
            {"name": "betrag", "label": "Betrag", "type": "number", "value": 250},
        ],
    )
