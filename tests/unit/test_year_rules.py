"""The rules of September Guarantee statuses and intended destinations (issue 14, findings 3
and 17), each on the day its answer changes."""

from __future__ import annotations

import datetime as dt

import pytest

from ccis import year_rules
from ccis.codes import CodeBook, load_codebook
from ccis.errors import ValidationErrors

D = dt.date
DOB = D(2010, 3, 15)  # Year 11 in 2025-26, Year 12 in 2026-27
TODAY = D(2026, 11, 22)


@pytest.fixture(scope="module")
def book() -> CodeBook:
    return load_codebook()


def _offer(book: CodeBook, status: str, year: int, on: dt.date) -> set[str]:
    entry = book.entry("guarantee_status", status, on)
    assert entry is not None
    try:
        year_rules.check_guarantee_offer(status_entry=entry, year_group=year, recorded_on=on,
                                         dob=DOB, on_date=TODAY)
    except ValidationErrors as caught:
        return {e.rule for e in caught.errors}
    return set()


def _destination(on: dt.date, dob: dt.date = DOB) -> set[str]:
    try:
        year_rules.check_intended_destination(recorded_on=on, dob=dob, on_date=TODAY)
    except ValidationErrors as caught:
        return {e.rule for e in caught.errors}
    return set()


@pytest.mark.parametrize("status", ["114", "115"])
def test_finding_03_114_and_115_are_year_12_only(book: CodeBook, status: str) -> None:
    assert _offer(book, status, 11, D(2026, 9, 30)) == {"guarantee_status_year"}
    assert _offer(book, status, 12, D(2026, 10, 1)) == set()


def test_finding_03_the_year_is_the_persons_own_guarantee_year_on_the_day(
        book: CodeBook) -> None:
    """In September the Guarantee still concerns the Year 11 just finished; from 1 October,
    Year 12 (`rules.guarantee_year`)."""
    assert _offer(book, "110", 11, D(2026, 9, 30)) == set()
    assert _offer(book, "110", 11, D(2026, 10, 1)) == {"guarantee_own_year"}
    assert _offer(book, "110", 12, D(2026, 9, 30)) == {"guarantee_own_year"}
    assert _offer(book, "110", 12, D(2026, 10, 1)) == set()
    assert _offer(book, "110", 11, D(2025, 9, 30)) == {"guarantee_year"}  # just began Year 11
    assert _offer(book, "110", 11, D(2025, 10, 1)) == set()


def test_finding_03_a_status_cannot_be_recorded_in_the_future(book: CodeBook) -> None:
    assert _offer(book, "110", 12, TODAY) == set()
    assert _offer(book, "110", 12, TODAY + dt.timedelta(days=1)) == {"not_in_future"}


def test_finding_17_an_intended_destination_is_recorded_in_year_11_only() -> None:
    assert _destination(D(2025, 8, 31)) == {"destination_year_11"}  # Year 10
    assert _destination(D(2025, 9, 1)) == set()
    assert _destination(D(2026, 8, 31)) == set()
    assert _destination(D(2026, 9, 1)) == {"destination_year_11"}  # Year 12


def test_finding_17_an_intended_destination_cannot_be_recorded_in_the_future() -> None:
    year_11 = D(2011, 3, 15)  # Year 11 in 2026-27
    assert _destination(TODAY, year_11) == set()
    assert _destination(TODAY + dt.timedelta(days=1), year_11) == {"not_in_future"}
