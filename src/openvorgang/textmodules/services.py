"""Textbausteine: keeping them (tenant admins) and filling one in for a case (caseworkers).

The placeholders are those of the decision templates and just as strict: a placeholder the
case data cannot have (``{{ vorgang.nummerr }}``) is refused when the module is saved, naming
it; one the case lacks (a form field of another form, ``{{ antrag.firma }}``) is refused when
it is filled in, and nothing is inserted."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.template.base import VariableNode
from django.utils.translation import gettext

from openvorgang.accounts.models import User
from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.models import Case
from openvorgang.decisions.rendering import (
    TemplateProblem,
    case_context,
    compile_template,
    render_text,
)
from openvorgang.lib.keys import is_leika
from openvorgang.tenants.models import OrgUnit
from openvorgang.textmodules.models import TextModule

MAX_BODY = 10_000
# what a placeholder may name: the roots of ``case_context`` and the keys below them (the
# form's fields under ``antrag`` differ from form to form, so any name is allowed there)
SCHEMA: dict[str, frozenset[str] | None] = {
    "vorgang": frozenset(
        {
            "nummer",
            "aktenzeichen",
            "eingang",
            "leistung",
            "leistungsschluessel",
            "formular",
            "status",
        }
    ),
    "antragsteller": frozenset({"name", "strasse", "plz", "ort", "email"}),
    "antrag": None,
    "behoerde": frozenset({"name", "organisationseinheit"}),
    "bearbeiter": frozenset({"name"}),
    "datum": frozenset(),
    "freitext": frozenset(),
}


def unknown_placeholders(body: str) -> list[str]:
    """The placeholders of ``body`` no case can fill (TemplateProblem for broken syntax)."""
    template = compile_template(body)
    unknown = []
    for node in template.nodelist.get_nodes_by_type(VariableNode):
        assert isinstance(node, VariableNode)
        var = node.filter_expression.var
        name = getattr(var, "var", None)
        if not isinstance(name, str):
            continue  # a literal ("{{ 'x' }}")
        root, _, rest = name.partition(".")
        if root not in SCHEMA:
            unknown.append(name)
            continue
        allowed = SCHEMA[root]
        first = rest.split(".")[0] if rest else ""
        if allowed is not None and first and first not in allowed:
            unknown.append(name)
    return sorted(set(unknown))


def _check_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise InvalidInput(gettext("Der Textbaustein ist leer."))
    if len(text) > MAX_BODY:
        raise InvalidInput(
            gettext("Der Textbaustein ist länger als %(max)d Zeichen.") % {"max": MAX_BODY}
        )
    try:
        unknown = unknown_placeholders(text)
    except TemplateProblem as exc:
        raise InvalidInput(str(exc)) from exc
    if unknown:
        raise InvalidInput(
            gettext(
                "Diese Platzhalter gibt es nicht: %(names)s. Möglich sind vorgang.…, "
                "antragsteller.…, antrag.<Feld>, behoerde.…, bearbeiter.name, datum."
            )
            % {"names": ", ".join(f"{{{{ {n} }}}}" for n in unknown)}
        )
    return text


def text_module_save(
    *,
    actor: User,
    module: TextModule | None,
    name: str,
    body: str,
    service_key: str = "",
    org_unit: OrgUnit | None = None,
) -> TextModule:
    """Create (``module`` None) or change one of the actor's tenant's modules."""
    assert actor.tenant_id is not None
    label = " ".join((name or "").split())
    if not label or len(label) > 120:
        raise InvalidInput(gettext("Bitte einen Namen mit höchstens 120 Zeichen angeben."))
    key = (service_key or "").strip()
    if key and not is_leika(key):
        raise InvalidInput(gettext("Ein Leistungsschlüssel hat 14 Ziffern (oder leer: alle)."))
    if org_unit is not None and org_unit.tenant_id != actor.tenant_id:
        raise InvalidInput(gettext("Diese Organisationseinheit gehört nicht zu Ihrem Mandanten."))
    text = _check_body(body)
    target = module or TextModule(tenant_id=actor.tenant_id)
    if target.tenant_id != actor.tenant_id:
        raise InvalidInput(gettext("Diesen Textbaustein gibt es nicht."))
    target.name, target.body, target.service_key, target.org_unit = label, text, key, org_unit
    target.updated_by_name = actor.display_name
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as exc:
        raise InvalidInput(
            gettext("Einen Textbaustein „%(name)s“ gibt es schon.") % {"name": label}
        ) from exc
    return target


def text_module_fill(*, module: TextModule, case: Case, user: User) -> str:
    """The module's text for this case (InvalidInput naming what the case lacks)."""
    try:
        return render_text(module.body, case_context(case, caseworker=user.display_name)).strip()
    except TemplateProblem as exc:
        raise InvalidInput(str(exc)) from exc
