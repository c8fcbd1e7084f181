"""When exports happen: button, selection, automatically on closing; invalid messages are
never sent; the handover to a specialist system with the pull API."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from openvorgang.audit.models import AuditRecord
from openvorgang.cases.errors import ActionForbidden, InvalidInput
from openvorgang.cases.models import CaseStatus
from openvorgang.cases.services import case_transition
from openvorgang.jobs.worker import run_until_idle
from openvorgang.outbox.models import Delivery
from openvorgang.records.auth import connector_token_issue
from openvorgang.records.models import Export, ExportFormat, ExportState, Purpose
from openvorgang.records.services import export_request, handover
from openvorgang.records.tests.helpers import full_case
from openvorgang.records.xdomea import message as xdomea_message
from openvorgang.testing.factories import PDF_BYTES, make_case


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_closing_files_automatically_for_chosen_services(world, make_connector, tmp_path):
    make_connector(
        kind="dropfolder",
        target=str(tmp_path),
        export_on_close=True,
        export_on_close_services=["99050012104000"],
    )
    filed = full_case(world, status=CaseStatus.BESCHIEDEN)
    other = make_case(
        org_unit=world.unit, status=CaseStatus.BESCHIEDEN, leika_keys=["99123456789000"]
    )
    for case in (filed, other):
        case_transition(case=case, actor=world.caseworker, action="abschliessen")
    from openvorgang.records.jobs_handlers import on_close

    on_close({})
    run_until_idle("test")
    assert list(Export.objects.values_list("case_id", "state")) == [(filed.pk, "sent")]
    assert Export.objects.get().actor_name == "OpenVorgang (automatisch)"


def test_invalid_message_is_never_sent_and_shows_its_error(
    world, make_connector, tmp_path, monkeypatch
):
    connector = make_connector(kind="dropfolder", target=str(tmp_path))
    case = full_case(world, decide=False)
    monkeypatch.setattr(xdomea_message, "MESSAGE_TYPE", "9999")  # not in the code list
    export = export_request(case=case, connector=connector, actor=world.caseworker)
    run_until_idle("test")
    export.refresh_from_db()
    assert export.state == ExportState.INVALID
    assert "ungültig" in export.error
    assert not Delivery.objects.filter(transport__startswith="connector.").exists()
    assert list(tmp_path.iterdir()) == []
    page = _client(world.caseworker).get(f"/vorgaenge/{case.pk}/").content.decode()
    assert "ungültig, nicht gesendet" in page
    assert "Erneut senden" in page


def test_button_and_selection(world, make_connector, tmp_path):
    connector = make_connector(kind="dropfolder", target=str(tmp_path))
    cases = [full_case(world, decide=False) for _ in range(2)]
    client = _client(world.caseworker)
    page = client.get(f"/vorgaenge/{cases[0].pk}/").content.decode()
    assert "Veraktung anstoßen" in page
    answer = client.post(
        f"/vorgaenge/{cases[0].pk}/veraktung/", {"anbindung": connector.pk}, follow=True
    )
    assert "ist in Arbeit" in answer.content.decode()
    bulk = client.post(
        "/vorgaenge/sammelaktion/",
        {"sammelaktion": f"veraktung:{connector.pk}", "ids": [str(c.pk) for c in cases]},
        follow=True,
    )
    assert "2 Vorgänge werden an" in bulk.content.decode()
    run_until_idle("test")
    assert Export.objects.filter(state="sent").count() == 3
    assert len(list(tmp_path.iterdir())) == 3
    exported = AuditRecord.objects.filter(action="export")
    assert exported.count() == 3
    assert set(exported.values_list("user_name", flat=True)) == {world.caseworker.display_name}


def test_only_caseworkers_of_the_case_export(world, make_connector):
    connector = make_connector()
    case = full_case(world, decide=False)
    with pytest.raises(ActionForbidden):
        export_request(case=case, connector=connector, actor=world.poststelle)
    foreign = make_connector(tenant=world.foreign_tenant, name="Fremd")
    with pytest.raises(InvalidInput):
        export_request(case=case, connector=foreign, actor=world.caseworker)


@pytest.fixture
def specialist(make_connector):
    def make(target, **kw):
        return make_connector(
            name="Hundesteuer-Verfahren",
            purpose=Purpose.FACHVERFAHREN,
            kind="http",
            target=target,
            **kw,
        )

    return make


def test_handover_as_json_and_pull_api(world, specialist):
    from openvorgang.testing.http_peer import Answer, running_peer

    with running_peer(lambda r: Answer(202, b"{}")) as peer:
        connector = specialist(peer.url, export_format=ExportFormat.JSON)
        case = full_case(world, decide=False)
        page = _client(world.caseworker).get(f"/vorgaenge/{case.pk}/").content.decode()
        assert "An Fachverfahren übergeben" in page
        export = handover(case=case, connector=connector, actor=world.caseworker)
        run_until_idle("test")
    case.refresh_from_db()
    export.refresh_from_db()
    assert case.status == CaseStatus.WEITERGELEITET
    assert export.state == ExportState.SENT
    sent = json.loads(peer.requests[0].body)
    assert (sent["number"], sent["status"]) == (case.number, "WEITERGELEITET")
    token = connector_token_issue(connector)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    listing = api.get("/api/v1/fachverfahren/cases?status=WEITERGELEITET").json()
    assert [c["number"] for c in listing["results"]] == [case.number]
    detail = api.get(f"/api/v1/fachverfahren/cases/{case.pk}").json()
    pdf = next(f for f in detail["files"] if f["kind"] == "representation")
    download = api.get(pdf["href"])
    assert b"".join(download.streaming_content) == PDF_BYTES
    history = [h["action"] for h in detail["history"]]
    assert "an_fachverfahren" in history
    reads = AuditRecord.objects.filter(user_name="Anbindung Hundesteuer-Verfahren")
    assert sorted(reads.values_list("action", flat=True)) == ["api_read", "download_file"]


def test_pull_api_scope(world, specialist):
    connector = specialist("https://fv.example.org/", api_services=["99123456789000"])
    token = connector_token_issue(connector)
    case = make_case(org_unit=world.unit)  # another service
    foreign = make_case(org_unit=world.foreign_unit, leika_keys=["99123456789000"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/fachverfahren/cases").json()["results"] == []
    for other in (case, foreign):
        assert api.get(f"/api/v1/fachverfahren/cases/{other.pk}").status_code == 404
    assert Client().get("/api/v1/fachverfahren/cases").status_code == 401
    dms = connector.__class__.objects.create(
        tenant=world.tenant, name="DMS", purpose="dms", kind="http", target="https://x/"
    )
    dms_api = Client(HTTP_AUTHORIZATION=f"Bearer {connector_token_issue(dms)}")
    assert dms_api.get("/api/v1/fachverfahren/cases").json()["results"] == []


def test_handover_needs_the_right_status(world, specialist):
    connector = specialist("https://fv.example.org/")
    case = make_case(org_unit=world.unit)  # NEU
    from openvorgang.cases.errors import ActionNotAllowed

    with pytest.raises(ActionNotAllowed):
        handover(case=case, connector=connector, actor=world.caseworker)
    assert not Export.objects.exists()
    with pytest.raises(InvalidInput, match="eigene Funktion"):
        case_transition(
            case=full_case(world, decide=False), actor=world.caseworker, action="an_fachverfahren"
        )


@pytest.mark.django_db(transaction=True)
def test_a_case_closed_in_a_slow_transaction_is_still_filed(world, make_connector, tmp_path):
    """The closing that took the smaller history id commits last: it is filed all the same
    (PostgreSQL)."""
    from openvorgang.records.jobs_handlers import on_close
    from openvorgang.testing.concurrency import commit_in_reverse

    make_connector(kind="dropfolder", target=str(tmp_path), export_on_close=True)
    late = make_case(org_unit=world.unit, status=CaseStatus.BESCHIEDEN)
    early = make_case(org_unit=world.unit, status=CaseStatus.BESCHIEDEN)

    def close(case):
        return case_transition(case=case, actor=world.caseworker, action="abschliessen")

    def file_closed():
        on_close({})
        run_until_idle("test")

    commit_in_reverse(lambda: close(late), lambda: close(early), file_closed)
    assert sorted(Export.objects.values_list("case_id", "state")) == sorted(
        [(late.pk, "sent"), (early.pk, "sent")]
    )
