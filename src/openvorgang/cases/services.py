"""Every write to a case goes through this module. Each function checks the actor's scope and
role and the case's state, writes the change with optimistic locking (the case's ``version``
must still be the one the actor saw, otherwise CaseConflict) and appends the history entry in
the same transaction."""

from __future__ import annotations

import datetime as dt
import logging
import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import IO, Any, TypeVar

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import Role, User
from openvorgang.cases import scanning, selectors, workflow
from openvorgang.cases.errors import (
    ActionForbidden,
    ActionNotAllowed,
    CaseConflict,
    CaseNotFound,
    InvalidInput,
)
from openvorgang.cases.formdata import normalize_form_data
from openvorgang.cases.models import (
    Case,
    CaseEvent,
    CaseFile,
    CaseFileKind,
    CaseForwarding,
    CaseStatus,
    CaseTombstone,
    EventKind,
    StagedFile,
)
from openvorgang.cases.numbering import next_case_number
from openvorgang.cases.policy import (
    Capability,
    allows,
    may_route_from_clearing,
    roles_for_case,
    state_allows,
)
from openvorgang.cases.workflow import TRANSITIONS, Transition
from openvorgang.lib.files import StoredFile, clean_file_name, store_stream
from openvorgang.lib.keys import validate_leika_key
from openvorgang.lib.text import unstorable_path
from openvorgang.tenants.models import OrgUnit, Tenant

logger = logging.getLogger(__name__)
T = TypeVar("T")

MAX_REASON_LENGTH = 2000
_FILE_NUMBER_RE = re.compile(r"^[^\x00-\x1f\x7f]{0,100}$")


# --- creation ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    name: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""
    mailbox_ref: str = ""
    mailbox_type: str = ""
    trust_level: str = ""
    # FIT-Connect zustimmungZumDigitalenBescheid: True, False (refused) or None (not asked).
    decision_consent: bool | None = None


@dataclass(frozen=True)
class IncomingFile:
    stream: IO[bytes]
    name: str


@dataclass(frozen=True)
class NewCase:
    channel: str
    tenant: Tenant | None = None
    org_unit: OrgUnit | None = None
    leika_keys: Sequence[str] = ()
    service_name: str = ""
    form_id: str = ""
    form_name: str = ""
    received_at: dt.datetime | None = None
    applicant: Applicant = field(default_factory=Applicant)
    form_data: object = field(default_factory=list)
    representation: IncomingFile | None = None
    attachments: Sequence[IncomingFile] = ()
    case_id: uuid.UUID | None = None
    # Zuständigkeitsfindung: the region key of the submission and the routing decision.
    region_key: str = ""
    routing: dict[str, Any] = field(default_factory=dict)
    in_clearing: bool = False


CreatedHook = Callable[[Case], None]


def _storage_name(case_id: uuid.UUID, file_id: uuid.UUID) -> str:
    return f"cases/{case_id.hex[:2]}/{case_id}/{file_id}"


