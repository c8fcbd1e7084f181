"""Issuing a decision, the only way a case becomes BESCHIEDEN, always with a document: made
from the tenant's template (PDF/A), uploaded (signed elsewhere), or recorded as issued outside
with its reference and date. A document is stored, sent through the case's channel and
recorded with hash, dispatch time and Bekanntgabe — all or nothing."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from openvorgang.accounts.models import User
from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case, CaseFile, CaseFileKind
from openvorgang.cases.services import (
    case_check_action,
    case_decide,
    case_files_store,
    check_version,
)
from openvorgang.decisions.models import Decision, DecisionKind, DecisionSource, DecisionTemplate
from openvorgang.decisions.rendering import (
    TemplateProblem,
    case_context,
    render_decision,
)
from openvorgang.mailbox.dates import bekanntgabe_for
from openvorgang.mailbox.delivery import CHANNELS
from openvorgang.mailbox.letter import Letter, LetterError, render_pdf
from openvorgang.mailbox.models import Direction, Message, MessageFile, MessageState
from openvorgang.mailbox.notices import email_applicant
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
    """Issue and send the decision made from a template. Without the applicant's consent to
    electronic delivery the letter is used (``channel`` may name another usable channel only
    with consent)."""
    check_version(case, expected_version)  # a stale page: say so before any work
    case_check_action(case=case, actor=actor, action="bescheiden")
    chosen = _channel(case, channel)
    prepared = draft(case=case, actor=actor, template=template, freitext=freitext)
    kind = DecisionKind(template.kind)
    return _send(
        case,
        actor=actor,
        kind=kind,
        subject=prepared.letter.subject,
        upload=IncomingFile(
            io.BytesIO(pdf_of(prepared.letter)), f"{HEADINGS[kind]}-{case.number}.pdf"
        ),
        source=DecisionSource.TEMPLATE,
        template=template,
        channel=chosen,
        expected_version=expected_version,
    )


def decision_upload(
    *,
    case: Case,
    actor: User,
    kind: str,
    subject: str,
    upload: IncomingFile,
    channel: str = "",
    expected_version: int | None = None,
) -> Decision:
    """Issue and send a decision document made elsewhere (e.g. signed in another system): a
    PDF, sent through the case's channel like a generated one."""
    check_version(case, expected_version)
    case_check_action(case=case, actor=actor, action="bescheiden")
    decision_kind = _kind(kind)
    subject = _subject(subject, case)
    head = upload.stream.read(5)
    upload.stream.seek(0)
    if head != b"%PDF-":
        raise InvalidInput(gettext("Ein Bescheid wird als PDF-Datei hochgeladen."))
    return _send(
        case,
        actor=actor,
        kind=decision_kind,
        subject=subject,
        upload=upload,
        source=DecisionSource.UPLOAD,
        template=None,
        channel=_channel(case, channel),
        expected_version=expected_version,
    )


def decision_record_external(
    *,
    case: Case,
    actor: User,
    kind: str,
    reference: str,
    issued_on: dt.date | None,
    bekanntgabe: dt.date | None = None,
    expected_version: int | None = None,
) -> Decision:
    """Record a decision issued outside OpenVorgang (on paper, in a specialist system): no
    document here, but its reference and date; the applicant is told just that."""
    check_version(case, expected_version)
    case_check_action(case=case, actor=actor, action="bescheiden")
    decision_kind = _kind(kind)
    reference = " ".join(reference.split())
    if not reference or len(reference) > 200:
        raise InvalidInput(
            gettext("Bitte das Zeichen des Bescheids angeben (höchstens 200 Zeichen).")
        )
    today = timezone.localdate()
    received = timezone.localtime(case.received_at).date()
    if issued_on is None:
        raise InvalidInput(gettext("Bitte das Datum des Bescheids angeben."))
    if issued_on > today or issued_on < received:
        raise InvalidInput(
            gettext("Das Datum des Bescheids liegt zwischen dem Eingang (%(received)s) und heute.")
            % {"received": f"{received:%d.%m.%Y}"}
        )
    if bekanntgabe is not None and bekanntgabe < issued_on:
        raise InvalidInput(gettext("Die Bekanntgabe kann nicht vor dem Bescheid liegen."))
    with transaction.atomic():
        decision = Decision.objects.create(
            case=case,
            kind=decision_kind,
            source=DecisionSource.EXTERNAL,
            subject=gettext("Bescheid %(reference)s") % {"reference": reference},
            reference=reference,
            issued_on=issued_on,
            bekanntgabe=bekanntgabe,
            actor=actor,
            actor_name=actor.display_name,
        )
        case_decide(
            case=case,
            actor=actor,
            expected_version=expected_version,
            decision={
                **_facts(decision),
                "reference": reference,
                "issued_on": issued_on.isoformat(),
                "issued_on_display": f"{issued_on:%d.%m.%Y}",
                "bekanntgabe": bekanntgabe.isoformat() if bekanntgabe else None,
            },
        )
        _tell_external(case, decision)
    return decision


