"""Native intake API: ``POST /api/v1/submissions`` (idempotent by ``Idempotency-Key``) and
``POST /api/v1/uploads`` for files sent ahead of the submission."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openvorgang.api.openapi import PROBLEM
from openvorgang.api.parsers import StrictJSONParser
from openvorgang.cases.incoming import Applicant, IncomingFile
from openvorgang.cases.models import Case, Channel
from openvorgang.intake.channels.api.serializers import (
    SubmissionAnswerSerializer,
    SubmissionMetadataSerializer,
    UploadAnswerSerializer,
)
from openvorgang.intake.drf import IsSender, SenderAuthentication
from openvorgang.intake.limits import (
    IntakeProblem,
    check_request_size,
    declared_length,
    read_text_part,
)
from openvorgang.intake.models import Sender, Upload
from openvorgang.intake.services import Submitted, earlier_delivery, receive
from openvorgang.intake.uploads import upload_store, uploads_consume, uploads_for
from openvorgang.lib import jsonsafe
from openvorgang.lib.files import sha256_of

logger = logging.getLogger(__name__)

_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


def _upload_ttl() -> dt.timedelta:
    return dt.timedelta(hours=settings.OPENVORGANG_INTAKE_UPLOAD_TTL_HOURS)


class IntakeView(APIView):
    authentication_classes = [SenderAuthentication]
    permission_classes = [IsSender]
    parser_classes = [StrictJSONParser, MultiPartParser]

    @property
    def sender(self) -> Sender:
        assert isinstance(self.request.auth, Sender)
        return self.request.auth


class UploadView(IntakeView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="upload_create",
        summary="Datei vorab hochladen",
        description="Lädt eine Datei hoch, die eine spätere Einreichung per `files[].upload` "
        "referenziert. Nicht verwendete Uploads verfallen.",
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
        responses={
            201: UploadAnswerSerializer,
            400: PROBLEM,
            401: PROBLEM,
            413: PROBLEM,
            415: PROBLEM,
        },
        tags=["Eingang"],
    )
    def post(self, request: Request) -> Response:
        check_request_size(request._request)
        upload = request.FILES.get("file")
        if upload is None:
            raise IntakeProblem(400, "file_missing", gettext("Teil 'file' fehlt."))
        row = upload_store(sender=self.sender, upload=upload)
        body = {
            "id": row.pk,
            "name": row.original_name,
            "size": row.size,
            "sha256": row.sha256,
            "mediaType": row.media_type,
            "expiresAt": row.created_at + _upload_ttl(),
        }
        return Response(UploadAnswerSerializer(body).data, status=201)


class SubmissionView(IntakeView):
    @extend_schema(
        operation_id="submission_create",
        summary="Antrag einreichen",
        description=(
            "Nimmt einen Antrag an und legt genau einen Vorgang an. Zwei Formen: "
            "`multipart/form-data` mit dem Teil `metadata` (JSON) und den Dateiteilen "
            "`representation` (höchstens eine) und `attachment` (beliebig viele), oder "
            "`application/json` mit den Metadaten und `files` (zuvor hochgeladen). "
            "Derselbe `Idempotency-Key` liefert den ersten Vorgang zurück (200 mit "
            "`Idempotent-Replayed: true`); mit anderem Inhalt wird er abgelehnt (422)."
        ),
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="Eindeutige Kennung dieser Einreichung beim Absender (1–200 Zeichen)",
            )
        ],
        request={
            "application/json": SubmissionMetadataSerializer,
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "metadata": {"type": "string", "description": "JSON wie application/json"},
                    "representation": {"type": "string", "format": "binary"},
                    "attachment": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                    },
                },
                "required": ["metadata"],
            },
        },
        responses={
            201: SubmissionAnswerSerializer,
            200: SubmissionAnswerSerializer,
            400: PROBLEM,
            401: PROBLEM,
            409: PROBLEM,
            413: PROBLEM,
            415: PROBLEM,
            422: PROBLEM,
        },
        tags=["Eingang"],
    )
    def post(self, request: Request) -> Response:
        check_request_size(request._request)
        key = request.headers.get("Idempotency-Key", "")
        if not _KEY.match(key):
            raise IntakeProblem(
                400,
                "idempotency_key",
                gettext(
                    "Header Idempotency-Key fehlt oder ist ungültig (1–200 sichtbare "
                    "ASCII-Zeichen)."
                ),
            )
        multipart = request.content_type.startswith("multipart/")
        if multipart:
            _check_parts(request)
        metadata = _metadata(request, multipart=multipart)
        # unstorable characters, non-finite numbers and deep nesting were refused when the
        # JSON was parsed (lib.jsonsafe, for the JSON body and the metadata part alike)
        serializer = SubmissionMetadataSerializer(data=metadata)
        serializer.is_valid(raise_exception=True)
        meta: dict[str, Any] = serializer.validated_data
        parts = (
            [(k, f) for k in ("representation", "attachment") for f in request.FILES.getlist(k)]
            if multipart
            else []
        )
        fingerprint = _fingerprint(metadata, [(k, f.name, f.size, sha256_of(f)) for k, f in parts])
        earlier = earlier_delivery(
            sender=self.sender, channel=Channel.API, external_id=key, fingerprint=fingerprint
        )
        if earlier is not None:
            return _respond(earlier, created=False)
        if multipart:
            if meta["files"]:
                raise IntakeProblem(
                    400,
                    "invalid_submission",
                    gettext("'files' nur im JSON-Modus; hier Dateiteile senden."),
                    part="files",
                )
            files = [
                (k, IncomingFile(f, f.name or "", part=f"{k}[{i}]"))
                for k in ("representation", "attachment")
                for i, f in enumerate(request.FILES.getlist(k))
            ]
            uploads: list[Upload] = []
        else:
            uploads = uploads_for(sender=self.sender, ids=[r["upload"] for r in meta["files"]])
            kinds = {str(r["upload"]): r["kind"] for r in meta["files"]}
            files = [
                (
                    kinds[str(u.pk)],
                    IncomingFile(
                        default_storage.open(u.storage_name, "rb"),
                        u.original_name,
                        part=f"files[{i}]",
                    ),
                )
                for i, u in enumerate(uploads)
            ]
        try:
            accepted = receive(
                sender=self.sender,
                submitted=_submitted(
                    meta,
                    key=key,
                    fingerprint=fingerprint,
                    files=files,
                    size=declared_length(request._request),
                ),
                on_created=lambda case: uploads_consume(uploads),
            )
        finally:
            if not multipart:  # the opened uploads; request files are Django's to close
                for _, incoming in files:
                    incoming.stream.close()
        return _respond(accepted.case, created=accepted.created)


def _submitted(
    meta: dict[str, Any],
    *,
    key: str,
    fingerprint: str,
    files: list[tuple[str, IncomingFile]],
    size: int | None,
) -> Submitted:
    applicant = meta.get("applicant") or {}
    representation = [f for k, f in files if k == "representation"]
    if len(representation) > 1:
        raise IntakeProblem(
            400,
            "invalid_submission",
            gettext("Höchstens eine 'representation' ist erlaubt."),
            part=representation[1].part,
        )
    return Submitted(
        channel=Channel.API,
        external_id=key,
        control={"idempotencyKey": key},
        fingerprint=fingerprint,
        leika_keys=meta["serviceKeys"],
        oe_id=meta["orgUnitId"],
        ars=meta["regionKey"],
        service_name=meta["serviceName"] or meta["formName"],
        form_id=meta["formId"],
        form_name=meta["formName"],
        applicant=Applicant(
            name=applicant.get("name", ""),
            street=applicant.get("street", ""),
            postal_code=applicant.get("postalCode", ""),
            city=applicant.get("city", ""),
            email=applicant.get("email", ""),
            phone=applicant.get("phone", ""),
            mailbox_ref=applicant.get("mailboxId", ""),
            mailbox_type=applicant.get("mailboxType", ""),
            trust_level=applicant.get("trustLevel", ""),
            decision_consent=applicant.get("consentDigitalDecision"),
        ),
        form_data=meta["formData"],
        representation=representation[0] if representation else None,
        attachments=[f for k, f in files if k == "attachment"],
        size=size,
    )


def _respond(case: Case, *, created: bool) -> Response:
    """201 for a new case; 200 and ``Idempotent-Replayed`` for the case of an earlier
    delivery."""
    response = Response(
        SubmissionAnswerSerializer(_answer(case)).data, status=201 if created else 200
    )
    if not created:
        response["Idempotent-Replayed"] = "true"
    return response


MULTIPART_PARTS = frozenset({"metadata", "representation", "attachment"})


def _check_parts(request: Request) -> None:
    """Only the documented parts; files only as file parts; one representation at most."""
    names = set(request.POST) | set(request.FILES)
    unknown = sorted(names - MULTIPART_PARTS)
    if unknown:
        raise IntakeProblem(
            400,
            "invalid_submission",
            gettext("Unbekannte Teile: %(parts)s") % {"parts": ", ".join(unknown)},
        )
    as_text = sorted({"representation", "attachment"} & set(request.POST))
    if as_text:
        raise IntakeProblem(
            400,
            "invalid_submission",
            gettext("Teil '%(part)s' muss eine Datei sein.") % {"part": as_text[0]},
        )
    if len(request.FILES.getlist("representation")) > 1:
        raise IntakeProblem(
            400, "invalid_submission", gettext("Höchstens ein Teil 'representation'.")
        )


def _metadata(request: Request, *, multipart: bool) -> Any:
    if not multipart:
        return request.data
    raw = read_text_part(request.FILES, request.data, "metadata")
    if raw is None:
        raise IntakeProblem(400, "invalid_submission", gettext("Teil 'metadata' fehlt."))
    try:
        return jsonsafe.loads(raw)
    except jsonsafe.JsonRefused as exc:
        raise IntakeProblem(
            400,
            exc.code,
            gettext("metadata%(path)s: %(reason)s") % {"path": exc.path, "reason": exc.reason},
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise IntakeProblem(
            400, "invalid_json", gettext("metadata ist kein gültiges JSON: %(exc)s") % {"exc": exc}
        ) from exc


def _fingerprint(metadata: Any, parts: list[tuple[str, str | None, int | None, str]]) -> str:
    canonical = json.dumps([metadata, parts], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _answer(case: Case) -> dict[str, Any]:
    return {
        "caseId": case.pk,
        "caseNumber": case.number,
        "status": case.status,
        "statusSince": case.status_since,
        "receivedAt": case.received_at,
        "tenant": case.tenant.slug if case.tenant else None,
        "orgUnitId": case.org_unit.oe_id if case.org_unit else None,
        "clearing": case.in_clearing,
        "routing": case.routing.get("explanation", ""),
    }