def case_create(
    *, data: NewCase, actor: User | None = None, on_created: CreatedHook | None = None
) -> Case:
    """Create a complete case from a submission: files first (streamed to storage), then the
    case, its file records, its number and the history entry in one transaction. If anything
    fails, the stored files are removed again: there is either the whole case or nothing.
    ``on_created`` runs inside the transaction (e.g. to record the submission that led to the
    case); if it raises, nothing is kept."""
    if data.org_unit is not None and (
        data.tenant is None or data.org_unit.tenant_id != data.tenant.pk
    ):
        raise InvalidInput(
            gettext("Die Organisationseinheit gehört nicht zum angegebenen Mandanten.")
        )
    leika_keys = list(dict.fromkeys(data.leika_keys))
    for key in leika_keys:
        try:
            validate_leika_key(key)
        except Exception as exc:
            raise InvalidInput(
                gettext("Ungültiger Leistungsschlüssel %(key)r: 14 Ziffern erwartet.")
                % {"key": key}
            ) from exc
    form_data = normalize_form_data(data.form_data)
    texts = {
        "applicant": asdict(data.applicant),
        "serviceName": data.service_name,
        "formId": data.form_id,
        "formName": data.form_name,
        "regionKey": data.region_key,
    }
    if bad := unstorable_path(texts):
        raise InvalidInput(
            gettext("%(field)s: enthält ein unzulässiges Steuer- oder Ersatzzeichen.")
            % {"field": bad}
        )
    case_id = data.case_id or uuid.uuid4()
    received_at = data.received_at or timezone.now()

    incoming = [(CaseFileKind.REPRESENTATION, data.representation)] if data.representation else []
    incoming += [(CaseFileKind.ATTACHMENT, f) for f in data.attachments]
    planned = [(kind, upload, uuid.uuid4()) for kind, upload in incoming]
    stored: list[Stored] = []
    names = [_storage_name(case_id, file_id) for _, _, file_id in planned]
    with staged_files(names) as staging:
        for (kind, upload, file_id), storage_name in zip(planned, names, strict=True):
            result = store_stream(upload.stream, storage_name=storage_name)
            stored.append((kind, clean_file_name(upload.name), file_id, result))
        with transaction.atomic():
            staging.settle()
            case = Case(
                id=case_id,
                tenant=data.tenant,
                org_unit=data.org_unit,
                service_key=leika_keys[0] if leika_keys else "",
                service_name=data.service_name[:300],
                leika_keys=leika_keys,
                form_id=data.form_id[:200],
                form_name=data.form_name[:300],
                channel=data.channel,
                received_at=received_at,
                status=CaseStatus.NEU,
                status_since=received_at,
                form_data=form_data,
                region_key=data.region_key[:12],
                routing=data.routing,
                in_clearing=data.in_clearing,
                **_applicant_fields(data.applicant),
            )
            # Files first (foreign keys are checked at commit), the number late: its row lock
            # is held from here to the commit, so as few statements as possible follow it.
            _file_rows(case, stored)
            case.number = next_case_number(tenant=data.tenant, on=received_at)
            case.save(force_insert=True)
            CaseEvent.objects.create(
                case=case,
                at=timezone.now(),
                actor=actor,
                actor_name=actor.display_name if actor else f"Eingang ({data.channel})",
                kind=EventKind.CREATED,
                after={
                    "status": CaseStatus.NEU,
                    "number": case.number,
                    "files": [name for _, name, _, _ in stored],
                    **({"routing": data.routing.get("explanation", "")} if data.routing else {}),
                },
                case_version=case.version,
            )
            if on_created is not None:
                on_created(case)
    return case


def _applicant_fields(applicant: Applicant) -> dict[str, Any]:
    return {
        "decision_consent": applicant.decision_consent,
        "applicant_name": applicant.name[:300],
        "applicant_street": applicant.street[:200],
        "applicant_postal_code": applicant.postal_code[:10],
        "applicant_city": applicant.city[:200],
        "applicant_email": applicant.email[:254],
        "applicant_phone": applicant.phone[:50],
        "applicant_mailbox_ref": applicant.mailbox_ref[:300],
        "applicant_mailbox_type": applicant.mailbox_type[:50],
        "applicant_trust_level": applicant.trust_level[:100],
    }


@dataclass(frozen=True)
class Staging:
    names: list[str]

    def settle(self) -> None:
        """Call inside the transaction that records the files: they are no longer orphans."""
        StagedFile.objects.filter(storage_name__in=self.names).delete()


@contextmanager
def staged_files(names: list[str]) -> Iterator[Staging]:
    """Record (and commit) the storage names about to be written, before writing them. If the
    block fails, the files are removed at once; if the process dies before the transaction
    that calls ``settle`` commits, the sweep finds and removes them later."""
    if names:
        _journal(names)
    try:
        yield Staging(names)
    except BaseException:
        remove_stored(names)
        raise


def _journal(names: list[str]) -> None:
    """One multi-row INSERT (in autocommit mode a statement of its own, committed at once;
    ``bulk_create`` would wrap it in BEGIN … COMMIT, two more round trips per submission)."""
    table = connection.ops.quote_name(StagedFile._meta.db_table)
    now = StagedFile._meta.get_field("created_at").get_db_prep_value(
        timezone.now(), connection, prepared=False
    )
    rows = ", ".join(["(%s, %s)"] * len(names))
    with connection.cursor() as cursor:
        # the table name and the placeholders are made in code; the values are parameters
        cursor.execute(  # nosemgrep: ov-no-sql-string-building
            f"INSERT INTO {table} (storage_name, created_at) VALUES {rows}",  # noqa: S608 # nosec B608
            [value for name in names for value in (name, now)],
        )


