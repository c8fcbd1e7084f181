"""REST endpoints for cases. Thin: parse, call a selector or service, serialize."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openvorgang.accounts.models import User
from openvorgang.api.openapi import FILE_DOWNLOAD_NOTE, FILE_DOWNLOAD_RESPONSES, PROBLEM
from openvorgang.api.query import query_data
from openvorgang.audit.models import AuditAction
from openvorgang.audit.services import audit_record
from openvorgang.cases import selectors, services
from openvorgang.cases.api.serializers import (
    ActionRequestSerializer,
    AssignRequestSerializer,
    CaseDetailSerializer,
    CaseEventSerializer,
    CaseListItemSerializer,
    CaseListPageSerializer,
    FileNumberRequestSerializer,
)
from openvorgang.cases.downloads import case_file_response
from openvorgang.cases.errors import CaseNotFound, InvalidInput
from openvorgang.cases.models import Case, CaseEvent, CaseStatus, Channel
from openvorgang.cases.workflow import ACTIONS
from openvorgang.lib.keys import LEIKA_PATTERN
from openvorgang.tenants.models import OrgUnit


class CaseListQuerySerializer(serializers.Serializer):
    """Filters; an empty value is the same as leaving the filter out."""

    status = serializers.CharField(
        required=False, allow_blank=True, help_text="Comma-separated statuses."
    )
    org_unit = serializers.CharField(
        required=False, allow_blank=True, help_text="OrganisationsEinheitID."
    )
    assignee = serializers.CharField(
        required=False, allow_blank=True, help_text="'me', 'none' or a username."
    )
    service_key = serializers.RegexField(LEIKA_PATTERN, required=False)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)
    cursor = serializers.CharField(required=False, allow_blank=True)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200)

    def validate_status(self, value: str) -> tuple[str, ...]:
        statuses = tuple(s.strip() for s in value.split(",") if s.strip())
        unknown = [s for s in statuses if s not in CaseStatus.values]
        if unknown:
            raise serializers.ValidationError(
                gettext("Unbekannter Status: %(statuses)s") % {"statuses": ", ".join(unknown)}
            )
        return statuses


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


class CaseListView(APIView):
    @extend_schema(
        operation_id="cases_list",
        parameters=[CaseListQuerySerializer],
        responses={200: CaseListPageSerializer, 400: PROBLEM},
        summary="Cases in the caller's scope, newest first (keyset pagination via `next`).",
    )
    def get(self, request: Request) -> Response:
        query = CaseListQuerySerializer(data=query_data(request, CaseListQuerySerializer().fields))
        query.is_valid(raise_exception=True)
        params = query.validated_data
        user = _user(request)
        org_unit_id = None
        if params.get("org_unit"):
            unit = OrgUnit.objects.filter(tenant=user.tenant, oe_id=params["org_unit"]).first()
            org_unit_id = unit.pk if unit else -1
        assignee = params.get("assignee") or None
        if assignee not in (None, "me", "none"):
            match = User.objects.filter(tenant=user.tenant, username=assignee).first()
            assignee = str(match.pk) if match else "-1"
        filters = selectors.CaseFilters(
            status=params.get("status", ()),
            org_unit_id=org_unit_id,
            assignee=assignee,
            service_key=params.get("service_key"),
            channel=params.get("channel"),
            received_from=params.get("received_from"),
            received_to=params.get("received_to"),
        )
        page = selectors.case_list(
            user=user,
            filters=filters,
            cursor=params.get("cursor") or None,
            limit=params.get("limit"),
        )
        return Response(
            {
                "results": CaseListItemSerializer(page.items, many=True).data,
                "next": page.next_cursor,
            }
        )


class CaseDetailView(APIView):
    @extend_schema(
        operation_id="cases_retrieve",
        responses={200: CaseDetailSerializer, 404: PROBLEM},
        summary="Everything on one case: data tree, applicant, files, status, history.",
    )
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        user = _user(request)
        case = selectors.case_get(user=user, case_id=case_id)
        audit_record(user=user, case=case, action=AuditAction.API_READ)
        context = {
            "files": selectors.case_files(case=case),
            "history": selectors.case_history(case=case),
            "actions": selectors.available_actions(user=user, case=case),
        }
        return Response(CaseDetailSerializer(case, context=context).data)


class CaseFileView(APIView):
    @extend_schema(
        operation_id="cases_file_download",
        responses=FILE_DOWNLOAD_RESPONSES,
        summary="Download one file of a case (streamed).",
        description=FILE_DOWNLOAD_NOTE,
    )
    def get(
        self, request: Request, case_id: uuid.UUID, file_id: uuid.UUID
    ) -> HttpResponse | FileResponse:
        user = _user(request)
        case_file = selectors.case_file_get(user=user, case_id=case_id, file_id=file_id)
        return case_file_response(user=user, case_file=case_file, api=True)


WRITE_RESPONSES = {
    200: OpenApiTypes.OBJECT,
    400: PROBLEM,
    403: PROBLEM,
    404: PROBLEM,
    409: PROBLEM,
}


def _case_and_body(
    request: Request, case_id: uuid.UUID, body_class: type[serializers.Serializer]
) -> tuple[User, Case, dict[str, Any]]:
    """Load the case first (an outsider gets 404 whatever it sent), then validate the body."""
    user = _user(request)
    case = selectors.case_get(user=user, case_id=case_id)
    body = body_class(data=request.data)
    body.is_valid(raise_exception=True)
    return user, case, body.validated_data


def _event_response(event: CaseEvent | None, status: int = 200) -> Response:
    if event is None:
        return Response({"changed": False}, status=status)
    return Response({"changed": True, "event": CaseEventSerializer(event).data}, status=status)


class CaseActionView(APIView):
    @extend_schema(
        operation_id="cases_action",
        request=ActionRequestSerializer,
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(ACTIONS))],
        responses=WRITE_RESPONSES,
        summary="Take a workflow step (annehmen, verwerfen, bearbeiten, …).",
    )
    def post(self, request: Request, case_id: uuid.UUID, action: str) -> Response:
        user, case, body = _case_and_body(request, case_id, ActionRequestSerializer)
        if action not in ACTIONS:
            raise CaseNotFound(gettext("Unbekannte Aktion „%(action)s“.") % {"action": action})
        result = services.case_transition(
            case=case,
            actor=user,
            action=action,
            reason=body.get("reason", ""),
            expected_version=body.get("version"),
        )
        if not isinstance(result, CaseEvent):
            return Response({"deleted": True, "number": result.number})
        return _event_response(result)


class CaseAssignView(APIView):
    @extend_schema(
        operation_id="cases_assign",
        request=AssignRequestSerializer,
        responses=WRITE_RESPONSES,
        summary="Assign the case to a caseworker of its org unit (null: unassign).",
    )
    def put(self, request: Request, case_id: uuid.UUID) -> Response:
        user, case, body = _case_and_body(request, case_id, AssignRequestSerializer)
        username = body["assignee"]
        assignee = None
        if username:
            assignee = User.objects.filter(tenant=user.tenant, username=username).first()
            if assignee is None:
                raise InvalidInput(
                    gettext("Unbekannte Person „%(username)s“.") % {"username": username}
                )
        event = services.case_assign(
            case=case,
            actor=user,
            assignee=assignee,
            expected_version=body.get("version"),
        )
        return _event_response(event)


class CaseFileNumberView(APIView):
    @extend_schema(
        operation_id="cases_set_file_number",
        request=FileNumberRequestSerializer,
        responses=WRITE_RESPONSES,
        summary="Set or change the Aktenzeichen.",
    )
    def put(self, request: Request, case_id: uuid.UUID) -> Response:
        user, case, body = _case_and_body(request, case_id, FileNumberRequestSerializer)
        event = services.case_set_file_number(
            case=case,
            actor=user,
            file_number=body["file_number"],
            expected_version=body.get("version"),
        )
        return _event_response(event)


class CaseUndoView(APIView):
    @extend_schema(
        operation_id="cases_undo",
        request=None,
        responses={200: OpenApiTypes.OBJECT, 404: PROBLEM, 409: PROBLEM},
        summary="Undo the caller's most recent action on the case (as a new history entry).",
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        user = _user(request)
        case = selectors.case_get(user=user, case_id=case_id)
        return _event_response(services.case_undo(case=case, actor=user))
