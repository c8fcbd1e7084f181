"""A small directory: Land → Kreis → Amt → two Gemeinden, and a kreisfreie Stadt."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from openvorgang.directory.models import Region, Responsibility, Service
from openvorgang.tenants.models import OrgUnit, Tenant
from openvorgang.testing.factories import OrgUnitFactory, TenantFactory

GEWERBE = "99050012104000"
HUND = "99102013104000"
BAUM = "99093003001000"

LAND, KREIS, AMT, DORF, NACHBAR, STADT = (
    "010000000000",
    "010580000000",
    "010585833000",
    "010585833001",
    "010585833002",
    "010020000000",
)


@dataclass
class Directory:
    kreis: Tenant
    amt: Tenant
    stadt: Tenant
    kreis_bau: OrgUnit
    amt_ordnung: OrgUnit
    amt_finanzen: OrgUnit
    stadt_gewerbe: OrgUnit

    def rule(self, leika: str, ars: str, unit: OrgUnit) -> Responsibility:
        return Responsibility.objects.create(
            service=Service.objects.get(leika_key=leika),
            region=Region.objects.get(ars=ars),
            org_unit=unit,
        )


@pytest.fixture
def directory(db: None) -> Directory:
    land = Region.objects.create(ars=LAND, ags="01", name="Schleswig-Holstein", kind="land")
    kreis = Region.objects.create(
        ars=KREIS, ags="01058", name="Rendsburg-Eckernförde", kind="kreis", parent=land
    )
    amt = Region.objects.create(ars=AMT, name="Amt Hüttener Berge", kind="amt", parent=kreis)
    Region.objects.create(ars=DORF, ags="01058001", name="Ascheffel", kind="gemeinde", parent=amt)
    Region.objects.create(
        ars=NACHBAR, ags="01058002", name="Brekendorf", kind="gemeinde", parent=amt
    )
    Region.objects.create(
        ars=STADT, ags="01002000", name="Kiel", kind="kreisfreie_stadt", parent=land
    )
    for key, name in ((GEWERBE, "Gewerbe Anmeldung"), (HUND, "Hundesteuer"), (BAUM, "Baum")):
        Service.objects.create(leika_key=key, name=name)
    kreis_tenant = TenantFactory(name="Kreis Rendsburg-Eckernförde", ars=KREIS, kind="kreis")
    amt_tenant = TenantFactory(name="Amt Hüttener Berge", ars=AMT, kind="amt")
    stadt_tenant = TenantFactory(name="Landeshauptstadt Kiel", ars=STADT, kind="kreisfreie_stadt")
    return Directory(
        kreis=kreis_tenant,
        amt=amt_tenant,
        stadt=stadt_tenant,
        kreis_bau=OrgUnitFactory(tenant=kreis_tenant, name="Naturschutz", oe_id="kreis-natur"),
        amt_ordnung=OrgUnitFactory(tenant=amt_tenant, name="Ordnungsamt", oe_id="amt-ordnung"),
        amt_finanzen=OrgUnitFactory(tenant=amt_tenant, name="Finanzen", oe_id="amt-finanzen"),
        stadt_gewerbe=OrgUnitFactory(tenant=stadt_tenant, name="Gewerbeamt", oe_id="kiel-gew"),
    )
