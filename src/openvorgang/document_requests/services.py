"""Writes of Nachforderungen.

* ``request_create`` (caseworker): the documents asked for, the date to answer by, optionally
  the Hemmung of the processing deadline; in one transaction the request goes to the
  applicant through the case's channel (with the Antragsraum link), a follow-up is set for
  the day after the date, and the history has the entry.
* ``request_answer`` (applicant, from the Antragsraum): a file per document (and a text);
  the answer is a reply in the case's thread, each file is tied to its document, the request
  is fulfilled or partly fulfilled, and the clock the request stopped runs again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import User
from openvorgang.cases.errors import ActionForbidden, ActionNotAllowed, CaseNotFound, InvalidInput
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.log import case_log
from openvorgang.cases.models import Case, EventKind
from openvorgang.cases.policy import Capability, allows, roles_for_case, state_allows
from openvorgang.cases.services import check_version
from openvorgang.casework.services import follow_up_add, follow_up_close
from openvorgang.deadlines.models import CaseDeadline, DeadlineState
from openvorgang.deadlines.services import deadline_pause, deadline_resume_on_answer
from openvorgang.document_requests.models import (
    DocumentRequest,
    RequestableDocument,
    RequestItem,
    RequestState,
)
from openvorgang.lib.keys import is_leika
from openvorgang.mailbox.access import access_link
from openvorgang.mailbox.services import message_send, reply_receive

MAX_ITEMS = 20
MAX_LABEL = 300
MAX_NOTE = 2000
LONGEST_WAIT_DAYS = 365


def _label(raw: str) -> str:
    """A document's name, whitespace folded; empty if there is none."""
    label = " ".join((raw or "").split())
    if len(label) > MAX_LABEL:
        raise InvalidInput(
            gettext("Eine Unterlage ist länger als %(max)d Zeichen.") % {"max": MAX_LABEL}
        )
    return label


