"""Test helpers: a case with everything an export has to carry, and ZIP readers."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from openvorgang.cases.incoming import IncomingFile
from openvorgang.cases.models import CaseStatus
from openvorgang.casework.services import comment_add
from openvorgang.decisions.models import DecisionKind, DecisionTemplate
from openvorgang.decisions.services import decision_issue
from openvorgang.mailbox.services import message_send, reply_receive
from openvorgang.testing.factories import PDF_BYTES, make_case

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000000000500010d0a2db40000000049454e44ae426082"
)


def full_case(world, *, status=CaseStatus.IN_BEARBEITUNG, decide=True):
    """A case with representation, attachments, a note with a file, a question with a
    file, a reply with a file and (optionally) a decision."""
    case = make_case(
        org_unit=world.unit,
        status=status if not decide else CaseStatus.IN_BEARBEITUNG,
        applicant_email="j@example.org",
        applicant_street="Holstenstraße 1",
        applicant_postal_code="24103",
        applicant_city="Kiel",
        file_number="32.10/2026/1",
    )
    comment_add(
        case=case,
        actor=world.caseworker,
        text="Vermerk: Auskunft eingeholt",
        files=[IncomingFile(io.BytesIO(PNG), "Lageplan.png")],
    )
    message_send(
        case=case,
        actor=world.caseworker,
        text="Bitte Nachweis senden.",
        files=[IncomingFile(io.BytesIO(PDF_BYTES), "Hinweis.pdf")],
    )
    reply_receive(
        case=case,
        text="Anbei.",
        files=[IncomingFile(io.BytesIO(PDF_BYTES + b"%r"), "Nachweis.pdf")],
    )
    if decide:
        template = DecisionTemplate.objects.create(
            tenant=world.tenant,
            kind=DecisionKind.APPROVAL,
            name="B",
            subject="Ihr Antrag",
            body="Genehmigt für {{ antragsteller.name }}.",
        )
        decision_issue(case=case, actor=world.caseworker, template=template)
        case.refresh_from_db()
        if status != CaseStatus.BESCHIEDEN:
            from openvorgang.cases.models import Case

            Case.objects.filter(pk=case.pk).update(status=status)
            case.refresh_from_db()
    return case


def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def message_of(files: dict[str, bytes]) -> etree._Element:
    name = next(n for n in files if n.endswith("_Abgabe.Abgabe.0401.xml"))
    return etree.fromstring(files[name], etree.XMLParser(resolve_entities=False))
