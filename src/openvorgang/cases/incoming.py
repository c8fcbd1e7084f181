"""What a channel hands over to create a case: the applicant, the files and the submission."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from openvorgang.tenants.models import OrgUnit, Tenant


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
    # The channel's name for the part it came in ("attachment[2]", "attachment:<id>"), for
    # naming it in a refusal.
    part: str = ""


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
