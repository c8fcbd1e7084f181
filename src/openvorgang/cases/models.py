"""The case (Vorgang), its files, its append-only history and the number sequences."""

from __future__ import annotations

import uuid
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openvorgang.tenants.models import OrgUnit, Tenant


class CaseStatus(models.TextChoices):
    NEU = "NEU", _("Neu")
    ANGENOMMEN = "ANGENOMMEN", _("Angenommen")
    VERWORFEN = "VERWORFEN", _("Verworfen")
    IN_BEARBEITUNG = "IN_BEARBEITUNG", _("In Bearbeitung")
    BESCHIEDEN = "BESCHIEDEN", _("Beschieden")
    WEITERGELEITET = "WEITERGELEITET", _("An Fachverfahren übergeben")
    ABGESCHLOSSEN = "ABGESCHLOSSEN", _("Abgeschlossen")
    ZU_LOESCHEN = "ZU_LOESCHEN", _("Zu löschen")


class Channel(models.TextChoices):
    OZG_CLOUD = "ozg_cloud", _("Formularserver (OZG-Cloud-Schnittstelle)")
    API = "api", _("Eingangs-API")
    FIT_CONNECT = "fit_connect", _("FIT-Connect")
    MANUAL = "manual", _("Manuell erfasst")
    DEMO = "demo", _("Demo-Daten")


