"""The case mailbox both ways and the Antragsraum's security rules."""

from __future__ import annotations

import datetime as dt
import html
import io

import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import Case, CaseFile, CaseStatus
from openvorgang.jobs.worker import run_until_idle
from openvorgang.mailbox.access import access_link, access_revoke
from openvorgang.mailbox.models import ApplicantAccess, Message, MessageState
from openvorgang.mailbox.services import message_send
from openvorgang.testing.factories import PDF_BYTES, make_case


def _case(world, **kwargs):
    return make_case(org_unit=world.unit, applicant_email="j@example.org", **kwargs)


def _path(case):
    return "/antragsraum/" + access_link(case=case).split("/antragsraum/", 1)[1]


def test_question_notice_and_reply(world):
    case = _case(world)
    message_send(case=case, actor=world.caseworker, text="Bitte <b>Nachweis</b> senden.")
    out = Message.objects.get()
    assert out.state == MessageState.QUEUED
    run_until_idle("test")
    out.refresh_from_db()
    assert out.state == MessageState.SENT
    notice = mail.outbox[0]
    assert notice.to == ["j@example.org"]
    assert "/antragsraum/" in notice.body
    assert "Nachweis" not in notice.body  # a link, never content
    client = Client()
    page = client.get(_path(case)).content.decode()
    assert "Bitte &lt;b&gt;Nachweis&lt;/b&gt; senden." in page  # no markup from message text
    upload = io.BytesIO(PDF_BYTES)
    upload.name = "Nachweis.pdf"
    answer = client.post(_path(case), {"text": "Anbei.", "dateien": [upload]}, follow=True)
    assert "Ihre Antwort ist eingegangen." in answer.content.decode()
    reply = Message.objects.get(direction="in")
    assert (reply.text, reply.read_at, reply.after_close) == ("Anbei.", None, False)
    assert CaseFile.objects.get(kind="message").original_name == "Nachweis.pdf"
    # unread for caseworkers until one has seen it: shown as new, marked read with a POST
    # (the page's script sends it), never by the GET itself
    staff = Client()
    staff.force_login(world.caseworker)
    assert case.number in staff.get("/vorgaenge/?ansicht=nachrichten").content.decode()
    page = staff.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert "Neue Nachrichten als gelesen markieren" in page
    assert case.number in staff.get("/vorgaenge/?ansicht=nachrichten").content.decode()
    marked = staff.post(f"/vorgaenge/{case.pk}/nachrichten/gelesen/", HTTP_X_REQUESTED_WITH="fetch")
    assert marked.status_code == 204
    assert case.number not in staff.get("/vorgaenge/?ansicht=nachrichten").content.decode()
    assert "als gelesen markieren" not in staff.get(f"/vorgaenge/{case.pk}/").content.decode()


def test_without_email_the_message_is_marked_for_another_way(world):
    case = make_case(org_unit=world.unit)
    message_send(case=case, actor=world.caseworker, text="Frage")
    message = Message.objects.get()
    assert message.state == MessageState.FAILED
    assert "Kein Zustellweg" in message.state_reason


def test_wrong_revoked_and_expired_links_get_the_same_neutral_page(world):
    case = _case(world)
    path = _path(case)
    client = Client()
    assert client.get(path).status_code == 200
    wrong = client.get(path[:-4] + "abc/")
    assert wrong.status_code == 404
    assert "Diesen Antragsraum gibt es nicht" in wrong.content.decode()
    assert case.number not in wrong.content.decode()
    access_revoke(case=case)
    assert client.get(path).status_code == 404
    fresh = _path(case)  # a new link after revoking
    assert fresh != path
    assert client.get(fresh).status_code == 200
    ApplicantAccess.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(fresh).status_code == 404


def test_guessing_is_rate_limited(world):
    cache.clear()
    client = Client()
    for i in range(20):
        assert client.get(f"/antragsraum/geraten-{i}/").status_code == 404
    assert client.get("/antragsraum/geraten-x/").status_code == 429
    cache.clear()


def test_replies_to_closed_cases_are_kept_and_flagged(world):
    case = _case(world, status=CaseStatus.ABGESCHLOSSEN)
    Client().post(_path(case), {"text": "Noch eine Frage"})
    assert Message.objects.get().after_close is True


def test_bad_files_and_empty_replies_get_a_message_and_store_nothing(world):
    case = _case(world)
    client = Client()
    exe = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 100)
    exe.name = "rechnung.pdf.exe"
    page = client.post(_path(case), {"text": "Hier", "dateien": [exe]}, follow=True)
    assert "einen nicht erlaubten Typ (Programmdatei). Erlaubt: PDF" in page.content.decode()
    assert "application/" not in page.content.decode()  # the applicant reads no media types
    empty = client.post(_path(case), {"text": "  "}, follow=True)
    assert "Die Nachricht ist leer." in empty.content.decode()
    assert Message.objects.count() == 0
    assert not CaseFile.objects.filter(kind="message").exists()


