"""The native intake format: JSON metadata, files as multipart parts or pre-uploaded."""

from __future__ import annotations

from rest_framework import serializers

LEIKA = r"^[0-9]{14}$"
ARS = r"^[0-9]{12}$"


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    street = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    postalCode = serializers.CharField(max_length=10, required=False, default="", allow_blank=True)
    city = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    mailboxType = serializers.CharField(
        max_length=50,
        required=False,
        default="",
        allow_blank=True,
        help_text="Art des Nutzerkontos, z. B. OSI, BUNDID, MUK",
    )
    mailboxId = serializers.CharField(
        max_length=300,
        required=False,
        default="",
        allow_blank=True,
        help_text="Postfach-Kennung im Nutzerkonto",
    )
    trustLevel = serializers.CharField(
        max_length=100,
        required=False,
        default="",
        allow_blank=True,
        help_text="Vertrauensniveau, z. B. STORK-QAA-LEVEL-3",
    )


class FileRefSerializer(serializers.Serializer):
    upload = serializers.UUIDField(help_text="id aus POST /api/v1/uploads")
    kind = serializers.ChoiceField(choices=["representation", "attachment"], default="attachment")


class SubmissionMetadataSerializer(serializers.Serializer):
    serviceKeys = serializers.ListField(
        child=serializers.RegexField(LEIKA),
        required=False,
        default=list,
        max_length=20,
        help_text="LeiKa-Leistungsschlüssel (14 Ziffern)",
    )
    serviceName = serializers.CharField(
        max_length=300, required=False, default="", allow_blank=True
    )
    regionKey = serializers.RegexField(
        ARS,
        required=False,
        default="",
        allow_blank=True,
        help_text="Amtlicher Regionalschlüssel (12 Ziffern) des Antragsorts",
    )
    orgUnitId = serializers.CharField(
        max_length=100,
        required=False,
        default="",
        allow_blank=True,
        help_text="OrganisationseinheitID der zuständigen Stelle, falls bekannt",
    )
    formId = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    formName = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    applicant = ApplicantSerializer(required=False)
    formData = serializers.ListField(
        child=serializers.JSONField(),
        required=False,
        default=list,
        help_text="Baum der Formularfelder: [{name, label, value, items: [...]}] "
        "(auch OZG-Form: stringValue/formItems)",
    )
    files = FileRefSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Nur im JSON-Modus: zuvor hochgeladene Dateien",
    )


class SubmissionAnswerSerializer(serializers.Serializer):
    caseId = serializers.UUIDField()
    caseNumber = serializers.CharField()
    status = serializers.CharField()
    statusSince = serializers.DateTimeField()
    receivedAt = serializers.DateTimeField()
    tenant = serializers.CharField(allow_null=True, help_text="Kurzname des Mandanten")
    orgUnitId = serializers.CharField(allow_null=True)
    clearing = serializers.BooleanField(help_text="Liegt in der Clearingstelle (Ziel unbekannt)")


class UploadAnswerSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    mediaType = serializers.CharField()
    expiresAt = serializers.DateTimeField()
