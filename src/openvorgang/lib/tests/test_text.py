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
