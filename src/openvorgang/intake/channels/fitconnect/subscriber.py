"""The FIT-Connect subscriber: fetch each waiting submission, decrypt and check it, turn it
into a case, and answer with a signed accept-submission event (or reject-submission with the
problems found). Events go out through the outbox, written in the case's transaction."""

from __future__ import annotations

import io
import json
import logging
import re
import tempfile
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from jsonschema import Draft202012Validator

from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case, Channel
from openvorgang.intake.applicant import applicant_from_items
from openvorgang.intake.channels.fitconnect.client import SubmissionApi
from openvorgang.intake.channels.fitconnect.crypto import (
    Decrypted,
    JweError,
    decrypt_compact,
    decrypt_stream,
    rsa_private_key,
    sign_set,
)
from openvorgang.intake.channels.fitconnect.fachdaten import form_tree
from openvorgang.intake.channels.fitconnect.models import Destination
from openvorgang.intake.limits import IntakeProblem, check_file_count
from openvorgang.intake.services import Submitted, earlier_delivery, receive
from openvorgang.lib import jsonsafe
from openvorgang.outbox.models import Delivery
from openvorgang.outbox.services import delivery_enqueue

logger = logging.getLogger(__name__)

EVENTS = "https://schema.fitko.de/fit-connect/events/"
PROBLEMS = "https://schema.fitko.de/fit-connect/events/problems/"
SET_SCHEMA = "https://schema.fitko.de/fit-connect/set-payload/1.2.0/set-payload.schema.json"
TRANSPORT = "fitconnect.event"
_LEIKA = re.compile(r"([0-9]{14})$")
_SCHEMA_URI = re.compile(
    r"^https://schema\.fitko\.de/fit-connect/metadata/(?P<major>[12])\.\d+\.\d+/metadata\.schema\.json$"
)


@dataclass
class Problem(Exception):
    kind: str  # the last path segment of the FIT-Connect problem type
    title: str
    detail: str
    instance: str

    def as_json(self) -> dict[str, str]:
        return {
            "type": PROBLEMS + self.kind,
            "title": self.title,
            "detail": self.detail,
            "instance": self.instance,
        }


@dataclass
class PollResult:
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def poll(destination: Destination, *, api: SubmissionApi | None = None) -> PollResult:
    """Process every submission waiting for the destination. Submissions handled before (their
    event still on its way out) are skipped."""
    client = api or SubmissionApi(destination)
    result = PollResult()
    try:
        for item in client.submissions():
            submission_id = str(item["submissionId"])
            if _handled(destination, submission_id, str(item.get("caseId", ""))):
                result.skipped.append(submission_id)
                continue
            outcome = process(destination, client, submission_id)
            (result.accepted if outcome == "accepted" else result.rejected).append(submission_id)
        Destination.objects.filter(pk=destination.pk).update(
            last_polled_at=timezone.now(), last_error=""
        )
    except Exception as exc:
        Destination.objects.filter(pk=destination.pk).update(last_error=str(exc)[:2000])
        raise
    finally:
        if api is None:
            client.close()
    return result


def _handled(destination: Destination, submission_id: str, fc_case_id: str) -> bool:
    try:
        if earlier_delivery(
            sender=destination.sender,
            channel=Channel.FIT_CONNECT,
            external_id=submission_id,
            fingerprint="",
        ):
            return True
    except IntakeProblem:  # accepted before, its case deleted since
        return True
    return Delivery.objects.filter(
        transport=TRANSPORT, target=_event_url(destination, fc_case_id)
    ).exists()


def process(destination: Destination, api: SubmissionApi, submission_id: str) -> str:
    submission = api.submission(submission_id)
    key = rsa_private_key(destination.decryption_key)
    with tempfile.TemporaryDirectory(prefix="fitconnect-") as tmp:
        try:
            received = _receive(api, submission, key=key, workdir=Path(tmp))
        except Problem as problem:
            _reject(destination, submission, problem)
            return "rejected"
        with ExitStack() as stack:
            incoming = [
                (purpose, IncomingFile(stack.enter_context(path.open("rb")), name, part=ref))
                for purpose, path, name, ref in received.files
            ]
            try:
                receive(
                    sender=destination.sender,
                    submitted=_submitted(destination, submission, received, incoming),
                    on_created=lambda case: _accept_event(destination, submission, received, case),
                )
            except IntakeProblem as exc:
                instance = {"formData": "data"}.get(exc.part, exc.part) or "submission"
                _reject(destination, submission, _limit_problem(exc, instance))
                return "rejected"
    return "accepted"


def _reject(destination: Destination, submission: dict[str, Any], problem: Problem) -> None:
    with transaction.atomic():
        _enqueue_event(
            destination, submission, "reject-submission", {"problems": [problem.as_json()]}
        )
    logger.warning(
        "intake channel=fit_connect destination=%s submission=%s rejected=%s",
        destination.pk,
        submission["submissionId"],
        problem.kind,
    )


