"""XML from outside is parsed with DTDs, entity declarations and external references
forbidden (no XXE, no billion laughs), streaming, so large documents stay small in memory."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # nosec B405 - types and writing only; parsing goes through defusedxml (lib/xmlsafe)
from typing import IO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse
from django.utils.translation import gettext


class UnsafeXml(ValueError):
    """The document declares a DTD or entities, or is not well-formed."""


def check_xml_stream(stream: IO[bytes]) -> None:
    """Read the whole document once; raise UnsafeXml if it is malformed or unsafe."""
    try:
        for _event, element in iterparse(stream, events=("end",), forbid_dtd=True):
            element.clear()
    except DefusedXmlException as exc:
        raise UnsafeXml(
            gettext("unzulässiges XML-Konstrukt (%(name)s)") % {"name": type(exc).__name__}
        ) from exc
    except ET.ParseError as exc:
        raise UnsafeXml(gettext("kein wohlgeformtes XML: %(exc)s") % {"exc": exc}) from exc


def parse_xml(data: bytes) -> ET.Element:
    """Parse a (small) document into a tree, with the same protections."""
    try:
        return fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise UnsafeXml(
            gettext("unzulässiges XML-Konstrukt (%(name)s)") % {"name": type(exc).__name__}
        ) from exc
    except ET.ParseError as exc:
        raise UnsafeXml(gettext("kein wohlgeformtes XML: %(exc)s") % {"exc": exc}) from exc


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
