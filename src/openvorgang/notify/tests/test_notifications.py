"""Notifications: new cases and assignments from the case history, the daily follow-up digest,
per-user settings, the unread badge; emails go through the outbox and carry no form content."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from openvorgang.cases import services
from openvorgang.casework.services import follow_up_add
from openvorgang.jobs.services import job_enqueue
from openvorgang.jobs.worker import run_until_idle
from openvorgang.notify.models import Notice, NoticeKind
from openvorgang.notify.services import follow_up_digest, process_feed, setting_for
from openvorgang.outbox.models import Delivery
from openvorgang.testing.factories import make_case


def _deliver():
    run_until_idle("test")


def test_a_new_case_notifies_the_unit_and_the_mail_room_without_content(world):
    world.unit.email = "gewerbe@musterhausen.example"
    world.unit.save()
    for user in (world.caseworker, world.poststelle):
        user.email = f"{user.username}@musterhausen.example"
        user.save()
    case = make_case(org_unit=world.unit, applicant_name="Jürgen Schäfer")
    assert process_feed() == 1
    notified = set(Notice.objects.filter(kind=NoticeKind.NEW_CASE).values_list("user", flat=True))
    assert notified == {world.caseworker.pk, world.colleague.pk, world.poststelle.pk}
    assert world.other_unit_caseworker.pk not in notified
    assert world.foreign_caseworker.pk not in notified
    _deliver()
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == [
        "gewerbe@musterhausen.example",
        "post@musterhausen.example",
        "sb@musterhausen.example",
    ]
    message = mail.outbox[0]
    assert case.number in message.subject
    assert f"/vorgaenge/{case.pk}/" in message.body
    assert "Schäfer" not in message.body + message.subject  # no personal data or form content
    assert process_feed() == 0  # the cursor moved on


def test_assignment_notifies_the_assignee_unless_they_did_it(world):
    world.colleague.email = "sb2@musterhausen.example"
    world.colleague.save()
    case = make_case(org_unit=world.unit)
    process_feed()
    Notice.objects.all().delete()
    Delivery.objects.all().delete()
    services.case_assign(case=case, actor=world.caseworker, assignee=world.colleague)
    services.case_assign(case=case, actor=world.caseworker, assignee=world.caseworker)
    process_feed()
    assert list(Notice.objects.values_list("user", "kind")) == [
        (world.colleague.pk, NoticeKind.ASSIGNED)
    ]
    assert Delivery.objects.filter(target="sb2@musterhausen.example").count() == 1


def test_settings_switch_notices_and_mails_off(world):
    setting = setting_for(world.caseworker)
    setting.new_cases = False
    setting.save()
    poststelle = setting_for(world.poststelle)
    poststelle.by_email = False
    poststelle.save()
    world.poststelle.email = "post@musterhausen.example"
    world.poststelle.save()
    make_case(org_unit=world.unit)
    process_feed()
    assert not Notice.objects.filter(user=world.caseworker).exists()
    assert Notice.objects.filter(user=world.poststelle).exists()
    assert not Delivery.objects.filter(target="post@musterhausen.example").exists()
    client = Client()
    client.force_login(world.caseworker)
    client.post("/benachrichtigungen/einstellungen/", {"new_cases": "1", "assigned": "1"})
    setting.refresh_from_db()
    assert (setting.new_cases, setting.assigned, setting.follow_ups, setting.by_email) == (
        True,
        True,
        False,
        False,
    )


def test_daily_digest_of_due_follow_ups(world):
    world.caseworker.email = "sb@musterhausen.example"
    world.caseworker.save()
    first = make_case(org_unit=world.unit)
    second = make_case(org_unit=world.unit)
    today = timezone.localdate()
    follow_up_add(case=first, actor=world.caseworker, subject="a", due_on=today)
    follow_up_add(case=second, actor=world.caseworker, subject="b", due_on=today)
    follow_up_add(
        case=second, actor=world.caseworker, subject="später", due_on=today + dt.timedelta(days=3)
    )
    job_enqueue(name="notify.follow_up_digest")
    _deliver()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "2 fällige Wiedervorlagen"
    assert first.number in mail.outbox[0].body
    assert second.number in mail.outbox[0].body
    assert Notice.objects.filter(kind=NoticeKind.FOLLOW_UP).count() == 2
    assert follow_up_digest() == 1


def test_badge_and_notice_page(world):
    case = make_case(org_unit=world.unit)
    process_feed()
    client = Client()
    client.force_login(world.caseworker)
    page = client.get("/vorgaenge/").content.decode()
    assert '<span class="kern-label">1<span class="kern-sr-only"> ungelesen</span>' in page
    notices = client.get("/benachrichtigungen/").content.decode()
    assert case.number in notices
    client.post("/benachrichtigungen/")
    assert '<span class="badge">' not in client.get("/vorgaenge/").content.decode()
    # a notice of a case the user can no longer see is not shown
    services.case_forward(
        case=case, actor=world.caseworker, org_unit=world.foreign_unit, reason="zuständig"
    )
    assert case.number not in client.get("/benachrichtigungen/").content.decode()


def test_an_applicant_reply_notifies_the_assignee(world):
    from openvorgang.mailbox.services import reply_receive
    from openvorgang.notify.services import process_messages

    world.caseworker.email = "sb@musterhausen.example"
    world.caseworker.save()
    case = make_case(org_unit=world.unit, assignee=world.caseworker)
    reply_receive(case=case, text="Anbei die Unterlagen")
    assert process_messages() == 1
    assert list(Notice.objects.filter(kind=NoticeKind.MESSAGE).values_list("user", flat=True)) == [
        world.caseworker.pk
    ]
    _deliver()
    assert [m.subject for m in mail.outbox] == [f"Neue Nachricht zu {case.number}"]
    assert "Unterlagen" not in mail.outbox[0].body
    assert process_messages() == 0


@pytest.mark.django_db(transaction=True)
def test_assignments_and_replies_committed_out_of_order_all_notify(world):
    """An assignment and a reply that took the smaller ids but committed last still notify
    (PostgreSQL)."""
    from openvorgang.mailbox.services import reply_receive
    from openvorgang.notify.services import process_messages
    from openvorgang.testing.concurrency import commit_in_reverse

    late = make_case(org_unit=world.unit)
    early = make_case(org_unit=world.unit)
    process_feed()
    Notice.objects.all().delete()

    def assign_and_reply(case):
        services.case_assign(case=case, actor=world.poststelle, assignee=world.caseworker)
        reply_receive(case=case, text="Anbei")

    def read():
        process_feed()
        process_messages()

    commit_in_reverse(lambda: assign_and_reply(late), lambda: assign_and_reply(early), read)
    assert sorted(Notice.objects.values_list("case_id", "kind")) == sorted(
        (c.pk, k) for c in (late, early) for k in (NoticeKind.ASSIGNED, NoticeKind.MESSAGE)
    )


def test_the_badge_counts_what_the_page_lists_and_older_notices_are_a_page_away(world):
    """The badge counted notices of cases the user no longer sees (99+ beside a list of 33);
    the page showed only the newest 100, each only with its number."""
    from openvorgang.notify import selectors

    visible = [make_case(org_unit=world.unit, service_name=f"Leistung {i}") for i in range(5)]
    gone = make_case(org_unit=world.foreign_unit)
    now = timezone.now()
    for i, case in enumerate([*visible, gone]):
        Notice.objects.create(
            user=world.caseworker,
            case=case,
            case_number=case.number,
            kind=NoticeKind.NEW_CASE,
            created_at=now + dt.timedelta(seconds=i),
        )
    assert selectors.unread_count(user=world.caseworker) == 5
    first = selectors.notices_page(user=world.caseworker, size=3)
    assert [n.case for n in first.notices] == visible[::-1][:3]
    assert first.older is not None
    rest = selectors.notices_page(user=world.caseworker, before=first.older, size=3)
    assert [n.case for n in rest.notices] == visible[::-1][3:]
    assert rest.older is None
    client = Client()
    client.force_login(world.caseworker)
    page = client.get("/benachrichtigungen/").content.decode()
    assert "Leistung 4" in page  # what the case is about, not only its number
