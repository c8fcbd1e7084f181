"""Loads the demo data set: tenants with real Schleswig-Holstein keys, org units, users for
every role and about 1,000 cases in all states with German form data, a PDF representation,
attachments and a history that matches each case's state. Idempotent: every object has a stable
key; what exists is left alone, so loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from django.db import transaction
from django.utils import timezone

from openvorgang.accounts.models import Role, User
from openvorgang.accounts.services import user_upsert
from openvorgang.cases import incoming, services
from openvorgang.cases.models import Case, CaseStatus, Channel
from openvorgang.demo import casework as demo_casework
from openvorgang.demo import catalog, forms, pdf
from openvorgang.demo import deadlines as demo_deadlines
from openvorgang.demo.decisions import decide, decision_setup
from openvorgang.directory import importer
from openvorgang.directory.models import Region, Responsibility, Service
from openvorgang.intake.targets import target_for
from openvorgang.tenants.models import OrgUnit, Tenant
from openvorgang.tenants.services import german_slug, orgunit_upsert, tenant_upsert

DEMO_PASSWORD = "Demo-Vorgang-2026"  # noqa: S105 - printed at start, demo only # nosec B105
DIRECTORY_DATA = Path(importer.__file__).resolve().parent / "data"
NAMESPACE = uuid.UUID("6f1d7c1e-9a55-4d43-9a3e-0b7c2f0d2a61")
PLATFORM = catalog.TenantSpec(
    "land-sh",
    "Land Schleswig-Holstein – Plattformbetrieb",
    "landesbehoerde",
    "010000000000",
    "SHB",
    "24105",
    "Kiel",
    0,
    (),
)


@dataclass
class LoadResult:
    tenants: int
    users: int
    cases_created: int
    cases_total: int


@dataclass(frozen=True)
class Staff:
    poststelle: User
    caseworkers: list[User]
    deleter: User


@contextmanager
def _clock(at: dt.datetime) -> Iterator[None]:
    """History timestamps in the demo follow the story of each case, not the load time."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def load(
    *, cases: int = 1000, seed: int = 2026, progress: Callable[[str], None] = print
) -> LoadResult:
    rnd = random.Random(seed)  # nosec B311 - demo data, not security
    staff: dict[str, Staff] = {}
    units: dict[str, list[tuple[OrgUnit, catalog.UnitSpec]]] = {}
    user_count = 0
    for spec in (*catalog.TENANTS, PLATFORM):
        tenant, _ = tenant_upsert(
            name=spec.name,
            kind=spec.kind,
            ars=spec.ars,
            slug=spec.slug,
            case_number_prefix=spec.prefix,
        )
        created_units = []
        for index, unit_spec in enumerate(spec.units):
            unit, _ = orgunit_upsert(
                tenant=tenant,
                name=unit_spec.name,
                oe_id=catalog.oe_id(spec, index),
                email=f"{unit_spec.key}@{spec.slug}.example.org",
            )
            created_units.append((unit, unit_spec))
        units[spec.slug] = created_units
        decision_setup(tenant, spec.city)
        people, n = _users(tenant, spec, [u for u, _ in created_units])
        user_count += n
        if people is not None:
            staff[spec.slug] = people
    progress(f"{len(catalog.TENANTS) + 1} Mandanten, {user_count} Benutzer bereit.")
    rules = _directory(units)
    progress(f"Zuständigkeitsverzeichnis: Regionen und Leistungen des Landes, {rules} Regeln.")
    demo_deadlines.rules_setup(_clock)
    demo_deadlines.documents_setup()
    demo_casework.text_modules_setup()
    gemeinden = _gemeinden()

    weights = [spec.weight for spec in catalog.TENANTS]
    now = timezone.now()
    existing = set(Case.objects.filter(channel=Channel.DEMO).values_list("id", flat=True))
    created = 0
    new_ids: list[uuid.UUID] = []
    plan = []
    for i in range(cases):
        spec = rnd.choices(catalog.TENANTS, weights=weights)[0]
        age = dt.timedelta(minutes=rnd.randint(10, 120 * 24 * 60))
        plan.append((i, spec, now - age, rnd.random(), rnd.randint(0, 2**31)))
    for i, spec, received, fate, case_seed in plan:
        case_id = uuid.uuid5(NAMESPACE, f"demo-case-{i}")
        if case_id in existing:
            continue
        _make_case(
            case_id,
            spec,
            units[spec.slug],
            staff[spec.slug],
            received,
            fate,
            random.Random(case_seed),  # nosec B311 - demo data, not security
            gemeinden,
        )
        created += 1
        new_ids.append(case_id)
        if created % 100 == 0:
            progress(f"{created} Vorgänge angelegt …")
    demo_deadlines.stage(new_ids, clock=_clock, rnd=rnd)
    demo_casework.cover_setup()
    states = ", ".join(f"{n} {label}" for label, n in demo_deadlines.summary().items())
    progress(f"Bearbeitungsfristen: {states}.")
    return LoadResult(
        tenants=Tenant.objects.count(),
        users=user_count,
        cases_created=created,
        cases_total=Case.objects.filter(channel=Channel.DEMO).count(),
    )


