"""The native intake format: JSON metadata, files as multipart parts or pre-uploaded."""

from __future__ import annotations

from rest_framework import serializers

from openvorgang.lib.keys import ARS_PATTERN, LEIKA_PATTERN

LEIKA = LEIKA_PATTERN
ARS = ARS_PATTERN


def _optional_text(max_length: int, *, help_text: str | None = None) -> serializers.CharField:
    """A text field that may be left out or empty (then "")."""
    return serializers.CharField(
        max_length=max_length, required=False, default="", allow_blank=True, help_text=help_text
    )


class ApplicantSerializer(serializers.Serializer):
    name = _optional_text(300)
    street = _optional_text(200)
    postalCode = _optional_text(10)
    city = _optional_text(200)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    phone = _optional_text(50)
    mailboxType = _optional_text(50, help_text="Art des Nutzerkontos, z. B. OSI, BUNDID, MUK")
    mailboxId = _optional_text(300, help_text="Postfach-Kennung im Nutzerkonto")
    trustLevel = _optional_text(100, help_text="Vertrauensniveau, z. B. STORK-QAA-LEVEL-3")
    consentDigitalDecision = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Zustimmung zum digitalen Bescheid (true/false); fehlt sie, wird der "
        "Bescheid per Brief vorgeschlagen.",
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
    serviceName = _optional_text(300)
    regionKey = serializers.RegexField(
        ARS,
        required=False,
        default="",
        allow_blank=True,
        help_text="Amtlicher Regionalschlüssel (12 Ziffern) des Antragsorts",
    )
    orgUnitId = _optional_text(
        100, help_text="OrganisationseinheitID der zuständigen Stelle, falls bekannt"
    )
    formId = _optional_text(200)
    formName = _optional_text(300)
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
    clearing = serializers.BooleanField(
        help_text="Liegt in einer Clearingstelle (Zuständigkeit nicht eindeutig bestimmt)"
    )
    routing = serializers.CharField(help_text="Begründung der Zuständigkeitsfindung")


class UploadAnswerSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    mediaType = serializers.CharField()
    expiresAt = serializers.DateTimeField()
