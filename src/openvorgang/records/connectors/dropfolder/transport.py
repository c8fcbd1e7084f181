"""Drop folder (a mounted share): the package is copied into the folder under a temporary
name and renamed when complete, so the DMS never picks up half a file."""

from __future__ import annotations

import os
import shutil

from django.core.files.storage import default_storage
from django.utils.translation import gettext, gettext_lazy

from openvorgang.outbox.models import Delivery
from openvorgang.outbox.registry import PermanentError, TransportError, transport
from openvorgang.records.folders import FolderRefused, confined
from openvorgang.records.registry import ConnectorPlugin, TargetRefused, register, transport_name
from openvorgang.records.services import export_for_delivery, export_sent
from openvorgang.tenants.models import Tenant

CHUNK = 1024 * 1024


def _check_folder(target: str, tenant: Tenant) -> None:
    try:
        confined(target, tenant=tenant)
    except FolderRefused as exc:
        raise TargetRefused(str(exc)) from exc


register(
    ConnectorPlugin(
        name="dropfolder",
        label=gettext_lazy("Ablageordner (Netzlaufwerk)"),
        check_target=_check_folder,
    )
)


@transport(transport_name("dropfolder"))
def copy_to_folder(delivery: Delivery) -> int | None:
    export, connector = export_for_delivery(delivery)
    try:  # checked again here: the path or a link in it may have changed since it was saved
        folder = confined(connector.target, tenant=connector.tenant)
    except FolderRefused as exc:
        raise PermanentError(gettext("Ablageordner nicht erlaubt: %(exc)s") % {"exc": exc}) from exc
    if not folder.is_dir():
        raise TransportError(
            gettext("Ablageordner %(folder)s ist nicht erreichbar.") % {"folder": folder}
        )
    final = folder / export.file_name
    partial = folder / f".{export.file_name}.part"
    try:
        with default_storage.open(export.storage_name, "rb") as source, partial.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)
    except FileNotFoundError as exc:
        raise PermanentError(
            gettext("Exportpaket fehlt im Speicher: %(exc)s") % {"exc": exc}
        ) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise TransportError(
            gettext("Ablage in %(folder)s fehlgeschlagen: %(strerror)s")
            % {"folder": folder, "strerror": exc.strerror}
        ) from exc
    export_sent(export, reference="")
    return None
