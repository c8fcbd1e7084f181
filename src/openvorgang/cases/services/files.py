"""Files of a case: streamed to storage under a journal (staged names), recorded in the
transaction that says what they belong to, swept when a process died."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from openvorgang.accounts.models import User
from openvorgang.cases import scanning
from openvorgang.cases.errors import (
    ActionForbidden,
)
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import (
    Case,
    CaseFile,
    CaseFileKind,
    EventKind,
    StagedFile,
)
from openvorgang.cases.policy import (
    Capability,
    allows,
)
from openvorgang.cases.services.core import T, actor_roles, check_version, write_change
from openvorgang.lib.files import StoredFile, clean_file_name, store_stream

logger = logging.getLogger(__name__)


def storage_name_for(case_id: uuid.UUID, file_id: uuid.UUID) -> str:
    return f"cases/{case_id.hex[:2]}/{case_id}/{file_id}"


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
    names = [storage_name_for(case.pk, file_id) for _, file_id in planned]
    with staged_files(names) as staging:
        stored = [
            (upload, file_id, store_stream(upload.stream, storage_name=name))
            for (upload, file_id), name in zip(planned, names, strict=True)
        ]
        with transaction.atomic():
            staging.settle()
            files = file_rows(
                case,
                [(kind, clean_file_name(u.name), file_id, result) for u, file_id, result in stored],
                first_position=first_position,
            )
            return write(files)


Stored = tuple[CaseFileKind, str, uuid.UUID, StoredFile]  # kind, clean name, id, what was stored


def file_rows(case: Case, stored: Sequence[Stored], *, first_position: int = 0) -> list[CaseFile]:
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


def case_add_file(
    *, case: Case, actor: User, upload: IncomingFile, expected_version: int | None = None
) -> CaseFile:
    """Add an attachment to an existing case (streamed, hashed, media type sniffed)."""
    roles = actor_roles(case, actor)
    check_version(case, expected_version)
    if not allows(roles, Capability.ADD_FILE):
        raise ActionForbidden(gettext("Ihre Rolle erlaubt nicht, Dateien hinzuzufügen."))

    def record(files: list[CaseFile]) -> CaseFile:
        case_file = files[0]
        write_change(
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
