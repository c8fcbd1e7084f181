"""Final deletion: only by Löschberechtigt, only from ZU_LOESCHEN; removes the case, its
history and files, and leaves a tombstone without personal data."""

from __future__ import annotations

from django.core.files.storage import default_storage

from openvorgang.cases import services
from openvorgang.cases.models import Case, CaseEvent, CaseFile, CaseStatus, CaseTombstone
from openvorgang.testing.factories import make_case


def test_final_deletion_removes_everything_and_leaves_a_tombstone(
    world, django_capture_on_commit_callbacks
):
    case = make_case(org_unit=world.unit, status=CaseStatus.ZU_LOESCHEN)
    names = list(CaseFile.objects.filter(case=case).values_list("storage_name", flat=True))
    assert names
    assert all(default_storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        tombstone = services.case_transition(
            case=case,
            actor=world.deleter,
            action="loeschen",
            reason="Aufbewahrungsfrist abgelaufen",
        )
    assert isinstance(tombstone, CaseTombstone)
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()
    assert not CaseFile.objects.filter(case_id=case.pk).exists()
    assert not any(default_storage.exists(n) for n in names)
    assert (tombstone.number, tombstone.deleted_by, tombstone.reason) == (
        case.number,
        world.deleter,
        "Aufbewahrungsfrist abgelaufen",
    )
    fields = {f.name for f in CaseTombstone._meta.get_fields()}
    assert not any(name.startswith("applicant") for name in fields)