def case_files_store(
    *,
    case: Case,
    uploads: Sequence[IncomingFile],
    kind: CaseFileKind,
    write: Callable[[list[CaseFile]], T],
    first_position: int = 0,
) -> T:
    """Stream ``uploads`` to storage (journalled, see ``staged_files``), then in one
    transaction create their file records and call ``write`` with them (to record what the
    files belong to). If anything fails, nothing is kept: no rows, no stored bytes."""
    planned = [(upload, uuid.uuid4()) for upload in uploads]
    names = [_storage_name(case.pk, file_id) for _, file_id in planned]
    with staged_files(names) as staging:
        stored = [
            (upload, file_id, store_stream(upload.stream, storage_name=name))
            for (upload, file_id), name in zip(planned, names, strict=True)
        ]
        with transaction.atomic():
            staging.settle()
            files = _file_rows(
                case,
                [(kind, clean_file_name(u.name), file_id, result) for u, file_id, result in stored],
                first_position=first_position,
            )
            return write(files)


Stored = tuple[CaseFileKind, str, uuid.UUID, StoredFile]  # kind, clean name, id, what was stored


def _file_rows(case: Case, stored: Sequence[Stored], *, first_position: int = 0) -> list[CaseFile]:
    """The file records of files just stored, in order, with their virus scans queued (call
    inside the transaction that records what the files belong to)."""
    files = CaseFile.objects.bulk_create(
        CaseFile(
            id=file_id,
            case=case,
            kind=kind,
            storage_name=result.storage_name,
            original_name=name,
            media_type=result.media_type,
            size=result.size,
            sha256=result.sha256,
            position=first_position + index,
            scan_status=scanning.initial_status(kind),
        )
        for index, (kind, name, file_id, result) in enumerate(stored)
    )
    scanning.enqueue(files)
    return files


