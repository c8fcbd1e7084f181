"""The daily check: a warning the tenant's number of days before the end (once per due date,
to the assignee or else to the org unit), and the Genehmigungsfiktion marked after a
deadline with one passed without a decision."""

from __future__ import annotations

import datetime as dt

import time_machine

from openvorgang.cases.models import CaseEvent, CaseStatus, EventKind
from openvorgang.deadlines.checks import deadline_check
from openvorgang.deadlines.models import CaseDeadline, DeadlineSetting
from openvorgang.deadlines.selectors import deadline_view
from openvorgang.deadlines.tests.conftest import at, set_rule, sync
from openvorgang.notify.models import Notice, NoticeKind
from openvorgang.notify.services import setting_for
from openvorgang.outbox.models import Delivery
from openvorgang.testing.factories import make_case

D = dt.date


def _case(world, **extra):
    case = make_case(
        org_unit=world.unit,
        status=CaseStatus.IN_BEARBEITUNG,
        received_at=at(D(2026, 3, 2)),
        files=False,
        **extra,
    )
    sync()
    case.refresh_from_db()
    return case  # 30 days: ends Wednesday 1 April 2026


def test_the_assignee_is_warned_once_within_the_tenants_days(world, service):
    set_rule(service, amount=30, unit="tage")
    DeadlineSetting.objects.create(tenant=world.tenant, warn_days=5)
    world.caseworker.email = "sb@musterhausen.example"
    world.caseworker.save(update_fields=["email"])
    case = _case(world, assignee=world.caseworker)
    with time_machine.travel(at(D(2026, 3, 26)), tick=False):
        assert deadline_check().warned == 0  # 6 days left
    with time_machine.travel(at(D(2026, 3, 27)), tick=False):
        assert deadline_check().warned == 1
        assert deadline_check().warned == 0  # not again for the same due date
    notices = Notice.objects.filter(kind=NoticeKind.DEADLINE)
    assert [(n.user_id, n.case_id) for n in notices] == [(world.caseworker.pk, case.pk)]
    mail = Delivery.objects.get(target="sb@musterhausen.example")
    assert "01.04.2026" in mail.payload["body"]


def test_an_unassigned_case_warns_the_units_caseworkers_who_want_it(world, service):
    set_rule(service, amount=30, unit="tage")
    setting = setting_for(world.colleague)
    setting.deadlines = False
    setting.save()
    _case(world)
    with time_machine.travel(at(D(2026, 3, 30)), tick=False):
        deadline_check()
    told = set(Notice.objects.filter(kind=NoticeKind.DEADLINE).values_list("user", flat=True))
    assert told == {world.caseworker.pk}  # not the colleague (switched off), not other units


def test_the_fiction_is_marked_the_day_after_the_last_day(world, service):
    set_rule(service, amount=30, unit="tage", fiction=True)
    case = _case(world, assignee=world.caseworker)
    with time_machine.travel(at(D(2026, 4, 1)), tick=False):
        assert deadline_check().fictions == 0  # the last day itself
    with time_machine.travel(at(D(2026, 4, 2)), tick=False):
        assert deadline_check().fictions == 1
        assert deadline_check().fictions == 0
        view = deadline_view(user=world.caseworker, case=case)
    deadline = CaseDeadline.objects.get(case=case)
    assert deadline.fiction_on == D(2026, 4, 2)
    entry = CaseEvent.objects.get(case=case, kind=EventKind.DEADLINE, action="fiktion")
    assert entry.after == {"fiction_on": "2026-04-02"}
    assert view is not None
    assert view.headline == "Genehmigungsfiktion eingetreten am 02.04.2026"
    assert view.tone == "danger"


def test_without_fiction_an_overdue_deadline_is_only_overdue(world, service):
    set_rule(service, amount=30, unit="tage")
    case = _case(world, assignee=world.caseworker)
    with time_machine.travel(at(D(2026, 4, 4)), tick=False):
        assert deadline_check().fictions == 0
        view = deadline_view(user=world.caseworker, case=case)
    assert view is not None
    assert view.overdue
    assert view.headline == "überfällig seit 3 Tagen"
    assert CaseDeadline.objects.get(case=case).fiction_on is None
