"""The browser tests' fixtures: one Chromium per test process, a page per test, and the office
(a tenant with a mail room, a caseworker, a case and a decision template)."""

from __future__ import annotations

import pytest

from openvorgang.accounts.models import Role
from openvorgang.decisions.models import DecisionKind, DecisionTemplate
from openvorgang.testing.factories import OrgUnitFactory, TenantFactory, UserFactory, make_case
from openvorgang.web.tests.browser import chromium, page

__all__ = ["chromium", "page"]  # fixtures


@pytest.fixture
def office(transactional_db):
    tenant = TenantFactory(name="Stadt Musterhausen", case_number_prefix="MH")
    unit = OrgUnitFactory(tenant=tenant, name="Gewerbeamt")
    post = UserFactory(
        tenant=tenant,
        username="post",
        first_name="Paula",
        last_name="Post",
        roles=[Role.POSTSTELLE],
    )
    worker = UserFactory(
        tenant=tenant,
        username="sb",
        first_name="Sven",
        last_name="Sachbearbeiter",
        org_units=[unit],
    )
    case = make_case(
        org_unit=unit,
        applicant_name="Jürgen Schäfer",
        applicant_email="j.schaefer@example.org",
        decision_consent=True,
        form_data=[
            {"name": "betrieb", "label": "Betrieb", "items": [
                {"name": "firma", "label": "Firma", "type": "string", "value": "Schäfer GmbH"},
            ]},
        ],
    )  # fmt: skip
    DecisionTemplate.objects.create(
        tenant=tenant,
        kind=DecisionKind.APPROVAL,
        name="Gewerbe genehmigt",
        subject="Ihre Gewerbeanmeldung",
        body="Sehr geehrter {{ antragsteller.name }},\n\nfür {{ antrag.firma }} erteilt.\n\n"
        "{{ freitext }}",
    )
    return post, worker, case
