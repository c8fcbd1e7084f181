"""Comments (with files, editable for 15 minutes) and follow-ups (Wiedervorlagen), through the
case page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from openvorgang.cases.errors import ActionForbidden, ActionNotAllowed, InvalidInput
from openvorgang.cases.models import CaseFile
from openvorgang.casework.models import Comment, FollowUp
from openvorgang.casework.services import comment_add, comment_edit, follow_up_add
from openvorgang.testing.factories import PDF_BYTES, make_case


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_comment_with_a_file_shows_on_the_case(world):
    case = make_case(org_unit=world.unit)
    upload = io.BytesIO(PDF_BYTES)
    upload.name = "Vermerk.pdf"
    client = _client(world.caseworker)
    response = client.post(
        f"/vorgaenge/{case.pk}/kommentare/", {"text": "Rückruf erledigt", "dateien": [upload]}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#kommentare")
    comment = Comment.objects.get()
    stored = CaseFile.objects.get(kind="comment")
    assert (comment.text, comment.author, stored.original_name, stored.media_type) == (
        "Rückruf erledigt",
        world.caseworker,
        "Vermerk.pdf",
        "application/pdf",
    )
    assert default_storage.open(stored.storage_name).read() == PDF_BYTES
    page = client.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert "Rückruf erledigt" in page
    assert f"/vorgaenge/{case.pk}/dateien/{stored.pk}/" in page
    # the comment file is not one of the case's own files
    assert page.count("Vermerk.pdf") == 1
    assert client.get(f"/vorgaenge/{case.pk}/dateien/{stored.pk}/").status_code == 200


def test_empty_comments_are_refused(world):
    case = make_case(org_unit=world.unit)
    page = _client(world.caseworker).post(
        f"/vorgaenge/{case.pk}/kommentare/", {"text": "  "}, follow=True
    )
    assert "Der Kommentar ist leer." in page.content.decode()
    assert Comment.objects.count() == 0


def test_only_the_author_edits_and_only_for_fifteen_minutes(world):
    case = make_case(org_unit=world.unit)
    with time_machine.travel(dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC), tick=False):
        comment = comment_add(case=case, actor=world.caseworker, text="Erstfassung")
    with time_machine.travel(dt.datetime(2026, 5, 4, 9, 14, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ActionForbidden):
            comment_edit(comment=comment, actor=world.colleague, text="fremd")
        comment_edit(comment=comment, actor=world.caseworker, text="Zweitfassung")
    with (
        time_machine.travel(dt.datetime(2026, 5, 4, 9, 16, tzinfo=dt.UTC), tick=False),
        pytest.raises(ActionNotAllowed, match="15 Minuten"),
    ):
        comment_edit(comment=comment, actor=world.caseworker, text="zu spät")
    comment.refresh_from_db()
    assert comment.text == "Zweitfassung"
    assert comment.edited_at is not None


def test_comments_stay_in_the_tenant(world):
    case = make_case(org_unit=world.unit)
    comment_add(case=case, actor=world.caseworker, text="intern")
    from openvorgang.cases.errors import CaseNotFound

    with pytest.raises(CaseNotFound):
        comment_add(case=case, actor=world.foreign_caseworker, text="fremd")


def test_follow_up_set_listed_when_due_and_done(world):
    case = make_case(org_unit=world.unit)
    other = make_case(org_unit=world.unit)
    client = _client(world.caseworker)
    today = timezone.localdate()
    response = client.post(
        f"/vorgaenge/{case.pk}/wiedervorlagen/",
        {"betreff": "Unterlagen nachgereicht?", "faellig": today.isoformat(), "fuer": ""},
    )
    assert response.status_code == 302
    follow_up_add(
        case=other, actor=world.caseworker, subject="später", due_on=today + dt.timedelta(days=7)
    )
    due = client.get("/vorgaenge/", {"ansicht": "wiedervorlagen"}).content.decode()
    assert case.number in due
    assert other.number not in due
    assert "Wiedervorlage fällig" in due
    detail = client.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert 'class="overdue"' in detail
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.assignee == world.caseworker  # "für: mich"
    client.post(f"/vorgaenge/{case.pk}/wiedervorlagen/{follow_up.pk}/", {"erledigt": "1"})
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert (
        case.number not in client.get("/vorgaenge/", {"ansicht": "wiedervorlagen"}).content.decode()
    )


def test_follow_up_rules(world):
    case = make_case(org_unit=world.unit)
    with pytest.raises(InvalidInput, match="Betreff"):
        follow_up_add(case=case, actor=world.caseworker, subject="", due_on=timezone.localdate())
    with pytest.raises(InvalidInput, match="Vergangenheit"):
        follow_up_add(
            case=case,
            actor=world.caseworker,
            subject="x",
            due_on=timezone.localdate() - dt.timedelta(days=30),
        )
    with pytest.raises(InvalidInput, match="nicht sehen"):
        follow_up_add(
            case=case,
            actor=world.caseworker,
            subject="x",
            due_on=timezone.localdate(),
            assignee=world.other_unit_caseworker,
        )
    bad_date = _client(world.caseworker).post(
        f"/vorgaenge/{case.pk}/wiedervorlagen/", {"betreff": "x", "faellig": "morgen"}, follow=True
    )
    assert "gültiges Datum" in bad_date.content.decode()