def _users(
    tenant: Tenant, spec: catalog.TenantSpec, units: list[OrgUnit]
) -> tuple[Staff | None, int]:
    def make(
        username: str, roles: list[str], org_units: list[OrgUnit], person: tuple[str, str]
    ) -> User:
        user, _ = user_upsert(
            tenant=tenant,
            username=username,
            roles=roles,
            org_units=org_units,
            password=DEMO_PASSWORD,
            first_name=person[0],
            last_name=person[1],
            email=f"{username}@{spec.slug}.example.org",
        )
        return user

    if spec is PLATFORM:
        make("land.betrieb", [Role.LAND_BETRIEB], [], ("Lars", "Betriebsmann"))
        return None, 1
    offset = sum(map(ord, spec.slug)) % len(catalog.STAFF)
    person = lambda k: catalog.STAFF[(offset + k) % len(catalog.STAFF)]  # noqa: E731
    poststelle = make(f"{spec.slug}.poststelle", [Role.POSTSTELLE], [], person(0))
    first = make(f"{spec.slug}.sachbearbeitung", [Role.SACHBEARBEITUNG], units, person(1))
    second = make(f"{spec.slug}.sachbearbeitung2", [Role.SACHBEARBEITUNG], units[:1], person(2))
    deleter = make(f"{spec.slug}.loeschen", [Role.LOESCHBERECHTIGT], [], person(3))
    make(f"{spec.slug}.admin", [Role.MANDANTEN_ADMIN], [], person(4))
    return Staff(poststelle=poststelle, caseworkers=[first, second], deleter=deleter), 5


# The path of actions that brings a new case to each state.
PATHS: dict[CaseStatus, list[str]] = {
    CaseStatus.NEU: [],
    CaseStatus.ANGENOMMEN: ["assign", "annehmen"],
    CaseStatus.VERWORFEN: ["verwerfen"],
    CaseStatus.IN_BEARBEITUNG: ["assign", "annehmen", "bearbeiten", "aktenzeichen"],
    CaseStatus.BESCHIEDEN: ["assign", "annehmen", "bearbeiten", "aktenzeichen", "bescheiden"],
    CaseStatus.ABGESCHLOSSEN: [
        "assign",
        "annehmen",
        "bearbeiten",
        "aktenzeichen",
        "bescheiden",
        "abschliessen",
    ],
    CaseStatus.ZU_LOESCHEN: [
        "assign",
        "annehmen",
        "bearbeiten",
        "aktenzeichen",
        "bescheiden",
        "abschliessen",
        "zum_loeschen_markieren",
    ],
}