@dataclass
class Received:
    metadata: dict[str, Any]
    data: bytes
    data_mime: str
    form_items: list[Any]
    tags: dict[str, Any]
    # (purpose, decrypted file, original name, the problem instance naming it)
    files: list[tuple[str, Path, str, str]]
    size: int


def _receive(
    api: SubmissionApi, submission: dict[str, Any], *, key: rsa.RSAPrivateKey, workdir: Path
) -> Received:
    metadata_raw, metadata_jwe = _decrypt_part(submission, "encryptedMetadata", "metadata", key)
    try:
        metadata = jsonsafe.loads(metadata_raw)
    except ValueError as exc:
        raise Problem(
            "syntax-violation", "Syntax-Fehler", gettext("Metadaten sind kein JSON"), "metadata"
        ) from exc
    _validate_metadata(metadata)
    structure = metadata["contentStructure"]
    data_raw, data_jwe = _decrypt_part(submission, "encryptedData", "data", key)
    _check_hash(data_jwe, structure["data"]["hash"], "data")
    mime = structure["data"]["submissionSchema"]["mimeType"]
    try:
        items = form_tree(data_raw, mime_type=mime)
    except ValueError as exc:
        raise Problem(
            "syntax-violation",
            "Syntax-Fehler",
            gettext("Fachdaten: %(exc)s") % {"exc": exc},
            "data",
        ) from exc

    announced = {str(a["attachmentId"]): a for a in structure.get("attachments", [])}
    delivered = {str(a) for a in submission.get("attachments", [])}
    if set(announced) != delivered:
        missing = sorted(set(announced) ^ delivered)
        raise Problem(
            "missing-attachments",
            gettext("Anlagen fehlen"),
            gettext("Angekündigte und übermittelte Anlagen weichen ab: %(attachments)s")
            % {"attachments": ", ".join(missing)},
            "submission",
        )
    try:
        check_file_count(len(announced))
    except IntakeProblem as exc:
        raise _limit_problem(exc, "submission") from exc
    tags: dict[str, Any] = {"metadata": metadata_jwe.tag, "data": data_jwe.tag, "attachments": {}}
    files: list[tuple[str, Path, str, str]] = []
    size = data_jwe.size
    for attachment_id, spec in announced.items():
        encrypted = workdir / f"{attachment_id}.jwe"
        plain = workdir / attachment_id
        with encrypted.open("w+b") as jwe:
            api.download_attachment(str(submission["submissionId"]), attachment_id, jwe)
            jwe.seek(0)
            with plain.open("wb") as out:
                try:
                    result = decrypt_stream(jwe, out, key=key)
                except JweError as exc:
                    raise Problem(
                        "encryption-issue",
                        "Entschlüsselungs-Fehler",
                        str(exc),
                        f"attachment:{attachment_id}",
                    ) from exc
        _check_hash(result, spec["hash"], f"attachment:{attachment_id}")
        name = spec.get("filename") or attachment_id
        tags["attachments"][attachment_id] = result.tag
        files.append((spec["purpose"], plain, name, f"attachment:{attachment_id}"))
        size += result.size
    return Received(
        metadata=metadata,
        data=data_raw,
        data_mime=mime,
        form_items=items,
        tags=tags,
        files=files,
        size=size,
    )


def _decrypt_part(
    submission: dict[str, Any], field_name: str, instance: str, key: rsa.RSAPrivateKey
) -> tuple[bytes, Decrypted]:
    token = submission.get(field_name)
    if not isinstance(token, str) or not token:
        raise Problem(
            "missing-data",
            gettext("Daten fehlen"),
            gettext("%(field_name)s fehlt") % {"field_name": field_name},
            instance,
        )
    try:
        return decrypt_compact(token, key=key)
    except JweError as exc:
        raise Problem("encryption-issue", "Entschlüsselungs-Fehler", str(exc), instance) from exc


# The intake pipeline's refusals as FIT-Connect problem kinds; anything else in the
# submission's content is a syntax violation.
_LIMIT_PROBLEMS = {
    "too_many_files": ("too-many-attachments", "Zu viele Anlagen"),
    "too_large": ("attachment-too-large", "Anlage zu groß"),
    "forbidden_type": ("forbidden-media-type", "Dateityp nicht erlaubt"),
    "extension_mismatch": ("forbidden-media-type", "Dateityp nicht erlaubt"),
    "executable_content": ("forbidden-media-type", "Dateityp nicht erlaubt"),
}


def _limit_problem(exc: IntakeProblem, instance: str) -> Problem:
    kind, title = _LIMIT_PROBLEMS.get(exc.code, ("syntax-violation", "Syntax-Fehler"))
    return Problem(kind, title, exc.message, instance)


