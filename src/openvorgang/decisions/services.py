"""Issuing a decision: render the tenant's template with the case, make the PDF/A document,
store it, send it through the case's channel and record BESCHIEDEN with hash, dispatch time and
Bekanntgabe — all or nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import Role, User
from openvorgang.cases.errors import ActionForbidden, InvalidInput
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case, CaseFile, CaseFileKind
from openvorgang.cases.services import (
    case_check_action,
    case_decide,
    case_files_store,
    check_version,
)
from openvorgang.decisions.models import Decision, DecisionKind, DecisionTemplate
from openvorgang.decisions.rendering import (
    TemplateProblem,
    case_context,
    compile_template,
    render_decision,
    sample_case,
)
from openvorgang.lib.keys import is_leika
from openvorgang.mailbox.dates import bekanntgabe_for
from openvorgang.mailbox.delivery import CHANNELS
from openvorgang.mailbox.letter import Letter, LetterError, render_pdf
from openvorgang.mailbox.models import Direction, Message, MessageFile, MessageState
from openvorgang.mailbox.services import choose_channel

MAX_FREITEXT = 20_000
HEADINGS = {
    DecisionKind.APPROVAL: "Bescheid",
    DecisionKind.REJECTION: "Ablehnungsbescheid",
    DecisionKind.PARTIAL: "Teilbescheid",
}


@dataclass(frozen=True)
class Draft:
    template: DecisionTemplate
    letter: Letter


def draft(*, case: Case, actor: User, template: DecisionTemplate, freitext: str = "") -> Draft:
    """The decision letter for ``case`` (not yet stored). Raises InvalidInput with a German
    message for a template that does not fit the case."""
    if template.tenant_id != case.tenant_id or not template.active:
        raise InvalidInput(gettext("Diese Vorlage gehört nicht zum Mandanten des Vorgangs."))
    if len(freitext) > MAX_FREITEXT:
        raise InvalidInput(
            gettext("Der Freitext ist länger als %(max_freitext)s Zeichen.")
            % {"max_freitext": MAX_FREITEXT}
        )
    context = case_context(case, freitext=freitext.strip(), caseworker=actor.display_name)
    try:
        rendered = render_decision(subject=template.subject, body=template.body, context=context)
    except TemplateProblem as exc:
        raise InvalidInput(str(exc)) from exc
    letter = Letter(
        case=case,
        subject=rendered.subject,
        paragraphs=rendered.paragraphs,
        title=HEADINGS[DecisionKind(template.kind)],
        heading=HEADINGS[DecisionKind(template.kind)],
    )
    return Draft(template=template, letter=letter)


def pdf_of(letter: Letter) -> bytes:
    try:
        return render_pdf(letter)
    except LetterError as exc:
        raise InvalidInput(str(exc)) from exc


def decision_preview(
    *, case: Case, actor: User, template: DecisionTemplate, freitext: str = ""
) -> bytes:
    case_check_action(case=case, actor=actor, action="bescheiden")
    return pdf_of(draft(case=case, actor=actor, template=template, freitext=freitext).letter)


def decision_issue(
    *,
    case: Case,
    actor: User,
    template: DecisionTemplate,
    freitext: str = "",
    channel: str = "",
    expected_version: int | None = None,
) -> Decision:
    """Issue and send the decision. Without the applicant's consent to electronic delivery the
    letter is used (``channel`` may name another usable channel only with consent)."""
    check_version(case, expected_version)  # a stale page: say so before any work
    case_check_action(case=case, actor=actor, action="bescheiden")
    chosen = choose_channel(case, channel, decision=True)
    if not chosen:
        raise InvalidInput(
            gettext(
                "Kein Zustellweg für den Bescheid: ohne Zustimmung zur elektronischen Bekanntgabe "
                "wird eine vollständige Postanschrift gebraucht."
            )
        )
    prepared = draft(case=case, actor=actor, template=template, freitext=freitext)
    pdf = pdf_of(prepared.letter)
    now = timezone.now()
    notified = bekanntgabe_for(case.tenant, timezone.localdate(now))
    kind = DecisionKind(template.kind)

    def record(stored: list[CaseFile]) -> Decision:
        document = stored[0]
        message = Message.objects.create(
            case=case,
            direction=Direction.OUT,
            channel=chosen,
            subject=prepared.letter.subject[:200],
            text=(
                f"Anbei erhalten Sie den {HEADINGS[kind]} zu Ihrem Antrag {case.number}. "
                f"Er gilt am {notified:%d.%m.%Y} als bekannt gegeben."
            ),
            author=actor,
            author_name=actor.display_name,
            state=MessageState.QUEUED,
            created_at=now,
            is_decision=True,
        )
        MessageFile.objects.create(message=message, case_file=document)
        decision = Decision.objects.create(
            case=case,
            kind=kind,
            template=template,
            subject=prepared.letter.subject[:300],
            document=document,
            sha256=document.sha256,
            message=message,
            channel=chosen,
            dispatched_at=now,
            bekanntgabe=notified,
            actor=actor,
            actor_name=actor.display_name,
        )
        case_decide(
            case=case,
            actor=actor,
            expected_version=expected_version,
            decision={
                "id": decision.pk,
                "kind": kind.value,
                "kind_label": HEADINGS[kind],
                "document": document.original_name,
                "file_id": str(document.pk),
                "sha256": document.sha256,
                "channel": chosen,
                "channel_label": str(CHANNELS[chosen].label),
                "dispatched_at": now.isoformat(),
                "dispatched_at_display": f"{timezone.localtime(now):%d.%m.%Y %H:%M}",
                "bekanntgabe": notified.isoformat(),
                "bekanntgabe_display": f"{notified:%d.%m.%Y}",
            },
        )
        CHANNELS[chosen].dispatch(message)
        return decision

    return case_files_store(
        case=case,
        uploads=[IncomingFile(io.BytesIO(pdf), f"{HEADINGS[kind]}-{case.number}.pdf")],
        kind=CaseFileKind.DECISION,
        write=record,
    )


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
