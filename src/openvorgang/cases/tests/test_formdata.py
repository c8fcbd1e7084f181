from __future__ import annotations

import pytest

from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.formdata import iter_values, normalize_form_data


def test_ozg_shape_with_nested_groups_and_extras():
    tree = normalize_form_data(
        [
            {
                "name": "person",
                "label": "Person",
                "type": "group",
                "formItems": [
                    {"name": "vorname", "label": "Vorname", "stringValue": "Käthe"},
                    {"name": "alter", "label": "Alter", "numberValue": 42},
                    {"name": "geb", "label": "Geburtsdatum", "dateValue": "1984-02-29"},
                    {"name": "ok", "label": "Einverstanden", "booleanValue": True, "pflicht": True},
                ],
            },
            {"name": "hunde", "label": "Hunde", "type": "repeat", "formItems": []},
            {"name": "leer", "label": "Abschnitt ohne Werte"},
        ]
    )
    person = tree[0]
    assert person["type"] == "group"
    assert [i["type"] for i in person["items"]] == ["string", "number", "date", "boolean"]
    assert person["items"][3]["extra"] == {"pflicht": True}
    assert tree[1]["extra"] == {"type": "repeat"}
    assert tree[2] == {
        "name": "leer",
        "label": "Abschnitt ohne Werte",
        "type": "group",
        "items": [],
    }
    assert iter_values(tree)[0] == ("Person › Vorname", "Käthe")


def test_native_shape_round_trips():
    tree = normalize_form_data([{"name": "a", "label": "A", "type": "number", "value": 3}])
    assert normalize_form_data(tree) == tree


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ({"a": 1}, "Liste"),
        (["text"], "Objekt"),
        ([{"name": 1}], "Texte"),
        ([{"name": "d", "dateValue": "31.02.2026"}], "Typ date"),
        ([{"name": "n", "numberValue": "viele"}], "Typ number"),
        ([{"name": "b", "booleanValue": "ja"}], "Typ boolean"),
    ],
)
def test_bad_items_name_their_path(items, message):
    with pytest.raises(InvalidInput, match=message):
        normalize_form_data(items)


def test_depth_is_limited():
    node: dict = {"name": "leaf", "stringValue": "x"}
    for _ in range(60):
        node = {"name": "g", "formItems": [node]}
    with pytest.raises(InvalidInput, match="verschachtelt"):
        normalize_form_data([node])


def test_repeated_groups_render_as_a_table_and_long_values_fold(world):
    from django.test import Client

    from openvorgang.testing.factories import make_case

    dogs = [
        {"name": f"hund{i}", "label": f"Hund {i}", "items": [
            {"name": "name", "label": "Name", "value": name},
            {"name": "rasse", "label": "Rasse", "value": breed},
        ]}
        for i, (name, breed) in enumerate([("Bello", "Dackel"), ("Rex", "Pudel")], start=1)
    ]  # fmt: skip
    long_text = "Begründung " * 40
    case = make_case(
        org_unit=world.unit,
        form_data=[
            {"name": "hunde", "label": "Hunde", "items": dogs},
            {"name": "text", "label": "Begründung", "value": long_text.strip()},
        ],
    )
    client = Client()
    client.force_login(world.caseworker)
    page = client.get(f"/vorgaenge/{case.pk}/").content.decode()
    assert '<table class="kern-table kern-table--small repeated">' in page
    assert '<th class="kern-table__header" scope="col">Rasse</th>' in page
    assert (
        '<th class="kern-table__header" scope="row">Hund 2</th>'
        '<td class="kern-table__cell">Rex</td><td class="kern-table__cell">Pudel</td>'
    ) in page
    assert "<details><summary>Begründung Begründung" in page


def test_the_representation_pdf_is_previewed_on_the_case_page(world):
    from django.test import Client

    from openvorgang.testing.factories import make_case

    case = make_case(org_unit=world.unit)
    pdf = case.files.get(kind="representation")
    client = Client()
    client.force_login(world.caseworker)
    page = client.get(f"/vorgaenge/{case.pk}/").content.decode()
    # loaded when its preview is opened (tabs.js sets data from data-src)
    assert f'id="vorschau-{pdf.pk}" data-preview' in page
    assert f'data-src="/vorgaenge/{case.pk}/dateien/{pdf.pk}/?anzeigen=1"' in page
    response = client.get(f"/vorgaenge/{case.pk}/dateien/{pdf.pk}/?anzeigen=1")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Disposition"].startswith("inline")
