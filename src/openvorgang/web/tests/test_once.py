"""Forms that create something never act twice (``web.once``): a double click, the back button
and "send again", a network retry — the second POST with the same token runs nothing."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.test import Client
from django.utils import timezone

from openvorgang.casework.models import Comment
from openvorgang.intake.models import Sender
from openvorgang.mailbox.access import access_link
from openvorgang.mailbox.models import Direction, Message
from openvorgang.testing.factories import make_case
from openvorgang.web import once
from openvorgang.web.models import OnceToken


def _token(page: str, action: str) -> str:
    """The one-time token of the form posting to ``action`` on ``page``."""
    form = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    match = re.search(r'name="_einmal" value="([^"]+)"', form)
    assert match, f"no one-time token in the form for {action}"
    return match.group(1)


def test_a_comment_sent_twice_with_its_token_is_stored_once(world):
    case = make_case(org_unit=world.unit)
    client = Client()
    client.force_login(world.caseworker)
    detail = f"/vorgaenge/{case.pk}/"
    action = f"/vorgaenge/{case.pk}/kommentare/"
    token = _token(client.get(detail).content.decode(), action)
    first = client.post(action, {"text": "Geprüft.", "_einmal": token}, HTTP_REFERER=detail)
    again = client.post(
        action, {"text": "Geprüft.", "_einmal": token}, HTTP_REFERER=detail, follow=True
    )
    assert first.status_code == 302
    assert Comment.objects.filter(case=case).count() == 1
    assert "bereits abgeschickt" in again.content.decode()
    # a new page has a new token: the next comment is a new one
    token = _token(client.get(detail).content.decode(), action)
    assert client.post(action, {"text": "Noch einer.", "_einmal": token}).status_code == 302
    assert Comment.objects.filter(case=case).count() == 2


def test_an_applicant_reply_sent_twice_is_received_once(world):
    case = make_case(org_unit=world.unit, applicant_email="j@example.org")
    path = "/antragsraum/" + access_link(case=case).split("/antragsraum/", 1)[1]
    client = Client()
    page = client.get(path).content.decode()
    token = re.search(r'name="_einmal" value="([^"]+)"', page)
    assert token
    data = {"text": "Anbei die Auskunft.", "_einmal": token.group(1)}
    client.post(path, data, HTTP_REFERER="http://testserver" + path)
    client.post(path, data, HTTP_REFERER="http://testserver" + path)
    assert Message.objects.filter(case=case, direction=Direction.IN).count() == 1
    # the token table holds no link: the Antragsraum's secret stays out of the database
    assert not OnceToken.objects.filter(token__contains="antragsraum").exists()


def test_a_refused_form_releases_its_token_for_the_corrected_one(world):
    client = Client()
    client.force_login(world.admin)
    page = client.get("/verwaltung/absender/").content.decode()
    token = re.search(
        r'<form method="post" class="stack" novalidate>.*?name="_einmal" value="([^"]+)"',
        page,
        re.S,
    )
    assert token
    refused = client.post("/verwaltung/absender/", {"name": "", "_einmal": token.group(1)})
    assert refused.status_code == 200  # shown again with the error
    saved = client.post(
        "/verwaltung/absender/", {"name": "Formularserver", "_einmal": token.group(1)}
    )
    assert saved.status_code == 200
    assert Sender.objects.filter(tenant=world.tenant, name="Formularserver").count() == 1


def test_a_post_without_token_runs_as_before(world):
    case = make_case(org_unit=world.unit)
    client = Client()
    client.force_login(world.caseworker)
    client.post(f"/vorgaenge/{case.pk}/kommentare/", {"text": "Ohne Token."})
    client.post(f"/vorgaenge/{case.pk}/kommentare/", {"text": "Ohne Token."})
    assert Comment.objects.filter(case=case).count() == 2


def test_tokens_are_forgotten_after_a_day(world):
    OnceToken.objects.create(token="alt", created_at=timezone.now() - dt.timedelta(days=2))
    OnceToken.objects.create(token="neu", created_at=timezone.now())
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        assert once.sweep() == 1
    assert list(OnceToken.objects.values_list("token", flat=True)) == ["neu"]
