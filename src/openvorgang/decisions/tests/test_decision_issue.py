"""Issuing a decision: PDF/A document on the case, sent through the channel, BESCHIEDEN with
hash, dispatch time and Bekanntgabe in the history; all or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.files.storage import default_storage

from openvorgang.cases.errors import ActionForbidden, ActionNotAllowed, CaseConflict, InvalidInput
from openvorgang.cases.models import CaseEvent, CaseFile, CaseStatus, EventKind
from openvorgang.decisions.models import Decision, DecisionKind, DecisionTemplate
from openvorgang.decisions.services import decision_issue, decision_preview
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.models import Message, MessageState
from openvorgang.testing.factories import make_case
from openvorgang.testing.pdfa import pdf_text, pdfa_problems

BODY = """Sehr geehrte/r {{ antragsteller.name }},

Ihrem Antrag vom {{ vorgang.eingang|date:"d.m.Y" }} auf {{ vorgang.leistung }} wird stattgegeben.
Tätigkeit: {{ antrag.taetigkeit }}

{% if freitext %}{{ freitext }}{% endif %}

Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe
Widerspruch erhoben werden."""

ADDRESS = {
    "applicant_street": "Holstenstraße 1",
    "applicant_postal_code": "24103",
    "applicant_city": "Kiel",
}


@pytest.fixture
def template(world):
    return DecisionTemplate.objects.create(
        tenant=world.tenant,
        kind=DecisionKind.APPROVAL,
        name="Gewerbe – Bewilligung",
        subject="Ihr Antrag {{ vorgang.nummer }}",
        body=BODY,
    )


def _case(world, **extra):
    return make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG, **{**ADDRESS, **extra})


@time_machine.travel(dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC), tick=False)
def test_decision_by_post_without_consent(world, template):
    case = _case(world, applicant_email="j@example.org")
    decision = decision_issue(
        case=case, actor=world.caseworker, template=template, freitext="Auflage: keine."
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.BESCHIEDEN
    assert decision.channel == "post"  # no consent: the letter, although email is known
    assert decision.bekanntgabe == dt.date(2026, 11, 30)  # Saturday → Monday
    document = CaseFile.objects.get(kind="decision", case=case)
    with default_storage.open(document.storage_name, "rb") as f:
        data = f.read()
    assert decision.sha256 == hashlib.sha256(data).hexdigest() == document.sha256
    assert pdfa_problems(data) == []
    text = pdf_text(data)
    for expected in (
        "Bescheid",
        "Jürgen Schäfer",
        "Tätigkeit: Café",
        "Auflage: keine.",
        f"Ihr Antrag {case.number}",
        "Rechtsbehelfsbelehrung",
    ):
        assert expected in text
    event = CaseEvent.objects.get(case=case, kind=EventKind.DECISION)
    assert event.after["status"] == CaseStatus.BESCHIEDEN
    assert event.after["bescheid"]["sha256"] == decision.sha256
    assert event.after["bescheid"]["bekanntgabe"] == "2026-11-30"
    assert event.after["bescheid"]["channel"] == "post"
    run_until_idle("test")
    message = Message.objects.get(is_decision=True)
    assert message.state == MessageState.TO_POST
    assert list(message.files.values_list("case_file_id", flat=True)) == [document.pk]


def test_decision_with_consent_goes_electronically(world, template):
    case = _case(world, applicant_email="j@example.org", decision_consent=True)
    decision = decision_issue(case=case, actor=world.caseworker, template=template)
    assert decision.channel == "antragsraum"
    run_until_idle("test")
    assert Message.objects.get(is_decision=True).state == MessageState.SENT


def test_missing_variable_is_a_clear_error_and_nothing_is_kept(world):
    broken = DecisionTemplate.objects.create(
        tenant=world.tenant,
        kind=DecisionKind.REJECTION,
        name="x",
        subject="Ablehnung",
        body="Ihr Hund {{ antrag.hundename }} wird nicht angemeldet.",
    )
    case = _case(world)
    with pytest.raises(InvalidInput, match=r"antrag\.hundename"):
        decision_issue(case=case, actor=world.caseworker, template=broken)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_BEARBEITUNG
    assert not Decision.objects.exists()
    assert not CaseFile.objects.filter(kind="decision").exists()
    assert not Message.objects.exists()


def test_stale_version_keeps_nothing(world, template):
    case = _case(world)
    with pytest.raises(CaseConflict):
        decision_issue(
            case=case,
            actor=world.caseworker,
            template=template,
            expected_version=case.version - 1,
        )
    assert not CaseFile.objects.filter(kind="decision").exists()
    assert not Message.objects.exists()


def test_rules_status_role_tenant_and_way(world, template):
    with pytest.raises(ActionNotAllowed):
        decision_issue(
            case=make_case(org_unit=world.unit), actor=world.caseworker, template=template
        )
    case = _case(world)
    with pytest.raises(ActionForbidden):
        decision_issue(case=case, actor=world.poststelle, template=template)
    foreign = DecisionTemplate.objects.create(
        tenant=world.foreign_tenant, kind="approval", name="f", subject="s", body="b"
    )
    with pytest.raises(InvalidInput, match="gehört nicht"):
        decision_issue(case=case, actor=world.caseworker, template=foreign)
    homeless = make_case(org_unit=world.unit, status=CaseStatus.IN_BEARBEITUNG)
    with pytest.raises(InvalidInput, match="Kein Zustellweg"):
        decision_issue(case=homeless, actor=world.caseworker, template=template)


def test_preview_is_a_pdf_and_changes_nothing(world, template):
    case = _case(world)
    data = decision_preview(case=case, actor=world.caseworker, template=template)
    assert pdfa_problems(data) == []
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_BEARBEITUNG
    assert not CaseFile.objects.filter(kind="decision").exists()
