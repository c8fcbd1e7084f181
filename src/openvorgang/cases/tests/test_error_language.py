"""Domain errors are translated when raised: the English UI (and an API client asking for
English) reads English, the German default German."""

from __future__ import annotations

import pytest
from django.utils import translation

from openvorgang.cases import services
from openvorgang.cases.errors import ActionForbidden, CaseNotFound
from openvorgang.cases.models import Case, CaseStatus
from openvorgang.testing.factories import make_case


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Your role does not allow changing the file number."),
        ("de", "Ihre Rolle erlaubt nicht, das Aktenzeichen zu ändern."),
    ],
)
def test_a_refusal_speaks_the_active_language(world, language, expected):
    case = make_case(org_unit=world.unit)
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ZU_LOESCHEN)
    case.refresh_from_db()
    with translation.override(language), pytest.raises(ActionForbidden) as refused:
        services.case_set_file_number(case=case, actor=world.deleter, file_number="AZ-1")
    assert refused.value.message == expected


def test_a_default_message_is_translated_when_raised_not_at_import():
    with translation.override("en"):
        assert CaseNotFound().message == "Case not found."
    with translation.override("de"):
        assert CaseNotFound().message == "Vorgang nicht gefunden."
