"""Vertretung: absences never overlap, the substitute is a caseworker of the same tenant, the
"Vertretung" list shows the absent person's open cases within the substitute's own sight, the
absent person's notices and due follow-ups reach the substitute, and assignment choices say
who is away."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from openvorgang.absences.models import Absence
from openvorgang.absences.services import absence_record
from openvorgang.cases.errors import ActionForbidden, InvalidInput
from openvorgang.cases.models import CaseStatus
from openvorgang.cases.services import case_assign
from openvorgang.casework.models import FollowUp
from openvorgang.notify.models import Notice, NoticeKind
from openvorgang.notify.services import follow_up_digest, process_feed
from openvorgang.testing.factories import make_case

D = dt.date
TODAY = D(2026, 3, 10)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.UTC)


def _away(world, **extra):
    values = {
        "actor": world.caseworker,
        "user": world.caseworker,
        "substitute": world.colleague,
        "starts_on": D(2026, 3, 9),
        "ends_on": D(2026, 3, 20),
        **extra,
    }
    with time_machine.travel(_at(TODAY), tick=False):
        return absence_record(**values)


def test_overlapping_absences_and_foreign_substitutes_are_refused(world):
    _away(world)
    with pytest.raises(InvalidInput, match="überschneidet sich"):
        _away(world, starts_on=D(2026, 3, 20), ends_on=D(2026, 3, 25))
    with pytest.raises(InvalidInput, match="selben Mandanten"):
        _away(
            world,
            substitute=world.foreign_caseworker,
            starts_on=D(2026, 4, 1),
            ends_on=D(2026, 4, 2),
        )
    with pytest.raises(InvalidInput, match="Sachbearbeitung"):
        _away(world, substitute=world.poststelle, starts_on=D(2026, 4, 1), ends_on=D(2026, 4, 2))
    with pytest.raises(InvalidInput, match="vor ihrem Beginn"):
        _away(world, starts_on=D(2026, 4, 5), ends_on=D(2026, 4, 1))
    with pytest.raises(InvalidInput, match="vorbei"):
        _away(world, starts_on=D(2026, 3, 1), ends_on=D(2026, 3, 2))
    with pytest.raises(ActionForbidden):
        _away(world, actor=world.colleague, starts_on=D(2026, 4, 1), ends_on=D(2026, 4, 2))
    admin_made = _away(world, actor=world.admin, starts_on=D(2026, 4, 1), ends_on=D(2026, 4, 2))
    assert admin_made.created_by_name == world.admin.display_name
    assert Absence.objects.count() == 2


def test_the_substitute_sees_the_absent_persons_open_cases_within_their_own_sight(world):
    mine = make_case(
        org_unit=world.unit,
        status=CaseStatus.IN_BEARBEITUNG,
        assignee=world.caseworker,
        files=False,
    )
    closed = make_case(
        org_unit=world.unit, status=CaseStatus.ABGESCHLOSSEN, assignee=world.caseworker, files=False
    )
    _away(world)
    client = Client()
    client.force_login(world.colleague)
    with time_machine.travel(_at(TODAY), tick=False):
        page = client.get("/vorgaenge/?ansicht=vertretung").content.decode()
    assert mine.number in page
    assert closed.number not in page  # open cases only
    # someone of another unit covering sees nothing of the unit's cases
    Absence.objects.all().delete()
    _away(world, substitute=world.other_unit_caseworker)
    other = Client()
    other.force_login(world.other_unit_caseworker)
    with time_machine.travel(_at(TODAY), tick=False):
        page = other.get("/vorgaenge/?ansicht=vertretung").content.decode()
    assert mine.number not in page


def test_notices_and_due_follow_ups_reach_the_substitute(world):
    case = make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN, files=False)
    _away(world)
    with time_machine.travel(_at(TODAY), tick=False):
        case_assign(case=case, actor=world.poststelle, assignee=world.caseworker)
        process_feed()
        FollowUp.objects.create(
            case=case,
            subject="Prüfen",
            due_on=TODAY,
            assignee=world.caseworker,
            created_by_name="sb",
            created_at=_at(TODAY),
        )
        follow_up_digest()
    assigned = set(Notice.objects.filter(kind=NoticeKind.ASSIGNED).values_list("user", flat=True))
    assert assigned == {world.caseworker.pk, world.colleague.pk}
    due = set(Notice.objects.filter(kind=NoticeKind.FOLLOW_UP).values_list("user", flat=True))
    assert due == {world.caseworker.pk, world.colleague.pk}


def test_assignment_choices_say_who_is_away(world):
    case = make_case(org_unit=world.unit, status=CaseStatus.ANGENOMMEN, files=False)
    _away(world)
    client = Client()
    client.force_login(world.colleague)
    with time_machine.travel(_at(TODAY), tick=False):
        page = client.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert f"{world.caseworker.display_name} (abwesend bis 20.03., Vertretung: " in page


def test_the_own_page_records_an_absence_and_says_why_not(world):
    client = Client()
    client.force_login(world.caseworker)
    with time_machine.travel(_at(TODAY), tick=False):
        done = client.post(
            "/konto/abwesenheit/",
            {"von": "2026-03-12", "bis": "2026-03-13", "vertretung": world.colleague.pk},
            follow=True,
        ).content.decode()
        assert "Abwesenheit eingetragen." in done
        refused = client.post(
            "/konto/abwesenheit/",
            {"von": "2026-03-13", "bis": "2026-03-14", "vertretung": world.colleague.pk},
        ).content.decode()
    assert "überschneidet sich" in refused
    assert 'value="2026-03-13"' in refused  # what was typed stays
    assert Absence.objects.count() == 1