def _tell_external(case: Case, decision: Decision) -> None:
    """The applicant's notice says what happened: decided elsewhere, on that date, under that
    reference; no document is claimed to be attached."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "number": case.number,
            "day": f"{decision.issued_on:%d.%m.%Y}",
            "reference": decision.reference,
        }
        subject = gettext("Über Ihren Antrag %(number)s ist entschieden") % values
        body = (
            gettext(
                "Über Ihren Antrag %(number)s wurde am %(day)s entschieden "
                "(Zeichen %(reference)s). Den Bescheid erhalten oder erhielten Sie auf anderem "
                "Weg, nicht über dieses Portal."
            )
            % values
        )
    email_applicant(case=case, subject=subject, lines=[body, ""])


def _facts(decision: Decision) -> dict[str, Any]:
    """What every decision's history entry says of it (the ways add their own)."""
    kind = DecisionKind(decision.kind)
    return {
        "id": decision.pk,
        "source": str(decision.source),
        "kind": kind.value,
        "kind_label": HEADINGS[kind],
    }


def _kind(raw: str) -> DecisionKind:
    if raw not in DecisionKind.values:
        raise InvalidInput(gettext("Bitte die Art des Bescheids wählen."))
    return DecisionKind(raw)


def _subject(raw: str, case: Case) -> str:
    subject = " ".join(raw.split())[:300]
    return subject or gettext("Bescheid zu Ihrem Antrag %(number)s") % {"number": case.number}


def _channel(case: Case, channel: str) -> str:
    chosen = choose_channel(case, channel, decision=True)
    if not chosen:
        raise InvalidInput(
            gettext(
                "Kein Zustellweg für den Bescheid: ohne Zustimmung zur elektronischen Bekanntgabe "
                "wird eine vollständige Postanschrift gebraucht."
            )
        )
    return chosen


def _send(
    case: Case,
    *,
    actor: User,
    kind: DecisionKind,
    subject: str,
    upload: IncomingFile,
    source: DecisionSource,
    template: DecisionTemplate | None,
    channel: str,
    expected_version: int | None,
) -> Decision:
    """Store the document, the message that carries it and the decision, make the case
    BESCHIEDEN and hand the message to its channel: all in one transaction."""
    now = timezone.now()
    notified = bekanntgabe_for(case.tenant, timezone.localdate(now))

    def record(stored: list[CaseFile]) -> Decision:
        document = stored[0]
        message = Message.objects.create(
            case=case,
            direction=Direction.OUT,
            channel=channel,
            subject=subject[:200],
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
            source=source,
            template=template,
            subject=subject[:300],
            document=document,
            sha256=document.sha256,
            message=message,
            channel=channel,
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
                **_facts(decision),
                "document": document.original_name,
                "file_id": str(document.pk),
                "sha256": document.sha256,
                "channel": channel,
                "channel_label": str(CHANNELS[channel].label),
                "dispatched_at": now.isoformat(),
                "dispatched_at_display": f"{timezone.localtime(now):%d.%m.%Y %H:%M}",
                "bekanntgabe": notified.isoformat(),
                "bekanntgabe_display": f"{notified:%d.%m.%Y}",
            },
        )
        CHANNELS[channel].dispatch(message)
        return decision

    return case_files_store(case=case, uploads=[upload], kind=CaseFileKind.DECISION, write=record)
