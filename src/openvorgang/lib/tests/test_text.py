"""Text a database cannot store is found, with its path (PostgreSQL refuses NUL in text and
JSON; lone surrogates cannot be encoded as UTF-8)."""

from __future__ import annotations

import json

import pytest

from openvorgang.cases.errors import InvalidInput
from openvorgang.cases.formdata import normalize_form_data
from openvorgang.lib.text import unstorable_path


def test_nul_and_lone_surrogates_are_found_with_their_path():
    assert unstorable_path({"a": ["ok", "x\x00y"]}) == "/a/1"
    assert unstorable_path(json.loads('{"b": "\\udc00"}')) == "/b"
    assert unstorable_path(json.loads('{"\\u0000": 1}')) == "/\\x00"
    assert unstorable_path({"a": ["Grüße 😀", 1, None, {"b": "\t\n"}]}) is None


def test_form_data_with_nul_is_refused():
    with pytest.raises(InvalidInput, match="formData/0/value"):
        normalize_form_data([{"name": "x", "value": "a\x00b"}])


def test_a_backslash_followed_by_u0000_is_text_not_nul():
    """The fast check sees ``\\u0000`` in the JSON text of both; only the walk tells them
    apart, and a literal backslash is storable."""
    assert unstorable_path(json.loads('{"a": "C:\\\\u0000\\\\x"}')) is None
    assert unstorable_path(json.loads('{"a": "\\u0000"}')) == "/a"


@pytest.mark.parametrize(
    ("text", "path", "code"),
    [
        ('{"a": [1, {"b": "\\u0000"}]}', "/a/1/b", "invalid_characters"),
        ('{"a": [1, {"b": 1e999}]}', "/a/1/b", "invalid_number"),
        ('{"a": NaN}', "/a", "invalid_number"),
        ("[" * 33 + "]" * 33, "/0" * 32, "too_deep"),
    ],
)
def test_hostile_json_is_refused_with_the_path_of_the_first_problem(text, path, code):
    from openvorgang.lib import jsonsafe

    with pytest.raises(jsonsafe.JsonRefused) as refused:
        jsonsafe.loads(text)
    assert (refused.value.path, refused.value.code) == (path, code)


def test_json_nested_to_the_limit_and_clean_is_accepted():
    from openvorgang.lib import jsonsafe

    assert jsonsafe.loads("[" * 32 + '"Grüße \\\\u0000"' + "]" * 32) is not None