def remove_stored(names: Sequence[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # pragma: no cover - logged; the staged row stays for the sweep
            logger.exception("could not remove stored file %s", name)
            continue
        StagedFile.objects.filter(storage_name=name).delete()


def sweep_staged_files(*, older_than: dt.timedelta) -> int:
    """Remove files whose case never committed (the writing process died), and their staging
    rows. A staged name that did become a case file (only possible if the row survived a
    commit, which it cannot) is kept. Returns the number of files removed."""
    cutoff = timezone.now() - older_than
    removed = 0
    for row in StagedFile.objects.filter(created_at__lt=cutoff).order_by("pk")[:10_000]:
        if CaseFile.objects.filter(storage_name=row.storage_name).exists():
            row.delete()
            continue
        if default_storage.exists(row.storage_name):
            default_storage.delete(row.storage_name)
            removed += 1
        row.delete()
    if removed:
        logger.warning("swept %d files of cases that never committed", removed)
    return removed


# --- the single write path for changes -----------------------------------------------------


def _check_version(case: Case, expected_version: int | None) -> None:
    """A caller that saw an older version acted on a stale view: that is a conflict, whatever
    else would be wrong with the request now."""
    if expected_version is not None and expected_version != case.version:
        raise CaseConflict()


def _actor_roles(case: Case, actor: User) -> frozenset[Role]:
    roles = roles_for_case(actor, case)
    if not roles:
        raise CaseNotFound()
    return roles


def _write(
    case: Case,
    *,
    actor: User | None,
    changes: dict[str, Any],
    kind: EventKind,
    action: str = "",
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str = "",
    undoes: CaseEvent | None = None,
    actor_name: str = "",
) -> CaseEvent:
    """Apply ``changes`` if the case is still at the version the caller loaded (callers check
    the version the client saw with ``_check_version`` first). ``actor`` None is the system
    (e.g. the retention job), named by ``actor_name``."""
    version = case.version
    now = timezone.now()
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, version=version).update(
            **changes, version=version + 1, updated_at=now, search_stale=True
        )
        if updated != 1:
            raise CaseConflict()
        event = CaseEvent.objects.create(
            case=case,
            at=now,
            actor=actor,
            actor_name=actor_name or (actor.display_name if actor else "OpenVorgang"),
            kind=kind,
            action=action,
            before=before,
            after=after,
            reason=reason,
            undoes=undoes,
            case_version=version + 1,
        )
    for name, value in changes.items():
        setattr(case, name, value)
    case.version = version + 1
    case.updated_at = now
    return event


def _clean_reason(reason: str, *, required: bool, label: str) -> str:
    text = (reason or "").strip()
    if required and not text:
        raise InvalidInput(
            gettext("Für „%(action)s“ ist eine Begründung erforderlich.") % {"action": label}
        )
    if len(text) > MAX_REASON_LENGTH:
        raise InvalidInput(
            gettext("Die Begründung ist länger als %(limit)d Zeichen.")
            % {"limit": MAX_REASON_LENGTH}
        )
    return text


def _check_transition(case: Case, roles: frozenset[Role], action: str) -> Transition:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise InvalidInput(gettext("Unbekannte Aktion „%(action)s“.") % {"action": action})
    if case.status not in transition.sources:
        raise ActionNotAllowed(
            gettext("„%(action)s“ ist im Status „%(status)s“ nicht möglich.")
            % {"action": transition.label, "status": CaseStatus(case.status).label}
        )
    if not roles & transition.roles:
        raise ActionForbidden(
            gettext("Ihre Rolle erlaubt „%(action)s“ bei diesem Vorgang nicht.")
            % {"action": transition.label}
        )
    return transition


def case_transition(
    *,
    case: Case,
    actor: User,
    action: str,
    reason: str = "",
    expected_version: int | None = None,
    undoes: CaseEvent | None = None,
) -> CaseEvent | CaseTombstone:
    """Take a workflow step (``annehmen``, ``verwerfen`` … see ``workflow.TRANSITIONS``)."""
    roles = _actor_roles(case, actor)
    _check_version(case, expected_version)
    transition = _check_transition(case, roles, action)
    if transition.via_service:
        raise InvalidInput(
            gettext("„%(action)s“ geht nur über die eigene Funktion im Vorgang.")
            % {"action": transition.label}
        )
    text = _clean_reason(reason, required=transition.reason_required, label=str(transition.label))
    if action == "loeschen":
        return _delete_finally(case, actor=actor, reason=text)
    changes: dict[str, Any]
    if action == "loeschen_zuruecknehmen":
        target = CaseStatus(case.status_before_deletion_mark or CaseStatus.ABGESCHLOSSEN)
        changes = {"status": target, "status_before_deletion_mark": ""}
    else:
        assert transition.target is not None
        target = transition.target
        changes = {"status": target}
        if target == CaseStatus.ZU_LOESCHEN:
            changes["status_before_deletion_mark"] = case.status
    changes["status_since"] = timezone.now()
    return _write(
        case,
        actor=actor,
        changes=changes,
        kind=EventKind.STATUS,
        action=action,
        before={"status": case.status},
        after={"status": target},
        reason=text,
        undoes=undoes,
    )


def case_check_action(*, case: Case, actor: User, action: str) -> None:
    """Raise what ``case_transition`` would raise for ``action`` now (before costly work)."""
    _check_transition(case, _actor_roles(case, actor), action)


def case_decide(
    *,
    case: Case,
    actor: User,
    decision: dict[str, Any],
    expected_version: int | None = None,
) -> CaseEvent:
    """The decision went out: the case becomes BESCHIEDEN and the history entry keeps the
    document, its hash, the channel, the dispatch time and the Bekanntgabe date. Called by
    ``openvorgang.decisions.services`` inside the transaction that stores the decision."""
    return _step_by_service(
        case,
        actor=actor,
        action="bescheiden",
        kind=EventKind.DECISION,
        after={"bescheid": decision},
        expected_version=expected_version,
    )


def case_handover(
    *, case: Case, actor: User, system: str, expected_version: int | None = None
) -> CaseEvent:
    """The case went to a specialist system: WEITERGELEITET, the system named in the history.
    Called by ``openvorgang.records.services.handover`` with the export in one transaction."""
    return _step_by_service(
        case,
        actor=actor,
        action="an_fachverfahren",
        kind=EventKind.STATUS,
        after={"system": system},
        expected_version=expected_version,
    )


def _step_by_service(
    case: Case,
    *,
    actor: User,
    action: str,
    kind: EventKind,
    after: dict[str, Any],
    expected_version: int | None,
) -> CaseEvent:
    """A workflow step taken by an app's own service together with its own work (deciding,
    handing over), with what that service records about it in ``after``."""
    roles = _actor_roles(case, actor)
    _check_version(case, expected_version)
    transition = _check_transition(case, roles, action)
    assert transition.target is not None
    return _write(
        case,
        actor=actor,
        changes={"status": transition.target, "status_since": timezone.now()},
        kind=kind,
        action=action,
        before={"status": case.status},
        after={"status": transition.target, **after},
    )


def _closed_at(case: Case) -> dt.datetime | None:
    """When the case was last closed (ABGESCHLOSSEN or VERWORFEN), from its history."""
    if case.status in workflow.ENDED:
        return case.status_since
    marked = CaseEvent.objects.filter(case=case, after__has_key="closed_at").order_by("-id").first()
    if marked is not None:
        return dt.datetime.fromisoformat(marked.after["closed_at"])
    event = (
        CaseEvent.objects.filter(case=case, after__status__in=list(workflow.ENDED))
        .order_by("-id")
        .first()
    )
    return event.at if event else None


def case_retention_mark(*, case: Case, reason: str) -> CaseEvent:
    """The retention period of a closed case ended: ZU_LOESCHEN, by the system."""
    if case.status not in workflow.ENDED:
        raise ActionNotAllowed(gettext("Nur abgeschlossene oder verworfene Vorgänge laufen ab."))
    return _write(
        case,
        actor=None,
        actor_name="Aufbewahrungsfrist",
        changes={
            "status": CaseStatus.ZU_LOESCHEN,
            "status_before_deletion_mark": case.status,
            "status_since": timezone.now(),
        },
        kind=EventKind.STATUS,
        action="zum_loeschen_markieren",
        before={"status": case.status},
        after={"status": CaseStatus.ZU_LOESCHEN, "closed_at": case.status_since.isoformat()},
        reason=reason,
    )


def case_retention_delete(*, case: Case, reason: str) -> CaseTombstone:
    """Automatic final deletion after the retention period (tenants that chose it)."""
    if case.status != CaseStatus.ZU_LOESCHEN:
        raise ActionNotAllowed(gettext("Nur Vorgänge „Zu löschen“ werden gelöscht."))
    return _delete_finally(case, actor=None, reason=reason, actor_name="Aufbewahrungsfrist")


def _delete_finally(
    case: Case, *, actor: User | None, reason: str, actor_name: str = ""
) -> CaseTombstone:
    version = case.version
    with transaction.atomic():
        # The conditional update locks the row and proves nobody changed the case meanwhile.
        if Case.objects.filter(pk=case.pk, version=version).update(version=version + 1) != 1:
            raise CaseConflict()
        names = list(CaseFile.objects.filter(case=case).values_list("storage_name", flat=True))
        tombstone = CaseTombstone.objects.create(
            case_id=case.pk,
            number=case.number,
            tenant_id=case.tenant_id,
            service_key=case.service_key,
            received_at=case.received_at,
            deleted_at=timezone.now(),
            deleted_by=actor,
            deleted_by_name=actor_name or (actor.display_name if actor else "OpenVorgang"),
            closed_at=_closed_at(case),
            reason=reason,
        )
        Case.objects.filter(pk=case.pk).delete()
        transaction.on_commit(lambda: remove_stored(names))
    logger.info("case %s finally deleted", case.number)
    return tombstone


def case_assign(
    *,
    case: Case,
    actor: User,
    assignee: User | None,
    expected_version: int | None = None,
    undoes: CaseEvent | None = None,
) -> CaseEvent | None:
    """Assign the case to a caseworker of its org unit (or to nobody). No change: no entry."""
    roles = _actor_roles(case, actor)
    _check_version(case, expected_version)
    if not allows(roles, Capability.ASSIGN):
        raise ActionForbidden(gettext("Ihre Rolle erlaubt keine Zuweisung bei diesem Vorgang."))
    if not state_allows(case, Capability.ASSIGN):
        raise ActionNotAllowed(
            gettext("Im Status „%(status)s“ kann der Vorgang nicht zugewiesen werden.")
            % {"status": CaseStatus(case.status).label}
        )
    if assignee is not None and not selectors.is_assignable(case=case, user=assignee):
        raise InvalidInput(
            gettext(
                "%(name)s kann diesen Vorgang nicht bearbeiten (andere "
                "Organisationseinheit oder keine Rolle Sachbearbeitung)."
            )
            % {"name": assignee.display_name}
        )
    if (assignee.pk if assignee else None) == case.assignee_id:
        return None
    previous = case.assignee
    return _write(
        case,
        actor=actor,
        changes={"assignee": assignee},
        kind=EventKind.ASSIGNED,
        action="zuweisen",
        before={"assignee": _person(previous)},
        after={"assignee": _person(assignee)},
        undoes=undoes,
    )


def _person(user: User | None) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": user.display_name}


def case_set_file_number(
    *,
    case: Case,
    actor: User,
    file_number: str,
    expected_version: int | None = None,
    undoes: CaseEvent | None = None,
) -> CaseEvent | None:
    """Set or change the Aktenzeichen (empty clears it). No change: no entry."""
    roles = _actor_roles(case, actor)
    _check_version(case, expected_version)
    if not allows(roles, Capability.FILE_NUMBER):
        raise ActionForbidden(gettext("Ihre Rolle erlaubt nicht, das Aktenzeichen zu ändern."))
    value = (file_number or "").strip()
    if not _FILE_NUMBER_RE.match(value):
        raise InvalidInput(
            gettext("Das Aktenzeichen darf höchstens 100 Zeichen ohne Steuerzeichen haben.")
        )
    if value == case.file_number:
        return None
    return _write(
        case,
        actor=actor,
        changes={"file_number": value},
        kind=EventKind.FILE_NUMBER,
        action="aktenzeichen",
        before={"file_number": case.file_number},
        after={"file_number": value},
        undoes=undoes,
    )


def case_add_file(
    *, case: Case, actor: User, upload: IncomingFile, expected_version: int | None = None
) -> CaseFile:
    """Add an attachment to an existing case (streamed, hashed, media type sniffed)."""
    roles = _actor_roles(case, actor)
    _check_version(case, expected_version)
    if not allows(roles, Capability.ADD_FILE):
        raise ActionForbidden(gettext("Ihre Rolle erlaubt nicht, Dateien hinzuzufügen."))

    def record(files: list[CaseFile]) -> CaseFile:
        case_file = files[0]
        _write(
            case,
            actor=actor,
            changes={},
            kind=EventKind.FILE_ADDED,
            action="datei_hinzufuegen",
            before={},
            after={
                "file": {
                    "id": str(case_file.pk),
                    "name": case_file.original_name,
                    "size": case_file.size,
                }
            },
        )
        return case_file

    return case_files_store(
        case=case,
        uploads=[upload],
        kind=CaseFileKind.ATTACHMENT,
        write=record,
        first_position=CaseFile.objects.filter(case=case).count(),
    )


# --- routing: clearing and forwarding -------------------------------------------------------


def _unit_label(unit: OrgUnit | None, tenant: Tenant | None) -> str:
    if unit is not None:
        return f"{unit.tenant.name}, {unit.name}"
    return tenant.name if tenant is not None else "Clearingstelle des Landes"


def _check_target(unit: OrgUnit) -> None:
    if not unit.active or not unit.tenant.active:
        raise InvalidInput(gettext("%(unit)s ist nicht aktiv.") % {"unit": _unit_label(unit, None)})


def case_route(
    *,
    case: Case,
    actor: User,
    org_unit: OrgUnit,
    note: str = "",
    expected_version: int | None = None,
) -> CaseEvent:
    """Give a case from the clearing inbox to an org unit."""
    if not may_route_from_clearing(actor, case):
        raise CaseNotFound()
    _check_version(case, expected_version)
    _check_target(org_unit)
    if case.tenant_id is not None and org_unit.tenant_id != case.tenant_id:
        raise InvalidInput(
            gettext(
                "Die Poststelle ordnet nur Organisationseinheiten des eigenen Mandanten zu; "
                "an andere Mandanten wird weitergeleitet."
            )
        )
    note = _clean_reason(note, required=False, label="Zuordnen")
    target = _unit_label(org_unit, None)
    explanation = f"manuell zugeordnet durch {actor.display_name} → {target}"
    with transaction.atomic():
        event = _write(
            case,
            actor=actor,
            changes={
                "tenant": org_unit.tenant,
                "org_unit": org_unit,
                "in_clearing": False,
                "routing": {**case.routing, "step": "manual", "explanation": explanation},
            },
            kind=EventKind.ROUTED,
            before={"org_unit": _unit_label(case.org_unit, case.tenant)},
            after={"org_unit": target, "routing": explanation},
            reason=note,
        )
    return event


def case_forward(
    *,
    case: Case,
    actor: User,
    org_unit: OrgUnit,
    reason: str,
    expected_version: int | None = None,
) -> CaseForwarding:
    """Weiterleitung: the case with all its content goes to ``org_unit`` (of this or another
    tenant) and starts there as new and unassigned. The sending side keeps only the trace."""
    roles = _actor_roles(case, actor)
    _check_version(case, expected_version)
    if not allows(roles, Capability.FORWARD):
        raise ActionForbidden(gettext("Ihre Rolle erlaubt keine Weiterleitung bei diesem Vorgang."))
    if not state_allows(case, Capability.FORWARD):
        raise ActionNotAllowed(
            gettext("Im Status „%(status)s“ kann der Vorgang nicht weitergeleitet werden.")
            % {"status": CaseStatus(case.status).label}
        )
    _check_target(org_unit)
    if org_unit.pk == case.org_unit_id:
        raise InvalidInput(gettext("Der Vorgang liegt bereits bei dieser Organisationseinheit."))
    reason = _clean_reason(reason, required=True, label="Weiterleiten")
    source, target = _unit_label(case.org_unit, case.tenant), _unit_label(org_unit, None)
    from_tenant, from_unit = case.tenant, case.org_unit
    now = timezone.now()
    with transaction.atomic():
        _write(
            case,
            actor=actor,
            changes={
                "tenant": org_unit.tenant,
                "org_unit": org_unit,
                "status": CaseStatus.NEU,
                "status_since": now,
                "assignee": None,
                "in_clearing": False,
                "routing": {
                    **case.routing,
                    "step": "forwarded",
                    "explanation": f"weitergeleitet von {source} an {target}",
                },
            },
            kind=EventKind.FORWARDED,
            before={"org_unit": source, "status": case.status},
            after={"org_unit": target, "status": CaseStatus.NEU},
            reason=reason,
        )
        trace = CaseForwarding.objects.create(
            case=case,
            case_number=case.number,
            at=now,
            from_tenant=from_tenant,
            from_org_unit=from_unit,
            from_name=source,
            to_tenant=org_unit.tenant,
            to_org_unit=org_unit,
            to_name=target,
            actor_name=actor.display_name,
            reason=reason,
        )
    return trace


# --- undo ----------------------------------------------------------------------------------


def case_undo(*, case: Case, actor: User) -> CaseEvent:
    """Undo the actor's most recent action on the case, as a new history entry. Possible only
    while it is the case's latest change, within the undo window, and for undoable kinds."""
    _actor_roles(case, actor)
    event = selectors.undoable_event(case=case, user=actor)
    if event is None:
        raise ActionNotAllowed(
            gettext("Es gibt keine Aktion, die Sie hier rückgängig machen können.")
        )
    if event.kind == EventKind.STATUS:
        undo_action = TRANSITIONS[event.action].undo_action
        assert undo_action is not None
        result = case_transition(case=case, actor=actor, action=undo_action, undoes=event)
        assert isinstance(result, CaseEvent)
        return result
    if event.kind == EventKind.ASSIGNED:
        previous_id = (event.before.get("assignee") or {}).get("id")
        previous = User.objects.filter(pk=previous_id).first() if previous_id else None
        result_event = case_assign(case=case, actor=actor, assignee=previous, undoes=event)
    else:
        result_event = case_set_file_number(
            case=case, actor=actor, file_number=event.before.get("file_number", ""), undoes=event
        )
    if result_event is None:  # pragma: no cover - the latest event always changed something
        raise ActionNotAllowed(gettext("Es gibt nichts rückgängig zu machen."))
    return result_event
