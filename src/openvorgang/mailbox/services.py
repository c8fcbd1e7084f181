"""Messages both ways: sent by caseworkers through a delivery channel, received from the
applicant in the Antragsraum (its link: ``openvorgang.mailbox.access``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import User
from openvorgang.cases.errors import ActionForbidden, CaseNotFound, InvalidInput
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case, CaseFile, CaseFileKind
from openvorgang.cases.policy import Capability, allows, roles_for_case
from openvorgang.cases.services import case_files_store
from openvorgang.cases.workflow import INACTIVE
from openvorgang.intake.limits import check_file_count, check_stream
from openvorgang.lib.text import UNSTORABLE
from openvorgang.mailbox.delivery import CHANNELS, decision_allowed
from openvorgang.mailbox.models import (
    Direction,
    Message,
    MessageFile,
    MessageState,
)
from openvorgang.mailbox.selectors import channel_for, usable_channels

MAX_TEXT = 20_000


def _clean(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(gettext("Die Nachricht ist leer."))
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            gettext("Die Nachricht ist länger als %(limit)d Zeichen.") % {"limit": MAX_TEXT}
        )
    if UNSTORABLE.search(text):
        raise InvalidInput(gettext("Die Nachricht enthält ein unzulässiges Steuerzeichen."))
    return text


def _store(case: Case, message: Message, files: Sequence[IncomingFile]) -> None:
    """Files of a message: the intake checks (size, sniffed type, safe XML), then streamed."""
    check_file_count(len(files))
    for upload in files:
        check_stream(upload.stream, size=None, name=upload.name or "datei")

    def record(stored: list[CaseFile]) -> None:
        message.save()
        MessageFile.objects.bulk_create(MessageFile(message=message, case_file=f) for f in stored)
        _after_save(case, message)

    case_files_store(case=case, uploads=files, kind=CaseFileKind.MESSAGE, write=record)


def _after_save(case: Case, message: Message) -> None:
    if message.direction != Direction.OUT:
        return
    channel = CHANNELS.get(message.channel)
    if channel is None:
        message.state = MessageState.FAILED
        message.state_reason = (
            "Kein Zustellweg: keine E-Mail-Adresse, kein Postfach und keine vollständige "
            "Postanschrift bekannt."
        )
        message.save(update_fields=["state", "state_reason"])
        return
    channel.dispatch(message)


def choose_channel(case: Case, requested: str, *, decision: bool = False) -> str:
    """The channel for a new outgoing message: the caseworker's choice if the case can use
    it, else the first usable one of the tenant's order ('' if there is none)."""
    offered = {c.name: c for c in usable_channels(case)}
    if requested:
        chosen = offered.get(requested)
        if chosen is None:
            raise InvalidInput(
                gettext("Der Zustellweg „%(requested)s“ steht für diesen Vorgang nicht bereit.")
                % {"requested": requested}
            )
        if decision and not decision_allowed(case, chosen):
            raise InvalidInput(
                gettext(
                    "Ohne Zustimmung zur elektronischen Bekanntgabe geht der Bescheid per Post."
                )
            )
        return chosen.name
    default = channel_for(case, decision=decision)
    return default.name if default else ""


def message_send(
    *,
    case: Case,
    actor: User,
    text: str,
    subject: str = "",
    files: Sequence[IncomingFile] = (),
    channel: str = "",
) -> Message:
    """A caseworker's message to the applicant, through ``channel`` or the case's first usable
    delivery channel (see ``openvorgang.mailbox.delivery``)."""
    roles = roles_for_case(actor, case)
    if not roles:
        raise CaseNotFound()
    if not allows(roles, Capability.MESSAGE):
        raise ActionForbidden(gettext("Ihre Rolle erlaubt keine Nachrichten an Antragstellende."))
    message = Message(
        case=case,
        direction=Direction.OUT,
        channel=choose_channel(case, channel),
        subject=(subject or "").strip()[:200],
        text=_clean(text),
        author=actor,
        author_name=actor.display_name,
        state=MessageState.QUEUED,
        created_at=timezone.now(),
    )
    _store(case, message, files)
    return message


def reply_receive(*, case: Case, text: str, files: Sequence[IncomingFile] = ()) -> Message:
    """The applicant's reply from the Antragsraum. Replies to closed cases are kept, flagged."""
    message = Message(
        case=case,
        direction=Direction.IN,
        text=_clean(text),
        author_name=case.applicant_name or "Antragsteller/in",
        state=MessageState.RECEIVED,
        created_at=timezone.now(),
        after_close=case.status in INACTIVE,
    )
    _store(case, message, files)
    return message


def mark_read(*, case: Case, user: User) -> int:
    """Incoming messages count as read once a caseworker of the case has seen them (a POST:
    ``mailbox.views.messages_read``)."""
    if not roles_for_case(user, case):
        return 0
    return Message.objects.filter(case=case, direction=Direction.IN, read_at__isnull=True).update(
        read_at=timezone.now()
    )
