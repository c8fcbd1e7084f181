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


def test_an_intake_refusal_speaks_the_language_the_sender_asked_for(world):
    """The machine endpoints answer in the language of Accept-Language (German by default)."""
    from django.test import Client

    from openvorgang.intake.models import Sender

    Sender.objects.create(name="Netz", networks=["127.0.0.0/8"])
    client = Client(REMOTE_ADDR="127.0.0.1")
    english = client.post("/antrag", {"x": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    german = client.post("/antrag", {"x": "1"})
    assert english.json()["detail"] == "Part 'formData' is missing."
    assert german.json()["detail"] == "Teil 'formData' fehlt."


# Exceptions whose text is for developers or for the operator starting the installation (raised
# before a language is active), never shown to a user or a sender.
_DEVELOPER_ERRORS = {
    "AssertionError",
    "ImproperlyConfigured",
    "LookupError",
    "NotImplementedError",
    "RuntimeError",
    "TypeError",
    "ValueError",
}


def test_every_message_raised_to_people_goes_through_gettext():
    """A sentence given to an exception raised in the package (tests and settings aside) is
    translated when raised: ``raise InvalidInput(gettext("…"))``, not a bare German literal."""
    import ast
    import pathlib

    import openvorgang

    root = pathlib.Path(openvorgang.__file__).parent
    bare = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if {"tests", "migrations", "conf", "testing"} & set(parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            if ast.unparse(node.exc.func).split(".")[-1] in _DEVELOPER_ERRORS:
                continue
            for arg in node.exc.args:
                literal = isinstance(arg, ast.JoinedStr) or (
                    isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                )
                if literal and " " in ast.unparse(arg):
                    bare.append(f"{'/'.join(parts)}:{node.lineno}")
    assert not bare, bare
