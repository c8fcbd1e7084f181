"""The JSON parser of every API operation: strict (``lib.jsonsafe``), so non-finite numbers,
absurd nesting and unstorable characters are a 400 naming the path, never a 500."""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from openvorgang.lib import jsonsafe


class StrictJSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
            return jsonsafe.loads(text)
        except jsonsafe.JsonRefused as exc:
            raise ParseError(
                gettext("JSON abgelehnt: %(exc)s") % {"exc": exc}, code=exc.code
            ) from exc
        except ValueError as exc:
            raise ParseError(gettext("Kein gültiges JSON: %(exc)s") % {"exc": exc}) from exc
