"""Nachforderung: the request goes out with its items, date, follow-up and (optionally) the
Hemmung; the applicant's answer ties a file to each item, marks the request fulfilled or
partly fulfilled, and lets the clock run again; bad input writes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.test import Client

from openvorgang.cases.errors import ActionForbidden, ActionNotAllowed, InvalidInput
from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case, CaseEvent, CaseStatus, EventKind
from openvorgang.casework.models import FollowUp
from openvorgang.deadlines.models import CaseDeadline, DeadlineState
from openvorgang.deadlines.tests.conftest import at, set_rule, sync
from openvorgang.document_requests.models import (
    DocumentRequest,
    RequestableDocument,
    RequestState,
)
from openvorgang.document_requests.services import request_answer, request_create
from openvorgang.mailbox.access import access_link
from openvorgang.mailbox.models import Direction, Message
from openvorgang.testing.factories import PDF_BYTES, make_case

D = dt.date
TODAY = D(2026, 3, 10)


@pytest.fixture
def case(world, service):
    set_rule(service, amount=30, unit="tage")  # received 2 March: ends 1 April
    case = make_case(
        org_unit=world.unit,
        status=CaseStatus.IN_BEARBEITUNG,
        assignee=world.caseworker,
        received_at=at(D(2026, 3, 2)),
        applicant_name="Erika Mustermann",
        files=False,
    )
    case.applicant_email = "erika@example.org"
    case.save(update_fields=["applicant_email"])
    sync()
    case.refresh_from_db()
    return case


def _pdf(name: str) -> IncomingFile:
    return IncomingFile(io.BytesIO(PDF_BYTES), name)


def _ask(world, case, **extra):
    values = {
        "items": ["Lageplan", "Vollmacht"],
        "reply_by": D(2026, 3, 24),
        "pause": True,
        **extra,
    }
    with time_machine.travel(at(TODAY), tick=False):
        return request_create(case=case, actor=world.caseworker, **values)


def test_a_request_goes_out_with_follow_up_and_stops_the_clock(world, case):
    request = _ask(world, case, note="Der Lageplan im Maßstab 1:500.")
    assert [i.label for i in request.items.all()] == ["Lageplan", "Vollmacht"]
    letter = Message.objects.get(case=case, direction=Direction.OUT)
    assert letter.subject == "Nachforderung von Unterlagen"
    assert "– Lageplan" in letter.text
    assert "24.03.2026" in letter.text
    assert "/antragsraum/" in letter.text
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.due_on == D(2026, 3, 25)
    assert follow_up.assignee == world.caseworker
    deadline = CaseDeadline.objects.get(case=case)
    assert deadline.state == DeadlineState.PAUSED
    assert request.pause is not None
    assert request.pause.started_on == TODAY
    assert CaseEvent.objects.filter(case=case, kind=EventKind.DOCUMENT_REQUEST).count() == 1


def test_a_full_answer_fulfils_it_and_the_clock_runs_again(world, case):
    request = _ask(world, case)
    lageplan, vollmacht = request.items.all()
    with time_machine.travel(at(D(2026, 3, 17)), tick=False):
        done = request_answer(
            case=case,
            request=request,
            files={lageplan.pk: _pdf("Lageplan.pdf"), vollmacht.pk: _pdf("Vollmacht.pdf")},
        )
    assert done.state == RequestState.FULFILLED
    names = [i.case_file.original_name for i in done.items.all()]
    assert names == ["Lageplan.pdf", "Vollmacht.pdf"]
    deadline = CaseDeadline.objects.get(case=case)
    assert deadline.state == DeadlineState.RUNNING
    assert deadline.due_on == D(2026, 4, 8)  # 1 April + 7 days stood still
    case.refresh_from_db()
    assert case.due_on == D(2026, 4, 8)
    assert FollowUp.objects.get(case=case).done_at is not None
    reply = Message.objects.get(case=case, direction=Direction.IN)
    assert reply.files.count() == 2


def test_a_partial_answer_leaves_the_rest_open_but_restarts_the_clock(world, case):
    request = _ask(world, case)
    lageplan, vollmacht = request.items.all()
    with time_machine.travel(at(D(2026, 3, 12)), tick=False):
        partly = request_answer(case=case, request=request, files={lageplan.pk: _pdf("L.pdf")})
    assert partly.state == RequestState.PARTLY
    assert CaseDeadline.objects.get(case=case).state == DeadlineState.RUNNING
    assert FollowUp.objects.get(case=case).done_at is None
    with pytest.raises(InvalidInput):  # the item is answered: no second file for it
        request_answer(case=case, request=partly, files={lageplan.pk: _pdf("L2.pdf")})
    with time_machine.travel(at(D(2026, 3, 13)), tick=False):
        done = request_answer(case=case, request=request, files={vollmacht.pk: _pdf("V.pdf")})
    assert done.state == RequestState.FULFILLED
    with pytest.raises(ActionNotAllowed, match="schon beantwortet"):
        request_answer(case=case, request=done, files={}, text="Noch etwas")


def test_without_a_running_deadline_the_clock_cannot_be_stopped(world, case):
    CaseDeadline.objects.filter(case=case).delete()
    with pytest.raises(ActionNotAllowed, match="keine Bearbeitungsfrist"):
        _ask(world, case)
    assert not DocumentRequest.objects.exists()
    request = _ask(world, case, pause=False)
    assert request.pause is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"items": [" ", ""]}, "mindestens eine"),
        ({"items": ["x" * 301]}, "länger als 300"),
        ({"items": [f"U{i}" for i in range(21)]}, "Höchstens 20"),
        ({"reply_by": TODAY}, "nach dem heutigen Tag"),
        ({"reply_by": D(2026, 3, 1)}, "nach dem heutigen Tag"),
        ({"reply_by": D(2027, 6, 1)}, "mehr als ein Jahr"),
    ],
)
def test_bad_requests_write_nothing(world, case, extra, message):
    with pytest.raises(InvalidInput, match=message):
        _ask(world, case, **extra)
    assert not DocumentRequest.objects.exists()
    assert not Message.objects.exists()
    assert CaseDeadline.objects.get(case=case).state == DeadlineState.RUNNING


def test_one_open_request_at_a_time_and_only_caseworkers_ask(world, case):
    _ask(world, case)
    with pytest.raises(ActionNotAllowed, match="schon eine offene"):
        _ask(world, case, pause=False)
    Case.objects.filter(pk=case.pk).update(assignee=None)  # in the mail room's sight
    case.refresh_from_db()
    with pytest.raises(ActionForbidden), time_machine.travel(at(TODAY), tick=False):
        request_create(
            case=case,
            actor=world.poststelle,
            items=["x"],
            reply_by=D(2026, 3, 20),
            pause=False,
        )


def test_an_empty_answer_is_refused(world, case):
    request = _ask(world, case)
    with pytest.raises(InvalidInput, match="mindestens eine Datei"):
        request_answer(case=case, request=request, files={})


def test_the_antragsraum_shows_an_upload_per_item_and_takes_the_answer(world, case):
    request = _ask(world, case)
    lageplan, vollmacht = request.items.all()
    path = "/antragsraum/" + access_link(case=case).split("/antragsraum/", 1)[1]
    client = Client()
    page = client.get(path).content.decode()
    assert f'name="unterlage-{lageplan.pk}"' in page
    assert "Bitte reichen Sie bis zum 24.03.2026 nach" in page
    answer = client.post(
        f"{path}nachforderung/{request.pk}/",
        {f"unterlage-{vollmacht.pk}": io.BytesIO(PDF_BYTES)},
        follow=True,
    ).content.decode()
    assert "Es fehlen noch welche" in answer
    request.refresh_from_db()
    assert request.state == RequestState.PARTLY
    # another case's secret cannot answer this request
    other = make_case(org_unit=world.unit, files=False)
    other_path = "/antragsraum/" + access_link(case=other).split("/antragsraum/", 1)[1]
    response = client.post(f"{other_path}nachforderung/{request.pk}/", {})
    assert response.status_code == 404


def test_the_case_page_offers_the_tenants_documents(world, case):
    RequestableDocument.objects.create(tenant=world.tenant, service_key="", label="Personalausweis")
    RequestableDocument.objects.create(
        tenant=world.tenant, service_key=case.service_key, label="Lageplan"
    )
    RequestableDocument.objects.create(tenant=world.tenant, service_key="99999999999999", label="X")
    client = Client()
    client.force_login(world.caseworker)
    page = client.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert "Unterlagen nachfordern" in page
    assert 'value="Personalausweis"' in page
    assert 'value="Lageplan"' in page
    assert 'value="X"' not in page
    with time_machine.travel(at(TODAY), tick=False):
        done = client.post(
            f"/vorgaenge/{case.pk}/nachforderung/",
            {
                "unterlage": ["Lageplan"],
                "weitere": "Vollmacht\n\nBauzeichnung",
                "bis": "24.03.2026",
                "hemmen": "1",
                "version": str(case.version),
            },
            follow=True,
        ).content.decode()
    assert "Nachforderung versandt" in done
    request = DocumentRequest.objects.get(case=case)
    assert [i.label for i in request.items.all()] == ["Lageplan", "Vollmacht", "Bauzeichnung"]
