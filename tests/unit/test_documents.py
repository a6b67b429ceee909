"""The letterhead documents carry, and the log of what was printed for whom."""

from __future__ import annotations

import datetime as dt

import pytest
from pdf_tools import LETTERHEAD
from sqlalchemy import select

from ccis.errors import ValidationErrors
from paclient.models import AuditEvent, PrintedDocument
from paclient.resources import read_resource

LOGO = read_resource("demo-logo.png")


def _rules(raised: pytest.ExceptionInfo[ValidationErrors]) -> set[tuple[str, str]]:
    return {(e.field, e.rule) for e in raised.value.errors}


def test_the_letterhead_round_trips_with_its_logo(services):
    documents = services.documents
    shown = documents.set_letterhead(**LETTERHEAD, logo=LOGO)
    assert shown.authority == LETTERHEAD["authority"]
    assert shown.address == tuple(LETTERHEAD["address"])
    assert shown.logo == LOGO and documents.letterhead() == shown


@pytest.mark.parametrize(("values", "expected"), [
    ({"authority": "  "}, ("authority", "authority_name")),
    ({"authority": "x" * 121}, ("authority", "authority_name")),
    ({"authority": "A", "address": ["line"] * 7}, ("address", "address_lines")),
    ({"authority": "A", "email": "no-at-sign"}, ("email", "email_format")),
    ({"authority": "A", "logo": b"GIF89a..."}, ("logo", "logo_format")),
    ({"authority": "A", "logo": b"\x89PNG\r\n\x1a\n" + bytes(1_000_001)}, ("logo", "logo_size")),
])
def test_a_bad_letterhead_names_the_field_and_keeps_the_old_one(documents, values, expected):
    with pytest.raises(ValidationErrors) as raised:
        documents.set_letterhead(**values)
    assert expected in _rules(raised)
    assert documents.letterhead().authority == LETTERHEAD["authority"]


def test_a_print_is_logged_for_each_person_with_an_audit_event(services, documents):
    people = [services.people.add_person(given_name="Ana", family_name=f"Log{n}",
                                         date_of_birth=dt.date(2009, 1, 1), gender="F").id
              for n in range(2)]
    assert documents.record_printed("activity-record", people, sensitive_included=True) == 2
    with services.ctx.read() as session:
        rows = session.scalars(select(PrintedDocument)).all()
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "print")).all()
    assert {r.person_id for r in rows} == set(people)
    assert all(r.kind == "activity-record" and r.sensitive_included for r in rows)
    assert {e.person_id for e in events} == set(people)
    assert all(e.detail == {"kind": "activity-record", "sensitive_included": True}
               for e in events)


def test_when_delivery_fails_nothing_is_logged(services, documents):
    def broken() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        documents.record_printed("caseload-review", [None], deliver=broken)
    with services.ctx.read() as session:
        assert session.scalars(select(PrintedDocument)).all() == []


def test_an_unknown_kind_of_document_is_refused(documents):
    with pytest.raises(ValidationErrors):
        documents.record_printed("love-letter", [None])
