"""Machine endpoints of records: the pull API for specialist systems and the receipt endpoint
for DMS, each authenticated with its connector's token and scoped to its tenant."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openvorgang.api.openapi import FILE_DOWNLOAD_NOTE, FILE_DOWNLOAD_RESPONSES, PROBLEM
from openvorgang.api.query import query_data
from openvorgang.audit.models import AuditAction
from openvorgang.audit.services import audit_record
from openvorgang.cases.downloads import case_file_response
from openvorgang.cases.models import Case, CaseFile, CaseStatus
from openvorgang.lib.keyset import InvalidCursor, keyset_page
from openvorgang.records.auth import ConnectorAuthentication, IsConnector
from openvorgang.records.handover_json import case_document
from openvorgang.records.models import Connector, Purpose
from openvorgang.records.services import receipt_import
from openvorgang.records.xdomea.receipts import MAX_BYTES, BadReceipt


def _connector(request: Request) -> Connector:
    assert isinstance(request.auth, Connector)
    return request.auth


def scoped_cases(connector: Connector) -> QuerySet[Case]:
    """The cases a specialist system may read: its tenant's, of its services if it has any."""
    if connector.purpose != Purpose.FACHVERFAHREN:
        return Case.objects.none()
    cases = Case.objects.filter(tenant_id=connector.tenant_id)
    if connector.api_services:
        cases = cases.filter(service_key__in=connector.api_services)
    return cases


class ConnectorView(APIView):
    authentication_classes = [ConnectorAuthentication]
    permission_classes = [IsConnector]


class PullQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False, allow_blank=True)
    cursor = serializers.CharField(required=False, allow_blank=True)
    limit = serializers.IntegerField(min_value=1, max_value=200, default=50)


class PullItemSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()
    status = serializers.CharField()
    serviceKey = serializers.CharField(source="service_key")
    receivedAt = serializers.DateTimeField(source="received_at")
    statusSince = serializers.DateTimeField(source="status_since")


class PullPageSerializer(serializers.Serializer):
    results = PullItemSerializer(many=True)
    next = serializers.CharField(allow_null=True)


class PullCaseListView(ConnectorView):
    @extend_schema(
        operation_id="fachverfahren_cases_list",
        parameters=[PullQuerySerializer],
        responses={200: PullPageSerializer, 400: PROBLEM, 401: PROBLEM},
        summary="Cases for a specialist system (its tenant and services), newest first.",
    )
    def get(self, request: Request) -> Response:
        query = PullQuerySerializer(data=query_data(request, PullQuerySerializer().fields))
        query.is_valid(raise_exception=True)
        cases = scoped_cases(_connector(request))
        if query.validated_data.get("status"):
            cases = cases.filter(status=query.validated_data["status"])
        try:
            page = keyset_page(
                cases.only("id", "number", "status", "service_key", "received_at", "status_since"),
                field="received_at",
                cursor=query.validated_data.get("cursor") or None,
                limit=query.validated_data["limit"],
            )
        except InvalidCursor as exc:
            raise ValidationError({"cursor": str(exc)}) from exc
        return Response(
            {"results": PullItemSerializer(page.items, many=True).data, "next": page.next_cursor}
        )


def _case(connector: Connector, case_id: uuid.UUID) -> Case:
    case = scoped_cases(connector).select_related("tenant", "org_unit").filter(pk=case_id).first()
    if case is None:
        raise NotFound(gettext("Vorgang nicht gefunden."))
    return case


class PullCaseView(ConnectorView):
    @extend_schema(
        operation_id="fachverfahren_cases_retrieve",
        responses={200: OpenApiTypes.OBJECT, 401: PROBLEM, 404: PROBLEM},
        summary="One case as the handover JSON: data, applicant, files (with URLs), history.",
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        connector = _connector(request)
        case = _case(connector, case_id)
        audit_record(
            user=None,
            case=case,
            action=AuditAction.API_READ,
            actor_name=f"Anbindung {connector.name}",
        )
        return Response(case_document(case))


class PullCaseFileView(ConnectorView):
    @extend_schema(
        operation_id="fachverfahren_cases_file",
        responses=FILE_DOWNLOAD_RESPONSES,
        summary="One file of a case, streamed.",
        description=FILE_DOWNLOAD_NOTE,
    )
    def get(
        self, request: Request, case_id: uuid.UUID, file_id: uuid.UUID
    ) -> HttpResponse | FileResponse:
        case = _case(_connector(request), case_id)
        stored = CaseFile.objects.filter(case=case, pk=file_id).first()
        if stored is None:
            raise NotFound(gettext("Datei nicht gefunden."))
        return case_file_response(
            case_file=stored,
            api=True,
            user=None,
            actor_name=f"Anbindung {_connector(request).name}",
        )


class XmlBytesParser(BaseParser):
    media_type = "application/xml"

    def parse(self, stream, media_type=None, parser_context=None):  # type: ignore[no-untyped-def]
        data = stream.read(MAX_BYTES + 1) if stream is not None else b""
        if len(data) > MAX_BYTES:
            raise ValidationError({"receipt": "Quittung ist größer als 5 MB."})
        return data


class ReceiptView(ConnectorView):
    parser_classes = [XmlBytesParser]

    @extend_schema(
        operation_id="xdomea_receipt",
        request={"application/xml": OpenApiTypes.BINARY},
        responses={200: OpenApiTypes.OBJECT, 400: PROBLEM, 401: PROBLEM},
        summary="Import an xdomea receipt (0402 ImportBestaetigen or 0403 EmpfangBestaetigen).",
    )
    def post(self, request: Request) -> Response:
        data = request.data if isinstance(request.data, bytes) else b""
        try:
            export = receipt_import(data, connector=_connector(request))
        except BadReceipt as exc:
            raise ValidationError({"receipt": str(exc)}) from exc
        export.refresh_from_db()
        return Response(
            {
                "export": str(export.pk),
                "case": export.case.number,
                "state": export.state,
                "reference": export.dms_reference,
            }
        )
