"""factory_boy factories for the test suites."""

from __future__ import annotations

import io
from typing import Any

import factory
from django.utils import timezone

from openvorgang.accounts.models import Role, User
from openvorgang.cases import incoming, services
from openvorgang.cases.models import Case, CaseStatus, Channel
from openvorgang.tenants.models import OrgUnit, Tenant, TenantKind

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    slug = factory.Sequence(lambda n: f"mandant-{n}")
    name = factory.Sequence(lambda n: f"Gemeinde Test {n}")
    kind = TenantKind.GEMEINDE
    ars = factory.Sequence(lambda n: f"0105{n:08d}")
    case_number_prefix = factory.Sequence(lambda n: f"T{n}")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Amt {n}")
    oe_id = factory.Sequence(lambda n: f"oe-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Mustermann{n}")
    tenant = factory.SubFactory(TenantFactory)
    roles: Any = factory.LazyFunction(lambda: [Role.SACHBEARBEITUNG])
    password = factory.django.Password("Geheim-Passwort-1")

    @factory.post_generation
    def org_units(self, create: bool, extracted: list[OrgUnit] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.org_units.set(extracted)


def make_case(
    *,
    org_unit: OrgUnit | None = None,
    tenant: Tenant | None = None,
    status: CaseStatus = CaseStatus.NEU,
    assignee: User | None = None,
    files: bool = True,
    **overrides: Any,
) -> Case:
    """A case created through the real service (history, number, files), then moved to
    ``status`` directly (tests of transitions start from any state)."""
    tenant = tenant or (org_unit.tenant if org_unit else TenantFactory())
    data = incoming.NewCase(
        channel=overrides.pop("channel", Channel.API),
        tenant=tenant,
        org_unit=org_unit,
        leika_keys=overrides.pop("leika_keys", ["99050012104000"]),
        service_name=overrides.pop("service_name", "Gewerbe Anmeldung"),
        form_name="Gewerbeanmeldung",
        applicant=incoming.Applicant(name=overrides.pop("applicant_name", "Jürgen Schäfer")),
        form_data=overrides.pop(
            "form_data", [{"name": "taetigkeit", "label": "Tätigkeit", "stringValue": "Café"}]
        ),
        representation=incoming.IncomingFile(io.BytesIO(PDF_BYTES), "Antrag.pdf")
        if files
        else None,
        attachments=[incoming.IncomingFile(io.BytesIO(b"Hallo Welt"), "../notiz.txt")]
        if files
        else [],
        received_at=overrides.pop("received_at", None),
    )
    case = services.case_create(data=data)
    changes: dict[str, Any] = {**overrides}
    if status != CaseStatus.NEU:
        changes.update(status=status, status_since=timezone.now())
        if status == CaseStatus.ZU_LOESCHEN:
            changes.setdefault("status_before_deletion_mark", CaseStatus.ABGESCHLOSSEN)
    if assignee is not None:
        changes.update(assignee=assignee, assignee_name=assignee.display_name)
    if changes:
        Case.objects.filter(pk=case.pk).update(**changes)
        case.refresh_from_db()
    return case