class Case(models.Model):
    """A case. Its state changes only through ``openvorgang.cases.services``, which checks the
    rules, bumps ``version`` (optimistic locking) and writes the history entry."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("Vorgangsnummer"), max_length=40, unique=True)
    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )

    service_key = models.CharField(_("Leistungsschlüssel"), max_length=14, blank=True)
    service_name = models.CharField(_("Leistung"), max_length=300, blank=True)
    leika_keys = models.JSONField(_("Leistungsschlüssel (alle)"), default=list, blank=True)
    form_id = models.CharField(_("Formular-ID"), max_length=200, blank=True)
    form_name = models.CharField(_("Formular"), max_length=300, blank=True)
    channel = models.CharField(_("Eingangskanal"), max_length=32, choices=Channel.choices)
    received_at = models.DateTimeField(_("Eingegangen"))
    region_key = models.CharField(_("Regionalschlüssel"), max_length=12, blank=True)
    # Routing: how the case found its org unit (step, explanation, rule, candidates).
    routing = models.JSONField(_("Zuständigkeitsfindung"), default=dict, blank=True)
    in_clearing = models.BooleanField(_("in der Clearingstelle"), default=False)

    applicant_name = models.CharField(_("Antragsteller/in"), max_length=300, blank=True)
    applicant_street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    applicant_postal_code = models.CharField(_("PLZ"), max_length=10, blank=True)
    applicant_city = models.CharField(_("Ort"), max_length=200, blank=True)
    applicant_email = models.EmailField(_("E-Mail"), blank=True)
    applicant_phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    applicant_mailbox_ref = models.CharField(_("Postfach-Referenz"), max_length=300, blank=True)
    applicant_mailbox_type = models.CharField(_("Postfach-Typ"), max_length=50, blank=True)
    applicant_trust_level = models.CharField(_("Vertrauensniveau"), max_length=100, blank=True)
    # Consent to electronic delivery of the decision (FIT-Connect
    # zustimmungZumDigitalenBescheid); None: not asked. Without it the letter is proposed.
    decision_consent = models.BooleanField(
        _("Zustimmung zum digitalen Bescheid"), null=True, blank=True
    )

    form_data = models.JSONField(_("Formulardaten"), default=list, blank=True)

    file_number = models.CharField(_("Aktenzeichen"), max_length=100, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("Bearbeiter/in"),
    )
    # The assignee's name as the list sorts by it (kept by the write path and on renames).
    assignee_name = models.CharField(max_length=300, blank=True, default="")
    status = models.CharField(
        _("Status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEU
    )
    status_since = models.DateTimeField(_("Status seit"))
    status_before_deletion_mark = models.CharField(
        max_length=20, choices=CaseStatus.choices, blank=True
    )
    # The last day of the running processing deadline (openvorgang.deadlines keeps it; empty
    # while none runs: no rule, paused, or ended). The list sorts and warns by it.
    due_on = models.DateField(_("Frist bis"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The search document is rebuilt by the worker for cases marked stale (every change).
    search_stale = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Vorgang")
        verbose_name_plural = _("Vorgänge")
        # The list filters: tenant + status / org unit / assignee, newest first (keyset on
        # received_at, id). Each index ends with the keyset columns.
        indexes = [
            models.Index(fields=["tenant", "status", "-received_at", "-id"], name="case_t_st_rcv"),
            models.Index(
                fields=["tenant", "org_unit", "status", "-received_at", "-id"], name="case_t_ou_rcv"
            ),
            models.Index(
                fields=["tenant", "assignee", "status", "-received_at", "-id"],
                name="case_t_asg_rcv",
            ),
            models.Index(fields=["tenant", "-received_at", "-id"], name="case_t_rcv"),
            models.Index(fields=["tenant", "service_key", "-received_at"], name="case_t_svc_rcv"),
            # the list's sortable columns: each with the received-at and id tie-breakers
            models.Index(
                fields=["tenant", "service_name", "received_at", "id"], name="case_t_svcname"
            ),
            models.Index(
                fields=["tenant", "applicant_name", "received_at", "id"], name="case_t_appl"
            ),
            models.Index(
                fields=["tenant", "assignee_name", "received_at", "id"], name="case_t_asgname"
            ),
            # the "Frist" sort: open deadlines first, empty ones last (PostgreSQL's NULL order)
            models.Index(fields=["tenant", "due_on", "received_at", "id"], name="case_t_due"),
            # … and within one status (a rare status would otherwise scan the tenant's cases)
            models.Index(
                fields=["tenant", "status", "due_on", "received_at", "id"], name="case_t_st_due"
            ),
            models.Index(
                fields=["tenant", "-received_at", "-id"],
                condition=models.Q(in_clearing=True),
                name="case_clearing",
            ),
            models.Index(
                fields=["received_at"], condition=models.Q(search_stale=True), name="case_stale"
            ),
            # statistics: the open backlog by status, per tenant and across tenants
            models.Index(
                fields=["status", "tenant"],
                condition=models.Q(
                    status__in=[
                        "NEU",
                        "ANGENOMMEN",
                        "IN_BEARBEITUNG",
                        "BESCHIEDEN",
                        "WEITERGELEITET",
                        "ZU_LOESCHEN",
                    ]
                ),
                name="case_open_status",
            ),
            # retention: closed cases by the time they were closed
            models.Index(
                fields=["tenant", "status_since"],
                condition=models.Q(status__in=["ABGESCHLOSSEN", "VERWORFEN"]),
                name="case_closed_since",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def applicant_address(self) -> str:
        city = " ".join(p for p in (self.applicant_postal_code, self.applicant_city) if p)
        return ", ".join(p for p in (self.applicant_street, city) if p)


class CaseFileKind(models.TextChoices):
    REPRESENTATION = "representation", _("Antragsdokument (PDF)")
    ATTACHMENT = "attachment", _("Anlage")
    COMMENT = "comment", _("Datei zu einem Kommentar")
    MESSAGE = "message", _("Datei einer Nachricht")
    LETTER = "letter", _("Brief zum Versand per Post")
    DECISION = "decision", _("Bescheid")


class ScanStatus(models.TextChoices):
    UNSCANNED = "unscanned", _("ungeprüft (kein Virenscanner eingerichtet)")
    PENDING = "pending", _("wird auf Schadsoftware geprüft")
    CLEAN = "clean", _("geprüft, ohne Befund")
    INFECTED = "infected", _("Schadsoftware gefunden – gesperrt")
    GENERATED = "generated", _("von OpenVorgang erzeugt")


class CaseFile(models.Model):
    """A file of a case, stored through Django's storage API under a generated name. Files
    from outside are scanned for malware when a scanner is configured; only files that are
    clean, generated here or (with no scanner) unscanned can be downloaded."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=CaseFileKind.choices)
    storage_name = models.CharField(max_length=300, unique=True)
    original_name = models.CharField(_("Dateiname"), max_length=255)
    media_type = models.CharField(_("Medientyp"), max_length=150)
    size = models.BigIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(max_length=64)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    scan_status = models.CharField(
        _("Virenprüfung"), max_length=20, choices=ScanStatus.choices, default=ScanStatus.UNSCANNED
    )
    scan_finding = models.CharField(_("Befund"), max_length=200, blank=True)
    scanned_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Datei")
        verbose_name_plural = _("Dateien")
        ordering = ["case", "kind", "position", "created_at"]
        indexes = [
            # the few files waiting for or blocked by the virus scan (metrics, re-queueing)
            models.Index(
                fields=["scan_status"],
                condition=models.Q(scan_status__in=["pending", "infected"]),
                name="casefile_scan_open",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(kind="representation"),
                name="casefile_one_representation",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def downloadable(self) -> bool:
        """Clean, generated here, or stored while no scanner was configured."""
        return self.scan_status in (ScanStatus.UNSCANNED, ScanStatus.CLEAN, ScanStatus.GENERATED)


class EventKind(models.TextChoices):
    CREATED = "created", _("Eingegangen")
    STATUS = "status", _("Status geändert")
    ASSIGNED = "assigned", _("Zuweisung geändert")
    FILE_NUMBER = "file_number", _("Aktenzeichen geändert")
    FILE_ADDED = "file_added", _("Datei hinzugefügt")
    ROUTED = "routed", _("Zuständigkeit geklärt")
    FORWARDED = "forwarded", _("Weitergeleitet")
    DECISION = "decision", _("Bescheid versandt")
    EXPORT = "export", _("Export an DMS/Fachverfahren")
    FILED = "filed", _("Veraktet")
    FILE_QUARANTINED = "file_quarantined", _("Datei gesperrt (Schadsoftware)")
    DEADLINE = "deadline", _("Bearbeitungsfrist")
    DOCUMENT_REQUEST = "document_request", _("Nachforderung")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("Die Vorgangshistorie ist unveränderlich (append-only).")

    def delete(self) -> NoReturn:
        raise TypeError("Die Vorgangshistorie ist unveränderlich (append-only).")


class CaseEvent(models.Model):
    """One entry in a case's history. Append-only: entries are never changed or removed (they
    go only together with the whole case at final deletion)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("Zeitpunkt"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(_("durch"), max_length=300)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    action = models.CharField(max_length=40, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("Begründung"), blank=True)
    undoes = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case_version = models.PositiveIntegerField()
    # the writing transaction (PostgreSQL trigger; 0 on SQLite): the feeds read in this order
    txid = models.BigIntegerField(default=0, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Historieneintrag")
        verbose_name_plural = _("Historie")
        ordering = ["case", "id"]
        indexes = [
            models.Index(fields=["case", "-id"], name="caseevent_case_latest"),
            # what a mail-room user changed within the undo window (it keeps sight of it)
            models.Index(fields=["actor", "at"], name="caseevent_actor_at"),
            models.Index(fields=["txid", "id"], name="caseevent_commit_order"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Die Vorgangshistorie ist unveränderlich (append-only).")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Die Vorgangshistorie ist unveränderlich (append-only).")


class CaseForwarding(models.Model):
    """What the sending side keeps of a forwarded case: number, date, to whom and why. Its
    content goes with the case to the receiving side."""

    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, related_name="+")
    case_number = models.CharField(_("Vorgangsnummer"), max_length=40)
    at = models.DateTimeField(_("Weitergeleitet am"))
    from_tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_name = models.CharField(_("von"), max_length=500)
    to_tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    to_org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_name = models.CharField(_("an"), max_length=500)
    actor_name = models.CharField(_("durch"), max_length=300)
    reason = models.TextField(_("Begründung"))

    class Meta:
        verbose_name = _("Weiterleitung")
        verbose_name_plural = _("Weiterleitungen")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["from_tenant", "-at", "-id"], name="fwd_from_at")]

    def __str__(self) -> str:
        return f"{self.case_number} → {self.to_name}"


class CaseNumberSequence(models.Model):
    """The last number handed out per prefix and year."""

    prefix = models.CharField(max_length=6)
    year = models.PositiveIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="casenumber_prefix_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_value}"


class StagedFile(models.Model):
    """A file being written to storage for a case whose transaction has not committed yet.
    Written (committed) before the file, removed in the case's transaction. A row that outlives
    the grace period marks a file left behind by a crash; the sweep job removes both."""

    storage_name = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.storage_name


class CaseTombstone(models.Model):
    """What remains of a finally deleted case: its number and the fact of deletion, no content
    and no personal data."""

    case_id = models.UUIDField(unique=True)
    number = models.CharField(max_length=40, unique=True)
    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, null=True, related_name="+")
    service_key = models.CharField(max_length=14, blank=True)
    received_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField()
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    deleted_by_name = models.CharField(max_length=300)
    reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Löschnachweis")
        verbose_name_plural = _("Löschnachweise")

    def __str__(self) -> str:
        return self.number
