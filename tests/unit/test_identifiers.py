"""Identifier formats: UPN, ULN, postcode, UKPRN, establishment number, LA, email, phone."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

import pytest

from ccis import identifiers as ids
from ccis.errors import ValidationError


def _rule(check: Callable[[str], str], value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        check(value)
    return caught.value.rule


# --- UPN --------------------------------------------------------------------------------


def test_known_valid_upn_is_normalised() -> None:
    assert ids.check_upn("B801200005001") == "B801200005001"
    assert ids.check_upn(" b8012 0000 5001 ") == "B801200005001"


def test_check_letter_worked_by_hand() -> None:
    # 8,0,1,2,0,0,0,0,5,0,0,1 weighted 2..13: 16 + 4 + 10 + 50 + 13 = 93; 93 mod 23 = 1 -> B
    assert ids.upn_check_letter("801200005001") == "B"


@pytest.mark.parametrize(("value", "rule"), [
    ("A801200005001", "upn_check_letter"),
    ("E000200005001", "upn_la"),
    ("X80120000A001", "upn_format"),
    ("B80120000500", "upn_length"),
    ("", "upn_length"),
])
def test_invalid_upns(value: str, rule: str) -> None:
    assert _rule(ids.check_upn, value) == rule


def test_temporary_upn_ending_in_a_letter() -> None:
    body = "80120000501A"
    upn = ids.upn_check_letter(body) + body
    assert ids.check_upn(upn) == upn
    assert _rule(ids.check_upn, ("A" if upn[0] != "A" else "B") + body) == "upn_check_letter"


def test_upn_error_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        ids.check_upn("A801200005001", "previous_upn")
    assert caught.value.field == "previous_upn"


def test_upn_check_letter_rejects_bad_bodies() -> None:
    with pytest.raises(ValueError):
        ids.upn_check_letter("8012000050")


# --- ULN --------------------------------------------------------------------------------


def test_uln_check_digit_worked_by_hand() -> None:
    # 1*10 + 2*9 + 3*8 + 4*7 + 5*6 + 6*5 + 7*4 + 8*3 + 9*2 = 210; 210 mod 11 = 1; 10 - 1 = 9
    assert ids.uln_check_digit("123456789") == 9
    assert ids.check_uln("1234567899") == "1234567899"
    # 1*10 = 10; 10 mod 11 = 10; 10 - 10 = 0
    assert ids.uln_check_digit("100000000") == 0
    # sum 0 -> 10 - 0 = 10: no valid ULN has this body
    assert ids.uln_check_digit("000000000") is None


def test_computed_ulns_pass_and_every_other_last_digit_fails() -> None:
    rng = random.Random(7)
    checked = 0
    while checked < 50:
        nine = str(rng.randrange(10**8, 10**9))
        digit = ids.uln_check_digit(nine)
        if digit is None:
            assert all(_rule(ids.check_uln, nine + str(d)) == "uln_check_digit"
                       for d in range(10))
            continue
        assert ids.check_uln(nine + str(digit)) == nine + str(digit)
        for other in set(range(10)) - {digit}:
            assert _rule(ids.check_uln, nine + str(other)) == "uln_check_digit"
        checked += 1


@pytest.mark.parametrize("value", ["123456789", "12345678999", "12345678X9", ""])
def test_uln_format(value: str) -> None:
    assert _rule(ids.check_uln, value) == "uln_format"


def test_uln_spaces_are_removed() -> None:
    assert ids.check_uln(" 12345 67899 ") == "1234567899"


# --- postcodes --------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "clean"), [
    ("SW1A 1AA", "SW1A 1AA"), ("sw1a1aa", "SW1A 1AA"), ("  M1   1AE ", "M1 1AE"),
    ("B33 8TH", "B33 8TH"), ("CR2 6XH", "CR2 6XH"), ("DN55 1PT", "DN55 1PT"),
    ("W1A 0AX", "W1A 0AX"), ("EC1A 1BB", "EC1A 1BB"), ("gir0aa", "GIR 0AA"),
    ("DX12 3AB", "DX12 3AB"),  # the demo's made-up area: well-formed
])
def test_valid_postcodes(value: str, clean: str) -> None:
    assert ids.check_postcode(value) == clean


@pytest.mark.parametrize("value", ["SW1A", "12345", "QA1 1AA", "SW1A 1AC", "AAA 1AA",
                                   "SW1A 1A", "M1 1AE X", ""])
def test_invalid_postcodes(value: str) -> None:
    assert _rule(ids.check_postcode, value) == "postcode_format"


# --- providers and LAs ------------------------------------------------------------------


def test_ukprn() -> None:
    assert ids.check_ukprn("10012345") == "10012345"
    assert _rule(ids.check_ukprn, "20012345") == "ukprn_format"
    assert _rule(ids.check_ukprn, "1001234") == "ukprn_format"
    assert _rule(ids.check_ukprn, "100123456") == "ukprn_format"


def test_establishment_number() -> None:
    assert ids.check_establishment_number("8864001") == "8864001"
    assert ids.check_establishment_number("886/4001") == "8864001"
    assert _rule(ids.check_establishment_number, "886400") == "establishment_number_format"
    assert _rule(ids.check_establishment_number, "9994001") == "establishment_number_la"
    assert _rule(ids.check_establishment_number, "0044001") == "establishment_number_la"


def test_la_code() -> None:
    assert ids.check_la_code("886") == "886"
    assert ids.check_la_code(" 004 ", "lead_la") == "004"
    assert _rule(ids.check_la_code, "999") == "la_code"
    assert _rule(ids.check_la_code, "88") == "la_code_format"
    with pytest.raises(ValidationError) as caught:
        ids.check_la_code("999", "educated_la")
    assert caught.value.field == "educated_la"


# --- contact details --------------------------------------------------------------------


def test_email() -> None:
    assert ids.check_email(" Jo.Smith@Example.ORG ") == "Jo.Smith@example.org"
    for bad in ("no-at-sign", "a@b", "a b@c.com", "a@@c.com", "@c.com", "a@c..com"):
        assert _rule(ids.check_email, bad) == "email_format", bad


@pytest.mark.parametrize(("value", "clean"), [
    ("07700 900123", "07700 900123"), ("+44 7700 900123", "+44 7700 900123"),
    ("(01632) 960 001", "(01632) 960 001"), ("0770090012", "0770090012"),
    (" 07700  900123 ", "07700 900123"), ("0161-496-0000", "0161-496-0000"),
])
def test_valid_phones(value: str, clean: str) -> None:
    assert ids.check_phone(value) == clean


@pytest.mark.parametrize(("value", "rule"), [
    ("123", "phone_length"), ("07700 9001x3", "phone_format"), ("077+00900123", "phone_format"),
    ("17700900123", "phone_uk"), ("+1 202 555 0100", "phone_uk"),
    ("0044 7700 900123 1", "phone_length"),
])
def test_invalid_phones(value: str, rule: str) -> None:
    assert _rule(ids.check_phone, value) == rule


def test_non_text_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        ids.check_postcode(12345)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("postcode", "postcode_format")


# --- issue 14 finding 10: LAs follow local government changes -----------------------------

def _upn(la: str, year: str = "20") -> str:
    body = f"{la}4001{year}123"
    return ids.upn_check_letter(body) + body


@pytest.mark.parametrize("la", ["838", "839", "940", "941", "942", "943"])
def test_a_upn_from_a_new_la_is_valid(la: str) -> None:
    assert ids.check_upn(_upn(la)) == _upn(la)


@pytest.mark.parametrize("la", ["835", "836", "837", "928", "909"])
def test_a_upn_from_an_la_abolished_since_stays_valid(la: str) -> None:
    assert ids.check_upn(_upn(la, "12")) == _upn(la, "12")


@pytest.mark.parametrize("la", ["000", "004", "999", "834"])
def test_a_upn_from_no_english_la_is_refused(la: str) -> None:
    assert _rule(ids.check_upn, _upn(la)) == "upn_la"


DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(("day", "new", "old"), [
    (dt.date(2019, 4, 1), "838", "835"), (dt.date(2019, 4, 1), "839", "837"),
    (dt.date(2021, 4, 1), "940", "928"), (dt.date(2021, 4, 1), "941", "928"),
    (dt.date(2023, 4, 1), "942", "909"), (dt.date(2023, 4, 1), "943", "909")])
def test_an_la_code_is_checked_against_the_list_in_force_on_its_day(
        day: dt.date, new: str, old: str) -> None:
    assert ids.check_la_code(old, on=day - DAY) == old
    assert ids.check_la_code(new, on=day) == new
    with pytest.raises(ValidationError) as early:
        ids.check_la_code(new, "lead_la", on=day - DAY)
    with pytest.raises(ValidationError) as late:
        ids.check_la_code(old, "lead_la", on=day)
    assert (early.value.rule, late.value.rule) == ("la_code_in_force", "la_code_in_force")
    assert early.value.message.endswith(f"only exists from {day:%d/%m/%Y}")
    assert f"was replaced on {day:%d/%m/%Y}" in late.value.message
    assert ids.check_la_code(old) == old and ids.check_la_code(new) == new  # undated: stored


def test_an_la_code_in_force_on_one_day_of_a_span_is_valid() -> None:
    assert ids.check_la_code("838", on=dt.date(2018, 9, 1), until=dt.date(2019, 4, 1)) == "838"
    assert _rule(lambda v: ids.check_la_code(v, on=dt.date(2018, 9, 1),
                                             until=dt.date(2019, 3, 31)), "838") == \
        "la_code_in_force"