def _target_state(received: dt.datetime, fate: float) -> CaseStatus:
    age_days = (timezone.now() - received).days
    if age_days < 2:
        return CaseStatus.NEU if fate < 0.8 else CaseStatus.ANGENOMMEN
    if age_days < 14:
        table = [
            (0.25, CaseStatus.NEU),
            (0.45, CaseStatus.ANGENOMMEN),
            (0.9, CaseStatus.IN_BEARBEITUNG),
            (0.95, CaseStatus.VERWORFEN),
            (1.0, CaseStatus.BESCHIEDEN),
        ]
    else:
        table = [
            (0.04, CaseStatus.NEU),
            (0.1, CaseStatus.ANGENOMMEN),
            (0.35, CaseStatus.IN_BEARBEITUNG),
            (0.45, CaseStatus.BESCHIEDEN),
            (0.88, CaseStatus.ABGESCHLOSSEN),
            (0.94, CaseStatus.VERWORFEN),
            (1.0, CaseStatus.ZU_LOESCHEN),
        ]
    return next(state for bound, state in table if fate < bound)


def _directory(units: dict[str, list[tuple[OrgUnit, catalog.UnitSpec]]]) -> int:
    """The Land's regions and services (real keys) and a rule for every service of every demo
    unit at its tenant's region; each tenant's first unit is its default."""
    for name in ("sh-regions.csv", "leika-services.csv"):
        importer.import_directory((DIRECTORY_DATA / name).read_bytes(), name=name)
    regions = {r.ars: r for r in Region.objects.all()}
    services_by_key = {s.leika_key: s for s in Service.objects.all()}
    count = 0
    for spec in catalog.TENANTS:
        for index, (unit, unit_spec) in enumerate(units[spec.slug]):
            if index == 0 and not unit.is_default:
                unit.is_default = True
                unit.save(update_fields=["is_default"])
            for key in unit_spec.services:
                Responsibility.objects.get_or_create(
                    service=services_by_key[key], region=regions[spec.ars], org_unit=unit
                )
                count += 1
    return count


def _gemeinden() -> list[str]:
    return list(
        Region.objects.filter(kind__in=["gemeinde", "stadt"])
        .order_by("ars")
        .values_list("ars", flat=True)
    )


