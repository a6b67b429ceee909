"""A made-up valid Year 11 cohort as CSV, for the cohort import tests and its benchmark."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from ccis.identifiers import uln_check_digit, upn_check_letter

COLUMNS = ["upn", "uln", "given_name", "middle_name", "family_name", "date_of_birth", "gender",
           "ethnicity", "address_line1", "town", "postcode", "phone", "lead_la", "send",
           "sen_support"]
GIVEN = ["Amira", "Chloé", "Ben", "Dafydd", "Ewa", "Femi", "Grace", "Hamza"]


def make_upn(n: int) -> str:
    """A valid UPN, different for each n (LA 886, school 4001)."""
    body = f"8864001{20 + n // 1000}{n % 1000:03d}"  # LA 886, school 4001, year, serial
    return upn_check_letter(body) + body


def make_uln(n: int) -> str:
    """The n-th ULN whose check digit exists (a remainder giving 10 has none)."""
    first = 400000000 + n * 13
    while (digit := uln_check_digit(str(first))) is None:
        first += 1
    return f"{first}{digit}"


def person(n: int, **changes: str) -> dict[str, str]:
    """Row n of a valid Year 11 cohort (every name and date of birth pair distinct)."""
    suffix = "".join(chr(ord("a") + int(d)) for d in str(n))
    dob = dt.date(2010, 9, 1) + dt.timedelta(days=n % 365)
    row = {"upn": make_upn(n), "uln": make_uln(n), "given_name": GIVEN[n % len(GIVEN)],
           "middle_name": "", "family_name": f"Jones{suffix}",
           "date_of_birth": dob.strftime("%d/%m/%Y"), "gender": "MF"[n % 2], "ethnicity": "WBRI",
           "address_line1": f"{n} High Street", "town": "Maidstone", "postcode": "ME14 1XX",
           "phone": "01622 000000", "lead_la": "886", "send": "N", "sen_support": ""}
    return {**row, **changes}


def write_csv(tmp_path: Path, rows: list[dict[str, str]], *, columns: list[str] = COLUMNS,
              bom: bool = False, name: str = "cohort.csv") -> Path:
    """`rows` as a CSV file in `tmp_path` (`bom`: with a UTF-8 byte order mark)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode())
    return path
