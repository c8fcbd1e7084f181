"""The one pipeline every intake channel ends in: ``receive``.

A channel parses its wire format into a :class:`Submitted` and answers in its own protocol;
everything between is here, once: the file checks (count, size, sniffed type, executables,
safe XML and archives), the Zuständigkeitsfindung, the case with its files, the submission
row that makes a repeated delivery return the first case, the metric and the log line. Every
refusal is an :class:`~openvorgang.intake.limits.IntakeProblem` (status, code, German
message, the part it concerns); nothing is stored for a refused submission."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

from django.db import IntegrityError
from django.utils.translation import gettext

from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.formdata import normalize_form_data
from openvorgang.cases.incoming import Applicant, IncomingFile, NewCase
from openvorgang.cases.models import Case
from openvorgang.cases.services import CreatedHook, case_create
from openvorgang.intake.limits import IntakeProblem, check_file_count, check_stream
from openvorgang.intake.models import Sender, Submission
from openvorgang.intake.targets import target_for
from openvorgang.ops.metrics import INTAKE

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Submitted:
    """What a channel read from its wire format."""

    channel: str
    # The sender's id of this submission (transaction id, Idempotency-Key, submission id).
    external_id: str
    # What the channel's control data said, kept with the submission row.
    control: dict[str, object]
    leika_keys: Sequence[str] = ()
    oe_id: str = ""
    ars: str = ""
    service_name: str = ""
    form_id: str = ""
    form_name: str = ""
    applicant: Applicant = field(default_factory=Applicant)
    form_data: object = field(default_factory=list)
    representation: IncomingFile | None = None
    attachments: Sequence[IncomingFile] = ()
    # A digest of the whole content: the same id with another fingerprint is refused (422).
    fingerprint: str = ""
    # Bytes received, for the log line.
    size: int | None = None


@dataclass(frozen=True)
class Accepted:
    case: Case
    created: bool


def receive(
    *, sender: Sender, submitted: Submitted, on_created: CreatedHook | None = None
) -> Accepted:
    """Accept a submission exactly once: a new case (``created``), or the case of the earlier
    delivery of the same submission (also when both arrive at the same moment).
    ``on_created`` runs in the case's transaction after the submission is recorded."""
    started = time.monotonic()
    check_files([f for f in (submitted.representation, *submitted.attachments) if f is not None])
    try:
        items = normalize_form_data(submitted.form_data)
    except InvalidInput as exc:
        raise IntakeProblem(400, "invalid_submission", exc.message, part="formData") from exc
    target = target_for(
        sender_tenant_id=sender.tenant_id,
        oe_id=submitted.oe_id,
        ars=submitted.ars,
        leika_keys=submitted.leika_keys,
        form_data=items,
    )
    data = NewCase(
        channel=submitted.channel,
        **target.case_fields(),
        leika_keys=submitted.leika_keys,
        service_name=submitted.service_name,
        form_id=submitted.form_id,
        form_name=submitted.form_name,
        applicant=submitted.applicant,
        form_data=items,
        representation=submitted.representation,
        attachments=submitted.attachments,
    )
    try:
        accepted = _accept(sender=sender, submitted=submitted, data=data, on_created=on_created)
    except InvalidInput as exc:
        raise IntakeProblem(400, "invalid_submission", exc.message) from exc
    logger.info(
        "intake channel=%s sender=%s case=%s created=%s bytes=%s duration_ms=%d",
        submitted.channel,
        sender.pk,
        accepted.case.number,
        accepted.created,
        submitted.size,
        (time.monotonic() - started) * 1000,
    )
    return accepted


def check_files(files: Sequence[IncomingFile]) -> None:
    """The limits of every channel, for each file, naming the part of a refused one."""
    check_file_count(len(files))
    for upload in files:
        try:
            check_stream(
                upload.stream,
                size=_size_of(upload.stream),
                name=upload.name or upload.part or "datei",
            )
        except IntakeProblem as exc:
            exc.part = exc.part or upload.part
            raise


def _size_of(stream: IO[bytes]) -> int | None:
    size = getattr(stream, "size", None)  # Django's uploaded files know it
    if isinstance(size, int):
        return size
    try:
        position = stream.tell()
        end = stream.seek(0, os.SEEK_END)
        stream.seek(position)
    except (OSError, AttributeError):
        return None
    return end


def earlier_delivery(
    *, sender: Sender, channel: str, external_id: str, fingerprint: str
) -> Case | None:
    """The case of an earlier delivery of this submission, if any; a reused id with other
    content is refused (422), one whose case was deleted since is gone (409)."""
    row = (
        Submission.objects.select_related("case")
        .filter(sender=sender, channel=channel, external_id=external_id)
        .first()
    )
    if row is None:
        return None
    if fingerprint and row.fingerprint and row.fingerprint != fingerprint:
        raise IntakeProblem(
            422,
            "idempotency_key_reused",
            gettext("Die Kennung wurde bereits für einen anderen Antrag (%(number)s) verwendet.")
            % {"number": row.case_number},
        )
    if row.case is None:
        raise IntakeProblem(
            409,
            "gone",
            gettext("Der Antrag wurde bereits als %(number)s angenommen und ist gelöscht.")
            % {"number": row.case_number},
        )
    return row.case


def _accept(
    *, sender: Sender, submitted: Submitted, data: NewCase, on_created: CreatedHook | None
) -> Accepted:
    """A repeated delivery is recognised by the unique submission row, not by a lookup first:
    repeats are rare, and the first delivery then costs one query less. A repeat's files are
    stored and removed again with its rolled-back transaction."""

    def record(case: Case) -> None:
        Submission.objects.create(
            sender=sender,
            channel=submitted.channel,
            external_id=submitted.external_id,
            case=case,
            case_number=case.number,
            control=submitted.control,
            fingerprint=submitted.fingerprint,
        )
        if on_created is not None:
            on_created(case)

    try:
        case = case_create(data=data, on_created=record)
    except IntegrityError:
        # A concurrent delivery of the same submission committed first.
        existing = earlier_delivery(
            sender=sender,
            channel=submitted.channel,
            external_id=submitted.external_id,
            fingerprint=submitted.fingerprint,
        )
        if existing is None:
            raise
        return Accepted(case=existing, created=False)
    INTAKE.labels(submitted.channel).inc()
    return Accepted(case=case, created=True)
