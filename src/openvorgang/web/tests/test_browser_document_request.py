"""The Nachforderung round trip in a real browser (Playwright + Debian Chromium): the
caseworker asks for two documents and stops the clock, the applicant uploads one file per
document in the Antragsraum, and the caseworker sees the request fulfilled, the files, and
the processing deadline running again with its end moved by the days it stood still."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from openvorgang.cases.models import CaseStatus
from openvorgang.deadlines.feed import process_feed
from openvorgang.deadlines.models import CaseDeadline, DeadlineState
from openvorgang.directory.deadline_rules import RuleValues, rule_replace
from openvorgang.directory.models import Service
from openvorgang.document_requests.models import DocumentRequest, RequestState
from openvorgang.mailbox.access import access_link
from openvorgang.testing.factories import PDF_BYTES
from openvorgang.web.tests.browser import axe_violations, log_in

pytestmark = pytest.mark.browser


def test_caseworker_requests_applicant_uploads_clock_resumes(office, page, live_server):
    _, worker, case = office
    service, _ = Service.objects.get_or_create(
        leika_key=case.service_key, defaults={"name": case.service_name}
    )
    with time_machine.travel(case.received_at - dt.timedelta(days=1)):
        rule_replace(
            service=service,
            tenant=None,
            values=RuleValues(amount=3, unit="monate"),
            changed_by_name="Test",
        )
    case.status = CaseStatus.IN_BEARBEITUNG
    case.assignee = worker
    case.save(update_fields=["status", "assignee"])
    while process_feed():
        pass
    due_before = CaseDeadline.objects.get(case=case).due_on
    url = live_server.url

    log_in(page, url, worker.username)
    page.goto(f"{url}/vorgaenge/{case.pk}/#nachrichten")
    page.get_by_text("Unterlagen nachfordern …").click()
    page.get_by_label("Fehlende Unterlagen (eine je Zeile)").fill("Lageplan\nVollmacht")
    page.get_by_label("Bearbeitungsfrist hemmen, bis die Antwort kommt").check()
    page.get_by_role("button", name="Nachforderung senden").click()
    expect(page.get_by_text("Nachforderung versandt")).to_be_visible()
    expect(page.get_by_text("Die Bearbeitungsfrist ist gehemmt")).to_be_visible()
    assert CaseDeadline.objects.get(case=case).state == DeadlineState.PAUSED

    applicant = page.context.browser.new_context(locale="de-DE", bypass_csp=True).new_page()
    secret_path = access_link(case=case).split("/antragsraum/", 1)[1]
    applicant.goto(f"{url}/antragsraum/{secret_path}")
    expect(
        applicant.get_by_role("heading", name="Bitte reichen Sie bis zum", exact=False)
    ).to_be_visible()
    assert axe_violations(applicant) == []
    for label in ("Lageplan", "Vollmacht"):
        applicant.get_by_label(label, exact=True).set_input_files(
            files=[{"name": f"{label}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
        )
    applicant.get_by_role("button", name="Unterlagen senden").click()
    expect(applicant.get_by_text("alle angeforderten Unterlagen sind eingegangen")).to_be_visible()
    applicant.context.close()

    request = DocumentRequest.objects.get(case=case)
    assert request.state == RequestState.FULFILLED
    deadline = CaseDeadline.objects.get(case=case)
    assert deadline.state == DeadlineState.RUNNING
    assert deadline.due_on is not None
    assert deadline.due_on >= due_before

    page.goto(f"{url}/vorgaenge/{case.pk}/")  # loaded again (not only the fragment)
    page.locator('[data-tab="nachrichten"]').click()
    panel = page.locator("#nachrichten")
    expect(panel.get_by_text("erfüllt", exact=True)).to_be_visible()
    expect(panel.get_by_role("link", name="Lageplan.pdf").first).to_be_visible()
    page.locator('[data-tab="frist"]').click()
    expect(page.locator("#frist").get_by_text("Nachforderung: Lageplan; Vollmacht")).to_be_visible()