def _make_case(
    case_id: uuid.UUID,
    spec: catalog.TenantSpec,
    units: list[tuple[OrgUnit, catalog.UnitSpec]],
    staff: Staff,
    received: dt.datetime,
    fate: float,
    rnd: random.Random,
    gemeinden: list[str],
) -> None:
    unit, unit_spec = rnd.choice(units)
    key = rnd.choice(unit_spec.services)
    # Most forms name their office (OrganisationsEinheitID), others only the place; a few come
    # from a Gemeinde that no tenant here serves (clearing).
    elsewhere = rnd.random() < 0.03 and gemeinden
    target = target_for(
        sender_tenant_id=None,
        oe_id=unit.oe_id if rnd.random() < 0.5 and not elsewhere else "",
        ars=rnd.choice(gemeinden) if elsewhere else spec.ars,
        leika_keys=[key],
    )
    service_name = catalog.leika_names()[key]
    first, last = rnd.choice(catalog.FIRST_NAMES), rnd.choice(catalog.LAST_NAMES)
    email_local = german_slug(f"{first} {last}").replace("-", ".").lower()
    person = {
        "first": first,
        "last": last,
        "street": f"{rnd.choice(catalog.STREETS)} {rnd.randint(1, 120)}",
        "postal_code": spec.postal_code,
        "city": spec.city,
        "email": f"{email_local}@example.org",
        "phone": f"0{rnd.randint(400, 499)} {rnd.randint(100000, 9999999)}",
    }
    birth = dt.date(rnd.randint(1945, 2004), rnd.randint(1, 12), rnd.randint(1, 28))
    items = [
        forms.applicant_group(person, birth),
        *forms.service_items(key, rnd, received.date(), spec.city),
    ]
    form_name = f"{service_name} – Online-Antrag"
    representation = pdf.form_pdf(
        title=form_name,
        subtitle=f"{spec.name} · eingereicht am {received:%d.%m.%Y %H:%M}",
        items=items,
    )
    attachments = []
    if rnd.random() < 0.6:
        attachments.append(
            incoming.IncomingFile(
                io.BytesIO(
                    pdf.letter_pdf(
                        title="Nachweis",
                        lines=[
                            f"{first} {last}",
                            person["street"],
                            f"{spec.postal_code} {spec.city}",
                            "Kopie eines Nachweises für den Antrag.",
                        ],
                    )
                ),
                "Nachweis.pdf",
            )
        )
    if rnd.random() < 0.35:
        attachments.append(
            incoming.IncomingFile(
                io.BytesIO(pdf.png_image(seed=rnd.randint(0, 50))), "Foto Lageplan.png"
            )
        )
    trust = rnd.choice(["STORK-QAA-LEVEL-1", "STORK-QAA-LEVEL-3", "STORK-QAA-LEVEL-4", ""])
    with _clock(received):
        case = services.case_create(
            data=incoming.NewCase(
                case_id=case_id,
                channel=Channel.DEMO,
                **target.case_fields(),
                leika_keys=[key],
                service_name=service_name,
                form_id=f"demo/{key}",
                form_name=form_name,
                received_at=received,
                applicant=incoming.Applicant(
                    name=f"{first} {last}",
                    street=person["street"],
                    postal_code=spec.postal_code,
                    city=spec.city,
                    email=person["email"],
                    phone=person["phone"],
                    mailbox_ref=f"osi-{uuid.uuid5(NAMESPACE, email_local)}" if trust else "",
                    mailbox_type="OSI" if trust else "",
                    trust_level=trust,
                    decision_consent=rnd.random() < 0.7 if trust else None,
                ),
                form_data=items,
                representation=incoming.IncomingFile(io.BytesIO(representation), "Antrag.pdf"),
                attachments=attachments,
            )
        )
    if case.org_unit_id != unit.pk:  # routed elsewhere: it waits there as new
        return
    caseworker = rnd.choice(
        [w for w in staff.caseworkers if unit.pk in w.org_unit_ids] or staff.caseworkers[:1]
    )
    at = received
    # Demo actions lie in the past, outside the undo window of the people who will log in.
    latest = timezone.now() - dt.timedelta(minutes=30)
    for step in PATHS[_target_state(received, fate)]:
        at = max(at, min(at + dt.timedelta(hours=rnd.randint(2, 72)), latest))
        with _clock(at), transaction.atomic():
            _step(case, step, staff, caseworker, rnd)


def _step(case: Case, step: str, staff: Staff, caseworker: User, rnd: random.Random) -> None:
    if step == "assign":
        services.case_assign(case=case, actor=staff.poststelle, assignee=caseworker)
    elif step == "aktenzeichen":
        unit = case.org_unit.oe_id[-2:] if case.org_unit else "00"
        number = f"{unit}.{rnd.randint(10, 99)}.{case.number[-6:]}"
        services.case_set_file_number(case=case, actor=caseworker, file_number=number)
    elif step == "verwerfen":
        services.case_transition(
            case=case,
            actor=staff.poststelle,
            action="verwerfen",
            reason="Doppelt eingereicht; der Antrag wird unter der früheren Nummer bearbeitet.",
        )
    elif step == "bescheiden":
        decide(case, caseworker, rnd)
    else:
        services.case_transition(case=case, actor=caseworker, action=step)


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, tenant) of the demo users worth trying first."""
    rows = [
        (f"kiel.{suffix}", label, "Landeshauptstadt Kiel")
        for suffix, label in (
            ("poststelle", "Poststelle"),
            ("sachbearbeitung", "Sachbearbeitung (alle Ämter)"),
            ("sachbearbeitung2", "Sachbearbeitung (Gewerbeamt)"),
            ("loeschen", "Löschberechtigt"),
            ("admin", "Mandanten-Admin"),
        )
    ]
    rows.append(("luebeck.sachbearbeitung", "Sachbearbeitung", "Hansestadt Lübeck"))
    rows.append(("land.betrieb", "Land-Betrieb", PLATFORM.name))
    return rows
