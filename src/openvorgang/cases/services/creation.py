"""Creating a case from a submission."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, override

from openvorgang.accounts.models import User
from openvorgang.cases.errors import (
    InvalidInput,
)
from openvorgang.cases.formdata import normalize_form_data
from openvorgang.cases.incoming import Applicant, NewCase
from openvorgang.cases.models import (
    Case,
    CaseEvent,
    CaseFileKind,
    CaseStatus,
    Channel,
    EventKind,
)
from openvorgang.cases.numbering import next_case_number
from openvorgang.cases.services.files import Stored, file_rows, staged_files, storage_name_for
from openvorgang.lib.files import clean_file_name, store_stream
from openvorgang.lib.keys import validate_leika_key
from openvorgang.lib.text import unstorable_path

logger = logging.getLogger(__name__)


CreatedHook = Callable[[Case], None]


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
    names = [storage_name_for(case_id, file_id) for _, _, file_id in planned]
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
            file_rows(case, stored)
            case.number = next_case_number(tenant=data.tenant, on=received_at)
            case.save(force_insert=True)
            CaseEvent.objects.create(
                case=case,
                at=timezone.now(),
                actor=actor,
                actor_name=actor.display_name if actor else _intake_name(data.channel),
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


def _intake_name(channel: str) -> str:
    """Who wrote the first history entry: the channel, in the installation's language (the
    entry is stored; the sender's Accept-Language must not decide it)."""
    with override(settings.LANGUAGE_CODE):
        if channel in Channel.values:
            return gettext("Eingang: %(channel)s") % {"channel": Channel(channel).label}
        return gettext("Eingang")


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
