"""History content and its append-only guarantee."""

from __future__ import annotations

import pytest

from openvorgang.cases import incoming, services
from openvorgang.cases.models import Case, CaseEvent, EventKind
from openvorgang.testing.factories import make_case


def test_creation_entry_names_status_number_and_files(world):
    case = make_case(org_unit=world.unit)
    event = CaseEvent.objects.get(case=case)
    assert event.kind == EventKind.CREATED
    assert event.actor is None
    assert event.actor_name == "Eingang: Eingangs-API"  # the channel's name, not its key
    assert event.after == {
        "status": "NEU",
        "number": case.number,
        "files": ["Antrag.pdf", "notiz.txt"],
    }


def test_the_creation_entry_counts_its_files_in_german(world):
    from django.template import Context, Template

    case = make_case(org_unit=world.unit)
    template = Template("{% load case_tags %}{{ event|event_summary }}")
    event = CaseEvent.objects.get(case=case)
    event.after["files"] = ["Antrag.pdf"]
    assert template.render(Context({"event": event})) == "Antrag eingegangen (1 Datei)"
    event.after["files"] = ["Antrag.pdf", "Anlage.pdf"]
    assert template.render(Context({"event": event})) == "Antrag eingegangen (2 Dateien)"


def test_assignment_entry_has_before_and_after(world):
    case = make_case(org_unit=world.unit)
    services.case_assign(case=case, actor=world.poststelle, assignee=world.caseworker)
    services.case_assign(case=case, actor=world.caseworker, assignee=world.colleague)
    services.case_assign(case=case, actor=world.colleague, assignee=None)
    events = list(CaseEvent.objects.filter(case=case, kind=EventKind.ASSIGNED).order_by("id"))
    assert [(e.before["assignee"], e.after["assignee"]) for e in events] == [
        (None, {"id": world.caseworker.pk, "name": world.caseworker.display_name}),
        (
            {"id": world.caseworker.pk, "name": world.caseworker.display_name},
            {"id": world.colleague.pk, "name": world.colleague.display_name},
        ),
        ({"id": world.colleague.pk, "name": world.colleague.display_name}, None),
    ]
    assert [e.actor_name for e in events] == [
        world.poststelle.display_name,
        world.caseworker.display_name,
        world.colleague.display_name,
    ]


def test_no_change_writes_no_entry(world):
    case = make_case(org_unit=world.unit, file_number="AZ-1")
    assert (
        services.case_set_file_number(case=case, actor=world.caseworker, file_number="AZ-1") is None
    )
    assert services.case_assign(case=case, actor=world.caseworker, assignee=None) is None
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_file_added_entry(world):
    import io

    case = make_case(org_unit=world.unit)
    added = services.case_add_file(
        case=case,
        actor=world.caseworker,
        upload=incoming.IncomingFile(io.BytesIO(b"%PDF-1.7 x"), "a.pdf"),
    )
    event = CaseEvent.objects.filter(case=case).latest("id")
    assert event.kind == EventKind.FILE_ADDED
    assert event.after["file"] == {"id": str(added.pk), "name": "a.pdf", "size": 10}


def test_history_entries_cannot_be_changed_or_removed(world):
    case = make_case(org_unit=world.unit)
    event = CaseEvent.objects.get(case=case)
    event.reason = "manipuliert"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        CaseEvent.objects.filter(case=case).update(reason="x")
    with pytest.raises(TypeError, match="append-only"):
        CaseEvent.objects.filter(case=case).delete()
    assert CaseEvent.objects.get(case=case).reason == ""
    assert Case.objects.filter(pk=case.pk).exists()
