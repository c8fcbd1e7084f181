"""``GET /api/v1/routing``: form servers ask, before they submit, which org unit is responsible
for a service at a place, and why."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from openvorgang.accounts.authentication import ApiTokenAuthentication
from openvorgang.api.openapi import PROBLEM
from openvorgang.api.problems import problem
from openvorgang.api.query import reject_unknown
from openvorgang.directory import snapshot
from openvorgang.directory.routing import route
from openvorgang.intake.drf import SenderAuthentication
from openvorgang.intake.models import Sender
from openvorgang.lib.keys import is_leika, is_region_key


class SenderOrUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, Sender) or bool(
            request.user and request.user.is_authenticated
        )


class _SenderBearer(SenderAuthentication):
    """A sender's ``Bearer`` token; any other scheme is left to the user authentications."""

    def authenticate(self, request: Request) -> Any:
        header = request.headers.get("Authorization", "")
        if header and not header.lower().startswith("bearer "):
            return None
        return super().authenticate(request)


class RoutingView(APIView):
    authentication_classes = [_SenderBearer, ApiTokenAuthentication]
    permission_classes = [SenderOrUser]

    @extend_schema(
        operation_id="routing_lookup",
        summary="Zuständigkeit abfragen",
        description="Welche Organisationseinheit ist für die Leistung(en) am Ort zuständig, "
        "und warum? Dieselbe Zuständigkeitsfindung wie beim Eingang eines Antrags. Ein an einen "
        "Mandanten gebundener Absender erhält nur Antworten innerhalb seines Mandanten.",
        parameters=[
            OpenApiParameter("leika", OpenApiTypes.STR, many=True, description="LeiKa-Schlüssel"),
            OpenApiParameter("ars", OpenApiTypes.STR, description="ARS (12) oder AGS (8 Ziffern)"),
            OpenApiParameter("oeId", OpenApiTypes.STR, description="OrganisationsEinheitID"),
        ],
        responses={
            200: OpenApiResponse(description="Die Entscheidung mit Begründung"),
            400: PROBLEM,
            401: PROBLEM,
        },
        tags=["Zuständigkeit"],
    )
    def get(self, request: Request) -> Response:
        reject_unknown(request, ("leika", "ars", "oeId"))
        keys = request.query_params.getlist("leika")
        ars = request.query_params.get("ars", "").strip()
        oe_id = request.query_params.get("oeId", "").strip()
        bad = [k for k in keys if not is_leika(k)]
        if bad:
            return problem(
                400, code="invalid_query", detail=f"Ungültiger LeiKa-Schlüssel: {bad[0]}"
            )
        if ars and not is_region_key(ars):
            return problem(
                400,
                code="invalid_query",
                detail="ars: 12-stelliger ARS oder 8-stelliger AGS erwartet.",
            )
        if not (keys or oe_id):
            return problem(400, code="invalid_query", detail="leika oder oeId angeben.")
        sender_tenant = request.auth.tenant_id if isinstance(request.auth, Sender) else None
        snap = snapshot.current()
        decision = route(
            leika_keys=keys, ars=ars, oe_id=oe_id, sender_tenant_id=sender_tenant, snap=snap
        )
        unit = snap.units.get(decision.org_unit_id) if decision.org_unit_id else None
        region = snap.regions.get(decision.region_ars)
        body = {
            "step": decision.step,
            "explanation": decision.explanation,
            "orgUnit": {"id": unit.id, "oeId": unit.oe_id, "name": unit.name} if unit else None,
            "tenant": (
                {"id": decision.tenant_id, "name": snap.tenant_names.get(decision.tenant_id, "")}
                if decision.tenant_id
                else None
            ),
            "ruleId": decision.rule_id,
            "region": {"ars": region.ars, "name": region.name} if region else None,
            "inClearing": decision.in_clearing,
            "candidates": list(decision.candidates),
        }
        return Response(body)
