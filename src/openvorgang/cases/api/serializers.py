"""Output shapes of the case API. Read-only: writes go through ``cases.services``."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from openvorgang.cases.models import Case, CaseEvent, CaseFile
from openvorgang.cases.workflow import ACTIONS


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")


class OrgUnitRefSerializer(serializers.Serializer):
    oe_id = serializers.CharField()
    name = serializers.CharField()


class CaseListItemSerializer(serializers.ModelSerializer):
    org_unit = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "status",
            "status_since",
            "received_at",
            "service_key",
            "service_name",
            "form_name",
            "channel",
            "applicant_name",
            "file_number",
            "org_unit",
            "assignee",
            "due_on",
            "version",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_org_unit(self, case: Case) -> str | None:
        return case.org_unit.name if case.org_unit_id and case.org_unit else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_assignee(self, case: Case) -> str | None:
        return case.assignee.display_name if case.assignee_id and case.assignee else None


class CaseFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseFile
        fields = [
            "id",
            "kind",
            "original_name",
            "media_type",
            "size",
            "sha256",
            "scan_status",
            "download_url",
        ]
        extra_kwargs = {
            "scan_status": {
                "help_text": "Virus scan: unscanned (no scanner), pending (download answers "
                "409), clean, infected (quarantined, download answers 403), generated."
            }
        }

    def get_download_url(self, case_file: CaseFile) -> str:
        return reverse(
            "api:case-file", kwargs={"case_id": case_file.case_id, "file_id": case_file.pk}
        )


class CaseEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["id", "at", "actor_name", "kind", "action", "before", "after", "reason", "undoes"]


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField(source="applicant_name")
    street = serializers.CharField(source="applicant_street")
    postal_code = serializers.CharField(source="applicant_postal_code")
    city = serializers.CharField(source="applicant_city")
    email = serializers.CharField(source="applicant_email")
    phone = serializers.CharField(source="applicant_phone")
    mailbox_ref = serializers.CharField(source="applicant_mailbox_ref")
    mailbox_type = serializers.CharField(source="applicant_mailbox_type")
    trust_level = serializers.CharField(source="applicant_trust_level")


class CaseDetailSerializer(serializers.ModelSerializer):
    tenant = serializers.SerializerMethodField()
    org_unit = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    applicant = ApplicantSerializer(source="*")
    files = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "tenant",
            "org_unit",
            "status",
            "status_since",
            "received_at",
            "channel",
            "service_key",
            "service_name",
            "leika_keys",
            "form_id",
            "form_name",
            "file_number",
            "due_on",
            "assignee",
            "applicant",
            "form_data",
            "files",
            "history",
            "actions",
            "version",
        ]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_tenant(self, case: Case) -> dict[str, str] | None:
        if case.tenant is None:
            return None
        return {"slug": case.tenant.slug, "name": case.tenant.name, "ars": case.tenant.ars}

    @extend_schema_field(OrgUnitRefSerializer(allow_null=True))
    def get_org_unit(self, case: Case) -> dict[str, str] | None:
        if case.org_unit is None:
            return None
        return {"oe_id": case.org_unit.oe_id, "name": case.org_unit.name}

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_assignee(self, case: Case) -> dict[str, Any] | None:
        return PersonSerializer(case.assignee).data if case.assignee else None

    @extend_schema_field(CaseFileSerializer(many=True))
    def get_files(self, case: Case) -> list[dict[str, Any]]:
        return list(CaseFileSerializer(self.context["files"], many=True).data)

    @extend_schema_field(CaseEventSerializer(many=True))
    def get_history(self, case: Case) -> list[dict[str, Any]]:
        return list(CaseEventSerializer(self.context["history"], many=True).data)

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=list(ACTIONS)))
    )
    def get_actions(self, case: Case) -> list[str]:
        return [t.action for t in self.context["actions"]]


class ActionRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The case version the caller saw; a newer one answers 409 Conflict.",
    )


class AssignRequestSerializer(serializers.Serializer):
    assignee = serializers.CharField(
        allow_null=True, help_text="Username of the caseworker, or null to unassign."
    )
    version = serializers.IntegerField(required=False, min_value=1)


class FileNumberRequestSerializer(serializers.Serializer):
    file_number = serializers.CharField(allow_blank=True, max_length=100)
    version = serializers.IntegerField(required=False, min_value=1)


class CaseListPageSerializer(serializers.Serializer):
    results = CaseListItemSerializer(many=True)
    next = serializers.CharField(allow_null=True)
