"""Decision templates render strictly: a missing variable is an error naming it; nothing can
be loaded, included or dumped."""

from __future__ import annotations

import datetime as dt

import pytest

from openvorgang.decisions.rendering import (
    TemplateProblem,
    case_context,
    form_context,
    render_decision,
    render_text,
)
from openvorgang.testing.factories import make_case


def test_missing_variables_are_named():
    with pytest.raises(TemplateProblem, match=r"antrag\.hund, vorgang\.gebuehr"):
        render_text("{{ antrag.hund }} {{ vorgang.gebuehr }} {{ antrag.hund }}", {"antrag": {}})


def test_optional_fields_with_if_and_firstof():
    text = render_text(
        "{% if antrag.hund %}Hund{% endif %}[{% firstof antrag.hund '–' %}]", {"antrag": {}}
    )
    assert text == "[–]"


@pytest.mark.parametrize(
    "source",
    [
        "{% load static %}",
        "{% include 'base.html' %}",
        "{% extends 'base.html' %}",
        "{% debug %}",
        "{% if %}",
        "{{ x|nofilter }}",
    ],
)
def test_unsafe_or_broken_templates_are_refused(source):
    with pytest.raises(TemplateProblem):
        render_text(source, {"x": 1})


def test_no_html_escaping_in_plain_text_and_paragraphs():
    rendered = render_decision(
        subject="Ihr Antrag {{ n }}",
        body="Sehr geehrte {{ name }},\n\nAbsatz 2\nZeile 2\n\n\n",
        context={"n": "A&B", "name": "Frau <Müller>"},
    )
    assert rendered.subject == "Ihr Antrag A&B"
    assert rendered.paragraphs == ["Sehr geehrte Frau <Müller>,", "Absatz 2\nZeile 2"]


def test_empty_body_is_refused():
    with pytest.raises(TemplateProblem, match="keinen Text"):
        render_decision(subject="x", body="{% if False %}x{% endif %}", context={})


def test_form_data_by_name_nested_and_repeated():
    items = [
        {"name": "Vorname", "type": "string", "value": "Erika"},
        {"name": "geburts-datum", "type": "date", "value": "1980-02-29"},
        {
            "name": "hund",
            "type": "group",
            "items": [{"name": "name", "type": "string", "value": "Bello"}],
        },
        {
            "name": "hund",
            "type": "group",
            "items": [{"name": "name", "type": "string", "value": "Rex"}],
        },
    ]
    context = form_context(items)
    assert context["vorname"] == "Erika"
    assert context["geburts_datum"] == dt.date(1980, 2, 29)
    assert [h["name"] for h in context["hund"]] == ["Bello", "Rex"]
    assert context["name"] == "Bello"  # bare name: the first one


def test_case_context_holds_plain_data_only(world):
    case = make_case(org_unit=world.unit)
    context = case_context(case, freitext="frei")
    assert context["vorgang"]["nummer"] == case.number
    assert context["antrag"]["taetigkeit"] == "Café"

    def plain(value: object) -> bool:
        if isinstance(value, dict):
            return all(plain(v) for v in value.values())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return isinstance(value, str | int | float | bool | dt.date | type(None))

    assert plain(context)
