"""Status notices to the applicant and the history the Antragsraum shows."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from openvorgang.cases import services
from openvorgang.cases.models import CaseStatus
from openvorgang.jobs.services import job_enqueue
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.access import access_link
from openvorgang.mailbox.notices import applicant_history
from openvorgang.notify.applicant_notices import process_status_feed
from openvorgang.testing.factories import make_case


def test_applicant_hears_of_arrival_progress_and_decision_only(world, settings):
    case = make_case(org_unit=world.unit, applicant_email="j@example.org")
    for action in ("annehmen", "zurueckholen", "annehmen", "bearbeiten"):
        services.case_transition(case=case, actor=world.caseworker, action=action)
    job_enqueue(name="mailbox.status_notices")
    run_until_idle("test")
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        f"Ihr Antrag {case.number} ist eingegangen",
        f"Neuer Stand Ihres Antrags {case.number}: In Bearbeitung",
    ]
    assert all(m.to == ["j@example.org"] for m in mail.outbox)
    assert "/antragsraum/" in mail.outbox[0].body
    assert "Café" not in mail.outbox[0].body  # no form content
    assert process_status_feed() == 0
    settings.OPENVORGANG_APPLICANT_STATUS_NOTICES = ["ANGENOMMEN"]
    services.case_transition(case=case, actor=world.caseworker, action="zurueckstellen")
    process_status_feed()
    run_until_idle("test")
    assert mail.outbox[-1].subject.endswith(": Angenommen")


def test_no_email_no_notice(world):
    make_case(org_unit=world.unit)
    assert process_status_feed() == 1
    run_until_idle("test")
    assert mail.outbox == []


def test_the_antragsraum_history_hides_internal_steps(world):
    case = make_case(org_unit=world.unit, applicant_email="j@example.org")
    services.case_assign(case=case, actor=world.caseworker, assignee=world.colleague)
    services.case_set_file_number(case=case, actor=world.caseworker, file_number="AZ-GEHEIM")
    services.case_transition(case=case, actor=world.caseworker, action="annehmen")
    assert [what for _, what in applicant_history(case=case)] == [
        "Antrag eingegangen",
        "Angenommen",
    ]
    page = Client().get("/antragsraum/" + access_link(case=case).split("/antragsraum/")[1])
    body = page.content.decode()
    assert "· Antrag eingegangen</li>" in body
    assert "· Angenommen</li>" in body
    assert "AZ-GEHEIM" not in body
    assert world.colleague.last_name not in body
    assert str(CaseStatus.ANGENOMMEN.label) in body


def test_the_antragsraum_speaks_english_too(world):
    case = make_case(org_unit=world.unit, applicant_email="j@example.org")
    path = "/antragsraum/" + access_link(case=case).split("/antragsraum/")[1]
    body = Client().get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your application" in body
    assert "Application received" in body


def test_notice_settings_per_tenant_and_service(world):
    import pytest
    from django.core.exceptions import ValidationError

    from openvorgang.mailbox.models import StatusNoticeSetting
    from openvorgang.mailbox.notices import statuses_for

    case = make_case(org_unit=world.unit, applicant_email="j@example.org")  # 99050012104000
    assert statuses_for(case) == {"NEU", "IN_BEARBEITUNG", "BESCHIEDEN"}
    StatusNoticeSetting.objects.create(tenant=world.tenant, statuses=["BESCHIEDEN"])
    assert statuses_for(case) == {"BESCHIEDEN"}
    StatusNoticeSetting.objects.create(
        tenant=world.tenant, service_key="99050012104000", statuses=["NEU", "ANGENOMMEN"]
    )
    assert statuses_for(case) == {"NEU", "ANGENOMMEN"}
    other = make_case(org_unit=world.foreign_unit, applicant_email="x@example.org")
    assert statuses_for(other) == {"NEU", "IN_BEARBEITUNG", "BESCHIEDEN"}
    # the feed uses it: arrival and "Angenommen" for this service, nothing for "In Bearbeitung"
    services.case_transition(case=case, actor=world.caseworker, action="annehmen")
    services.case_transition(case=case, actor=world.caseworker, action="bearbeiten")
    process_status_feed()
    run_until_idle("test")
    mine = [m.subject for m in mail.outbox if m.to == ["j@example.org"]]
    assert mine == [
        f"Ihr Antrag {case.number} ist eingegangen",
        f"Neuer Stand Ihres Antrags {case.number}: Angenommen",
    ]
    with pytest.raises(ValidationError):
        StatusNoticeSetting(tenant=world.tenant, service_key="1", statuses=["GIBTS"]).full_clean()


@pytest.mark.django_db(transaction=True)
def test_a_status_change_committed_late_still_reaches_the_applicant(world):
    """The change that took the smaller history id commits last: the applicant hears of it
    all the same, once (PostgreSQL)."""
    from openvorgang.testing.concurrency import commit_in_reverse

    late = make_case(org_unit=world.unit, applicant_email="spaet@example.org")
    early = make_case(org_unit=world.unit, applicant_email="frueh@example.org")
    process_status_feed()
    run_until_idle("test")
    mail.outbox.clear()

    def start(case):
        services.case_transition(case=case, actor=world.caseworker, action="annehmen")
        services.case_transition(case=case, actor=world.caseworker, action="bearbeiten")

    def read():
        process_status_feed()
        run_until_idle("test")

    commit_in_reverse(lambda: start(late), lambda: start(early), read)
    assert sorted(m.to[0] for m in mail.outbox) == ["frueh@example.org", "spaet@example.org"]