def _check_hash(result: Decrypted, spec: dict[str, Any], instance: str) -> None:
    if spec.get("type") != "sha512" or spec.get("content") != result.sha512:
        raise Problem(
            "hash-mismatch",
            gettext("Prüfsumme stimmt nicht"),
            gettext("Der SHA-512-Hashwert passt nicht zum entschlüsselten Inhalt."),
            instance,
        )


@cache
def _validator(major: str) -> Draft202012Validator:
    name = {"1": "metadata-1.0.0.schema.json", "2": "metadata-2.1.0.schema.json"}[major]
    text = resources.files(__package__).joinpath("schemas", name).read_text(encoding="utf-8")
    return Draft202012Validator(json.loads(text))


def _validate_metadata(metadata: Any) -> None:
    if not isinstance(metadata, dict):
        raise Problem(
            "schema-violation", "Schema-Fehler", gettext("Metadaten sind kein Objekt"), "metadata"
        )
    declared = metadata.get("$schema")
    if declared is None:
        major = "1"  # 1.0.0 did not require $schema
    else:
        match = _SCHEMA_URI.match(str(declared))
        if match is None:
            raise Problem(
                "unsupported-schema",
                gettext("Schema nicht unterstützt"),
                gettext("Metadatenschema %(declared)s wird nicht unterstützt")
                % {"declared": declared},
                "metadata",
            )
        major = match["major"]
    error = next(iter(sorted(_validator(major).iter_errors(metadata), key=str)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(Wurzel)"
        raise Problem(
            "schema-violation", "Schema-Fehler", f"{where}: {error.message}"[:500], "metadata"
        )


def _submitted(
    destination: Destination,
    submission: dict[str, Any],
    received: Received,
    incoming: list[tuple[str, IncomingFile]],
) -> Submitted:
    service = submission.get("serviceType") or received.metadata.get("publicServiceType") or {}
    leika = _LEIKA.search(str(service.get("identifier", "")))
    forms = [f for purpose, f in incoming if purpose == "form"]
    extension = "xml" if received.data_mime == "application/xml" else "json"
    original = IncomingFile(io.BytesIO(received.data), f"fachdaten.{extension}", part="data")
    reply = received.metadata.get("replyChannel") or {}
    email = str((reply.get("eMail") or {}).get("address", ""))
    # A DeutschlandID mailbox as reply channel (metadata 2.x): its Postkorb handle.
    bund_mailbox = str((reply.get("idBundDeMailbox") or {}).get("mailboxUuid", ""))
    consent = (received.metadata.get("additionalReferenceInfo") or {}).get(
        "zustimmungZumDigitalenBescheid"
    )
    submission_id = str(submission["submissionId"])
    return Submitted(
        channel=Channel.FIT_CONNECT,
        external_id=submission_id,
        control={
            "submissionId": submission_id,
            "caseId": str(submission["caseId"]),
            "destinationId": str(destination.destination_id),
            "metadata": received.metadata,
        },
        # A destination bound to an org unit delivers there; otherwise the directory
        # decides, within the destination's tenant (its sender's).
        oe_id=destination.org_unit.oe_id if destination.org_unit else "",
        leika_keys=[leika.group(1)] if leika else [],
        service_name=str(service.get("name", "")),
        form_name=str(service.get("name", "")),
        applicant=applicant_from_items(
            received.form_items,
            email=email,
            mailbox_ref=bund_mailbox,
            mailbox_type="bundid" if bund_mailbox else "",
            decision_consent=consent if isinstance(consent, bool) else None,
        ),
        form_data=received.form_items,
        representation=forms[0] if forms else None,
        attachments=[*forms[1:], *(f for p, f in incoming if p != "form"), original],
        size=received.size,
    )


def _accept_event(
    destination: Destination, submission: dict[str, Any], received: Received, case: Case
) -> None:
    _enqueue_event(
        destination,
        submission,
        "accept-submission",
        {"authenticationTags": received.tags},
        case=case,
    )


def _event_url(destination: Destination, fc_case_id: str) -> str:
    return f"{destination.submission_api_url.rstrip('/')}/v1/cases/{fc_case_id}/events"


def _enqueue_event(
    destination: Destination,
    submission: dict[str, Any],
    event: str,
    payload: dict[str, Any],
    *,
    case: Case | None = None,
) -> Delivery:
    fc_case_id = str(submission["caseId"])
    claims = {
        "$schema": SET_SCHEMA,
        "jti": str(uuid.uuid4()),
        "iss": str(destination.destination_id),
        "iat": int(time.time()),
        "sub": f"submission:{submission['submissionId']}",
        "txn": f"case:{fc_case_id}",
        "events": {EVENTS + event: payload},
    }
    return delivery_enqueue(
        transport=TRANSPORT,
        target=_event_url(destination, fc_case_id),
        case=case,
        tenant=destination.tenant,
        payload={
            "destination": destination.pk,
            "caseId": fc_case_id,
            "submissionId": str(submission["submissionId"]),
            "event": event,
            "token": sign_set(claims, jwk=destination.signing_key),
        },
    )
