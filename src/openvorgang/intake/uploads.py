"""Files a sender uploads ahead of its submission (``POST /api/v1/uploads``): stored and
checked like any intake file, referenced by the submission, consumed with its case."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from openvorgang.cases.services import remove_stored, staged_files
from openvorgang.intake.limits import IntakeProblem, check_file, check_file_count
from openvorgang.intake.models import Sender, Upload
from openvorgang.lib.files import clean_file_name, store_stream


def upload_store(*, sender: Sender, upload: UploadedFile) -> Upload:
    """Check the file (size, type, executables, XML and archive safety) and store it, its row
    written once the bytes are (journalled: a crash in between leaves nothing behind)."""
    check_file(upload)
    upload_id = uuid.uuid4()
    storage_name = f"uploads/{sender.pk}/{upload_id}"
    with staged_files([storage_name]) as staging:
        stored = store_stream(upload, storage_name=storage_name)
        with transaction.atomic():
            staging.settle()
            return Upload.objects.create(
                id=upload_id,
                sender=sender,
                storage_name=stored.storage_name,
                original_name=clean_file_name(upload.name),
                media_type=stored.media_type,
                size=stored.size,
                sha256=stored.sha256,
            )


def uploads_for(*, sender: Sender, ids: Sequence[uuid.UUID]) -> list[Upload]:
    """The sender's unused uploads a submission names, in its order; each at most once."""
    if len(set(ids)) != len(ids):
        raise IntakeProblem(
            400, "invalid_submission", gettext("Ein Upload ist mehrfach angegeben."), part="files"
        )
    check_file_count(len(ids))
    found = {u.pk: u for u in Upload.objects.filter(sender=sender, pk__in=ids)}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise IntakeProblem(
            422,
            "unknown_upload",
            gettext("Unbekannte oder bereits verwendete Uploads: %(ids)s.")
            % {"ids": ", ".join(missing)},
            part="files",
        )
    return [found[i] for i in ids]


def uploads_consume(uploads: Sequence[Upload]) -> None:
    """Uploads a submission used are gone with its case's transaction (files after commit)."""
    if uploads:
        names = [u.storage_name for u in uploads]
        Upload.objects.filter(pk__in=[u.pk for u in uploads]).delete()
        transaction.on_commit(lambda: remove_stored(names))