def _items(labels: Sequence[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in labels:
        label = _label(raw)
        if not label:
            continue
        if label.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(label)
    if not cleaned:
        raise InvalidInput(gettext("Bitte mindestens eine fehlende Unterlage angeben."))
    if len(cleaned) > MAX_ITEMS:
        raise InvalidInput(
            gettext("Höchstens %(max)d Unterlagen je Nachforderung.") % {"max": MAX_ITEMS}
        )
    return cleaned


def _reply_by(day: dt.date) -> dt.date:
    today = timezone.localdate()
    if day <= today:
        raise InvalidInput(gettext("Die Frist für die Antwort muss nach dem heutigen Tag liegen."))
    if day > today + dt.timedelta(days=LONGEST_WAIT_DAYS):
        raise InvalidInput(gettext("Die Frist für die Antwort liegt mehr als ein Jahr entfernt."))
    return day


def _letter(case: Case, items: list[str], reply_by: dt.date, note: str, link: str) -> str:
    lines = [
        gettext("Guten Tag,"),
        "",
        gettext(
            "für die Bearbeitung Ihres Antrags (Vorgang %(number)s) fehlen uns noch folgende "
            "Unterlagen:"
        )
        % {"number": case.number},
        "",
        *[f"– {item}" for item in items],
        "",
        gettext(
            "Bitte reichen Sie sie bis zum %(day)s ein. Im Antragsraum können Sie jede Unterlage "
            "einzeln hochladen: %(link)s"
        )
        % {"day": reply_by.strftime("%d.%m.%Y"), "link": link},
    ]
    if note:
        lines += ["", note]
    lines += ["", gettext("Mit freundlichen Grüßen")]
    return "\n".join(lines)


def open_request(case: Case) -> DocumentRequest | None:
    return (
        DocumentRequest.objects.filter(case=case)
        .exclude(state=RequestState.FULFILLED)
        .order_by("-created_at")
        .first()
    )


def request_create(
    *,
    case: Case,
    actor: User,
    items: Sequence[str],
    reply_by: dt.date,
    pause: bool,
    note: str = "",
    expected_version: int | None = None,
) -> DocumentRequest:
    roles = roles_for_case(actor, case)
    if not roles:
        raise CaseNotFound()
    check_version(case, expected_version)
    if not allows(roles, Capability.REQUEST_DOCUMENTS):
        raise ActionForbidden(gettext("Unterlagen fordert die Sachbearbeitung nach."))
    if not state_allows(case, Capability.REQUEST_DOCUMENTS):
        raise ActionNotAllowed(
            gettext("Nachfordern lässt sich nur, solange der Vorgang bearbeitet wird.")
        )
    labels = _items(items)
    day = _reply_by(reply_by)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            gettext("Der Hinweis ist länger als %(max)d Zeichen.") % {"max": MAX_NOTE}
        )
    with transaction.atomic():
        if open_request(case) is not None:
            raise ActionNotAllowed(
                gettext("Es gibt schon eine offene Nachforderung; sie muss erst beantwortet sein.")
            )
        if (
            pause
            and not CaseDeadline.objects.filter(case=case, state=DeadlineState.RUNNING).exists()
        ):
            raise ActionNotAllowed(
                gettext("Es läuft keine Bearbeitungsfrist, die gehemmt werden könnte.")
            )
        request = DocumentRequest.objects.create(
            case=case,
            reply_by=day,
            note=note,
            created_at=timezone.now(),
            created_by_name=actor.display_name,
        )
        RequestItem.objects.bulk_create(
            RequestItem(request=request, label=label, position=i) for i, label in enumerate(labels)
        )
        summary = "; ".join(labels)
        if pause:
            request.pause = deadline_pause(
                case=case,
                actor=actor,
                on=timezone.localdate(),
                reason=f"Nachforderung: {summary}"[:300],
            )
        request.message = message_send(
            case=case,
            actor=actor,
            subject=gettext("Nachforderung von Unterlagen"),
            text=_letter(case, labels, day, note, access_link(case=case)),
        )
        request.follow_up = follow_up_add(
            case=case,
            actor=actor,
            subject=gettext("Nachforderung: Antwort bis %(day)s prüfen")
            % {"day": day.strftime("%d.%m.%Y")},
            due_on=day + dt.timedelta(days=1),
            assignee=case.assignee if case.assignee_id else actor,
        )
        request.save(update_fields=["pause", "message", "follow_up"])
        case_log(
            case=case,
            kind=EventKind.DOCUMENT_REQUEST,
            action="nachgefordert",
            actor=actor,
            actor_name=actor.display_name,
            after={"items": labels, "reply_by": day.isoformat(), "pause": pause},
        )
    return request


def request_answer(
    *,
    case: Case,
    request: DocumentRequest,
    files: Mapping[int, IncomingFile],
    text: str = "",
) -> DocumentRequest:
    """The applicant's answer: ``files`` maps item ids of the request to the file sent for
    each (any subset of the open items)."""
    if request.case_id != case.pk:
        raise CaseNotFound()
    if request.state == RequestState.FULFILLED:
        raise ActionNotAllowed(gettext("Diese Nachforderung ist schon beantwortet."))
    open_items = {i.pk: i for i in request.items.filter(case_file__isnull=True)}
    unknown = set(files) - set(open_items)
    if unknown:
        raise InvalidInput(gettext("Eine Datei gehört zu keiner offenen Unterlage."))
    if not files and not (text or "").strip():
        raise InvalidInput(
            gettext("Bitte mindestens eine Datei hochladen oder eine Nachricht schreiben.")
        )
    chosen = [(open_items[item_id], upload) for item_id, upload in sorted(files.items())]
    body = (text or "").strip() or gettext("Unterlagen zur Nachforderung: %(items)s") % {
        "items": "; ".join(item.label for item, _ in chosen)
    }
    now = timezone.now()
    with transaction.atomic():
        locked = DocumentRequest.objects.select_for_update().get(pk=request.pk)
        if locked.state == RequestState.FULFILLED:
            raise ActionNotAllowed(gettext("Diese Nachforderung ist schon beantwortet."))
        reply = reply_receive(case=case, text=body, files=[upload for _, upload in chosen])
        stored = list(reply.files.select_related("case_file").order_by("case_file__position"))
        for (item, _), message_file in zip(chosen, stored, strict=True):
            item.case_file = message_file.case_file
            item.answered_at = now
            item.save(update_fields=["case_file", "answered_at"])
        missing = request.items.filter(case_file__isnull=True).count()
        locked.state = RequestState.PARTLY if missing else RequestState.FULFILLED
        locked.answer, locked.answered_at = reply, now
        locked.save(update_fields=["state", "answer", "answered_at"])
        name = case.applicant_name or gettext("Antragsteller/in")
        if locked.pause_id is not None and locked.pause is not None:
            deadline_resume_on_answer(case=case, pause=locked.pause, by_name=name)
        if not missing and locked.follow_up_id is not None and locked.follow_up is not None:
            follow_up_close(follow_up=locked.follow_up, by_name=name)
        case_log(
            case=case,
            kind=EventKind.DOCUMENT_REQUEST,
            action="beantwortet" if not missing else "teilweise_beantwortet",
            actor_name=name,
            after={"answered": [item.label for item, _ in chosen], "missing": missing},
        )
    return locked


def requestable_add(*, tenant_id: int, service_key: str, label: str) -> RequestableDocument:
    """A document for the tenant's pick list: for one service (its LeiKa key) or all (empty)."""
    key = (service_key or "").strip()
    if key and not is_leika(key):
        raise InvalidInput(gettext("Ein Leistungsschlüssel hat 14 Ziffern (oder leer: alle)."))
    text = _label(label)
    if not text:
        raise InvalidInput(gettext("Bitte die Unterlage benennen."))
    document, created = RequestableDocument.objects.get_or_create(
        tenant_id=tenant_id, service_key=key, label=text
    )
    if not created:
        raise InvalidInput(gettext("Diese Unterlage steht schon in der Auswahl."))
    return document
