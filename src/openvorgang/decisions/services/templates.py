"""Decision templates: written by the tenant's admins, checked by compiling them."""

from __future__ import annotations

from django.utils.translation import gettext

from openvorgang.accounts.models import Role, User
from openvorgang.cases.errors import ActionForbidden, InvalidInput
from openvorgang.decisions.models import DecisionKind, DecisionTemplate
from openvorgang.decisions.rendering import (
    TemplateProblem,
    case_context,
    compile_template,
    render_decision,
    sample_case,
)
from openvorgang.decisions.services.issue import HEADINGS, pdf_of
from openvorgang.lib.keys import is_leika
from openvorgang.mailbox.letter import Letter


def _tenant_admin(user: User) -> None:
    if not user.has_role(Role.MANDANTEN_ADMIN) or user.tenant_id is None:
        raise ActionForbidden(gettext("Bescheidvorlagen pflegen Mandanten-Admins."))


def template_save(
    *,
    actor: User,
    template: DecisionTemplate | None,
    name: str,
    kind: str,
    service_key: str,
    subject: str,
    body: str,
    active: bool,
) -> DecisionTemplate:
    """Create or change a template of the admin's tenant; it must compile."""
    _tenant_admin(actor)
    if template is not None and template.tenant_id != actor.tenant_id:
        raise InvalidInput(gettext("Vorlage nicht gefunden."))
    if kind not in DecisionKind.values:
        raise InvalidInput(gettext("Bitte die Art des Bescheids wählen."))
    if not name.strip() or not subject.strip() or not body.strip():
        raise InvalidInput(gettext("Name, Betreff und Text sind Pflichtangaben."))
    service_key = service_key.strip()
    if service_key and not is_leika(service_key):
        raise InvalidInput(gettext("Der Leistungsschlüssel hat 14 Ziffern (oder bleibt leer)."))
    for source in (subject, body):
        try:
            compile_template(source)
        except TemplateProblem as exc:
            raise InvalidInput(str(exc)) from exc
    target = template or DecisionTemplate(tenant=actor.tenant)
    target.name = name.strip()[:200]
    target.kind = kind
    target.service_key = service_key
    target.subject = subject.strip()[:300]
    target.body = body
    target.active = active
    target.save()
    return target


def template_preview(*, actor: User, kind: str, subject: str, body: str) -> bytes:
    """The template, unsaved, rendered on the made-up sample case as PDF."""
    _tenant_admin(actor)
    case = sample_case()
    case.tenant = actor.tenant
    context = case_context(case, freitext="(Freitext der Sachbearbeitung)", caseworker="Muster")
    try:
        rendered = render_decision(subject=subject, body=body, context=context)
    except TemplateProblem as exc:
        raise InvalidInput(str(exc)) from exc
    heading = HEADINGS.get(DecisionKind(kind), "Bescheid") if kind in DecisionKind.values else ""
    return pdf_of(
        Letter(
            case=case,
            subject=rendered.subject,
            paragraphs=rendered.paragraphs,
            title=heading or "Bescheid",
            heading=heading,
        )
    )