def test_the_link_stays_the_same_for_every_notice(world):
    case = _case(world)
    with time_machine.travel(dt.datetime(2026, 5, 1, tzinfo=dt.UTC)):
        first = access_link(case=case)
    assert access_link(case=case) == first
    assert ApplicantAccess.objects.count() == 1
    assert first.split("/antragsraum/")[1].rstrip("/") not in str(
        ApplicantAccess.objects.values_list("secret_hash", "nonce").get()
    )


def test_only_case_workers_of_the_case_send(world):
    import pytest

    from openvorgang.cases.errors import CaseNotFound

    case = _case(world)
    with pytest.raises(CaseNotFound):
        message_send(case=case, actor=world.foreign_caseworker, text="x")
    with pytest.raises(CaseNotFound):
        message_send(
            case=case,
            actor=world.admin,
            text="x",
            files=[IncomingFile(io.BytesIO(b"x"), "a.txt")],
        )
    assert Case.objects.get(pk=case.pk).messages.count() == 0


def test_a_notice_that_cannot_be_sent_marks_the_message_failed(world):
    from unittest import mock

    from openvorgang.outbox.models import Delivery

    case = _case(world)
    message_send(case=case, actor=world.caseworker, text="Frage")
    Delivery.objects.update(max_attempts=1)
    with mock.patch(
        "openvorgang.notify.transport.EmailMessage.send", side_effect=OSError("SMTP down")
    ):
        run_until_idle("test")
    message = Message.objects.get()
    assert message.state == MessageState.FAILED
    assert (
        message.state_reason == "E-Mail-Hinweis nicht zustellbar: E-Mail nicht versandt: SMTP down"
    )
    assert Delivery.objects.get().state == "failed"


def test_applicant_downloads_message_files_only_of_their_own_thread(world):
    case = _case(world)
    message_send(
        case=case,
        actor=world.caseworker,
        text="Anbei",
        files=[IncomingFile(io.BytesIO(PDF_BYTES), "Info.pdf")],
    )
    other = _case(world)
    message_send(
        case=other,
        actor=world.caseworker,
        text="Fremd",
        files=[IncomingFile(io.BytesIO(PDF_BYTES), "Fremd.pdf")],
    )
    mine = CaseFile.objects.get(original_name="Info.pdf")
    foreign = CaseFile.objects.get(original_name="Fremd.pdf")
    intake_file = CaseFile.objects.filter(case=case, kind="attachment").first()
    client = Client()
    base = _path(case)
    answer = client.get(f"{base}dateien/{mine.pk}/")
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF_BYTES
    assert answer["X-Content-Type-Options"] == "nosniff"
    for not_mine in (foreign, intake_file):
        assert client.get(f"{base}dateien/{not_mine.pk}/").status_code == 404
    assert client.get(f"/antragsraum/geraten/dateien/{mine.pk}/").status_code == 404


def test_a_reply_whose_file_the_parser_would_drop_is_refused_whole(world, disk):
    """A file part with an empty name or one that is not UTF-8: the applicant is told, and
    neither the text nor the other file is taken ("Ihre Antwort ist eingegangen" would lie)."""
    from openvorgang.testing.multipart import CONTENT_TYPE, body, part

    case = _case(world)
    client = Client()
    page = client.get(_path(case))
    token = page.context["csrf_token"]
    raw = body(
        part("csrfmiddlewaretoken", str(token).encode()),
        part("text", b"Anbei die Nachweise"),
        part("dateien", b"Nachweis eins", filename=b"eins.txt", media="text/plain"),
        part("dateien", b"Nachweis zwei", filename="zw\xf6lf.txt".encode("latin-1")),
    )
    response = client.post(_path(case), raw, content_type=CONTENT_TYPE)
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "'dateien' (Teil 4)" in text
    assert "Es wurde nichts gespeichert" in text
    assert not Message.objects.filter(case=case, direction="in").exists()


def test_a_reply_with_a_nul_character_is_refused_with_a_message(world):
    case = _case(world)
    response = Client().post(_path(case), {"text": "Hallo\x00Welt"}, follow=True)
    assert response.status_code == 200
    assert "unzulässiges Steuerzeichen" in response.content.decode()
    assert not Message.objects.filter(case=case, direction="in").exists()


def test_antragsraum_pages_are_not_kept_by_browsers_or_proxies(world):
    case = _case(world)
    response = Client().get(_path(case))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in Client().get("/antragsraum/unbekannt/")["Cache-Control"]


def test_the_notice_speaks_the_installations_language_whatever_the_caseworkers(world):
    from django.utils import translation

    from openvorgang.mailbox.channels.antragsraum.transport import CHANNEL
    from openvorgang.outbox.models import Delivery

    case = _case(world)
    with translation.override("en"):
        message_send(case=case, actor=world.caseworker, text="Please send the form.")
        label = str(CHANNEL.label)
    body = Delivery.objects.get(transport="email").payload["body"]
    assert f"Zu Ihrem Antrag {case.number} liegt eine neue Nachricht für Sie bereit." in body
    with translation.override("de"):
        assert str(CHANNEL.label) == "Antragsraum mit E-Mail-Hinweis"
    assert label != "Antragsraum mit E-Mail-Hinweis"  # translated per request, not at import
