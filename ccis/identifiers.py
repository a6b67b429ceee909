"""Identifier formats (DOMAIN §5.4): each check tidies a value and returns it, or raises.

Every check raises `ValidationError(field, rule, message)` with a stable snake_case rule id.
"""

from __future__ import annotations

import datetime as dt
import re

from stdnum.gb import upn as stdnum_upn

from ccis.codes import CodeBook, load_codebook
from ccis.errors import ValidationError

ULN_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)
_UPN_LAST = "ABCDEFGHJKLMNPQRTUVWXYZ0123456789"  # a temporary UPN ends in one of these letters
_POSTCODE = re.compile(
    r"(?:GIR0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]"
    r"|[A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
_PHONE_SEPARATORS = re.compile(r"[\s\-()]")


def _text(value: object, field: str, rule: str) -> str:
    """The value as stripped text; ValidationError if it is not text."""
    if not isinstance(value, str):
        raise ValidationError(field, rule, "must be text")
    return value.strip()


def check_upn(value: str, field: str = "upn", codebook: CodeBook | None = None) -> str:
    """A Unique Pupil Number, upper-cased without spaces.

    13 characters: a check letter, the 3-digit LA number, the 4-digit school number, 2 digits
    for the year of allocation and a 3-digit serial. The check letter comes from the other 12
    (weights 2 to 13, sum modulo 23 mapped to A-Z without I, O and S). Temporary UPNs end in a
    letter. The LA number must be an English LA in any version of the code lists: a UPN is
    never re-issued, so one allocated by an LA since abolished (Dorset 835 before April 2019)
    stays valid, and one from a new LA (838) is valid from its first version on. It is not
    matched to the year of allocation: that year is a calendar year while LAs change on
    1 April, and a school's system may have kept its old LA number for a while; the check
    letter catches mistyped numbers.
    """
    number = stdnum_upn.compact(_text(value, field, "upn_format"))
    if len(number) != 13:
        raise ValidationError(field, "upn_length", "must be 13 characters")
    if not re.fullmatch(r"[0-9]{11}", number[1:-1]) or number[-1] not in _UPN_LAST:
        raise ValidationError(field, "upn_format",
                              "must be a letter, 11 digits and a digit or letter")
    if not _english_la(number[1:4], codebook):
        raise ValidationError(field, "upn_la", "does not start with a known LA number")
    if stdnum_upn.calc_check_digit(number[1:]) != number[0]:
        raise ValidationError(field, "upn_check_letter", "has the wrong check letter")
    return number


def _english_la(code: str, codebook: CodeBook | None) -> bool:
    """Whether `code` is an English LA (not 000-004) in any version of the code lists."""
    entry = (codebook or load_codebook()).entry("la", code)
    return entry is not None and not entry.attrs.get("pseudo")


def upn_check_letter(first_twelve: str) -> str:
    """The check letter that goes before the 12 other characters of a UPN."""
    body = stdnum_upn.compact(first_twelve)
    if len(body) != 12 or not body[:11].isdigit() or body[11] not in _UPN_LAST:
        raise ValueError("a UPN body is 11 digits and a digit or letter")
    return str(stdnum_upn.calc_check_digit(body))


def uln_check_digit(first_nine: str) -> int | None:
    """The ULN check digit for nine digits, or None when the formula gives 10 (no valid ULN)."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError("a ULN body is nine digits")
    total = sum(w * int(d) for w, d in zip(ULN_WEIGHTS, first_nine, strict=True))
    check = 10 - total % 11
    return None if check == 10 else check


def check_uln(value: str, field: str = "uln") -> str:
    """A Unique Learner Number: 10 digits, the last a check digit (spaces removed)."""
    text = re.sub(r"\s", "", _text(value, field, "uln_format"))
    if len(text) != 10 or not text.isdigit():
        raise ValidationError(field, "uln_format", "must be 10 digits")
    if uln_check_digit(text[:9]) != int(text[9]):
        raise ValidationError(field, "uln_check_digit", "has the wrong check digit")
    return text


def check_postcode(value: str, field: str = "postcode") -> str:
    """A UK postcode, upper case with one space before the inward code (GIR 0AA included)."""
    compact = re.sub(r"\s", "", _text(value, field, "postcode_format")).upper()
    if not _POSTCODE.fullmatch(compact):
        raise ValidationError(field, "postcode_format", "is not a UK postcode")
    return f"{compact[:-3]} {compact[-3:]}"


def check_young_persons_id(value: str, field: str = "ccis_id") -> str:
    """A CCIS YoungPersonsID: 13 digits, the 3-digit database id and the local id
    zero-padded (4440000123456)."""
    text = _text(value, field, "young_persons_id_format")
    if not re.fullmatch(r"[0-9]{13}", text):
        raise ValidationError(field, "young_persons_id_format",
                              "must be 13 digits: the CCIS database number and the local number")
    return text


def check_ukprn(value: str, field: str = "ukprn") -> str:
    """A UK Provider Reference Number: 8 digits starting with 1."""
    text = _text(value, field, "ukprn_format")
    if not re.fullmatch(r"1[0-9]{7}", text):
        raise ValidationError(field, "ukprn_format", "must be 8 digits starting with 1")
    return text


def check_establishment_number(value: str, field: str = "establishment_number",
                               codebook: CodeBook | None = None) -> str:
    """A DfE establishment number: an English LA number and 4 digits ('886/4001' allowed)."""
    text = re.sub(r"[\s/-]", "", _text(value, field, "establishment_number_format"))
    if not re.fullmatch(r"[0-9]{7}", text):
        raise ValidationError(field, "establishment_number_format",
                              "must be a 3-digit LA number and a 4-digit school number")
    if not _english_la(text[:3], codebook):
        raise ValidationError(field, "establishment_number_la",
                              f"'{text[:3]}' is not an English LA number")
    return text


def check_la_code(value: str, field: str = "la", codebook: CodeBook | None = None, *,
                  on: dt.date | None = None, until: dt.date | None = None) -> str:
    """A three-digit LA code in the code book (000-004 for outside England and unknown).

    With `on`, the code must be in the list in force on `on` (or on some day up to `until`):
    LAs change with local government (Dorset 838 replaced 835-837 on 1 April 2019), and
    `ccis.la_dates` says which day each LA field is checked on.
    """
    text = _text(value, field, "la_code_format")
    if not re.fullmatch(r"[0-9]{3}", text):
        raise ValidationError(field, "la_code_format", "must be 3 digits")
    book = codebook or load_codebook()
    if book.entry("la", text) is None:
        raise ValidationError(field, "la_code", f"'{text}' is not an LA code")
    if on is not None and not book.valid_during("la", text, on, until or on):
        since, ended = book.span("la", text)
        label = book.label("la", text)
        raise ValidationError(field, "la_code_in_force", (
            f"LA {text} ({label}) was replaced on {ended:%d/%m/%Y}: use the LA that took over"
            if ended is not None and ended <= on else
            f"LA {text} ({label}) only exists from {since:%d/%m/%Y}"))
    return text


def check_email(value: str, field: str = "email") -> str:
    """An email address with one @ and a dotted domain; the domain is lower-cased."""
    text = _text(value, field, "email_format")
    if len(text) > 254 or not _EMAIL.fullmatch(text):
        raise ValidationError(field, "email_format", "is not an email address")
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def check_phone(value: str, field: str = "phone") -> str:
    """A UK phone number, leniently: 10-13 digits after 0 or +44, with spaces, - or ( )."""
    text = " ".join(_text(value, field, "phone_format").split())
    bare = _PHONE_SEPARATORS.sub("", text)
    if not re.fullmatch(r"\+?[0-9]+", bare):
        raise ValidationError(field, "phone_format", "may hold only digits, spaces and +")
    if not 10 <= len(bare.lstrip("+")) <= 13:
        raise ValidationError(field, "phone_length", "must have 10 to 13 digits")
    if not bare.startswith(("0", "+44")):
        raise ValidationError(field, "phone_uk", "must start with 0 or +44")
    return text
