"""Reading a cohort CSV file: header, cells, dates and Y/N flags, duplicates within the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paclient.errors import ImportFileInvalid
from paclient.services.people.duplicates import person_key

COLUMNS = (
    "upn", "uln", "given_name", "middle_name", "family_name", "preferred_name", "date_of_birth",
    "gender", "ethnicity", "address_line1", "address_line2", "address_line3", "address_line4",
    "town", "postcode", "phone", "email", "establishment_number", "lead_la", "educated_la",
    "send", "sen_support",
)
REQUIRED = ("given_name", "family_name", "date_of_birth")
CODES = ("gender", "ethnicity", "lead_la", "educated_la")  # read in upper case: f is F
# Excel writes semicolons or tabs between cells in some locales.
SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs"}
_FLAGS = {"y": True, "yes": True, "true": True, "1": True,
          "n": False, "no": False, "false": False, "0": False}
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem with one cell: `row` is the CSV line number (the header is line 1)."""

    row: int
    column: str
    rule: str
    message: str

    def line(self) -> str:
        """The report line, e.g. "row 7, upn: wrong check letter [upn_check]"."""
        return f"row {self.row}, {self.column}: {self.message} [{self.rule}]"


class CellInvalid(ValueError):
    """A cell that cannot be read as its column's type."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule, self.message = rule, message


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data line: its non-blank cells, parsed, and the cells that could not be parsed."""

    line: int
    values: dict[str, Any]
    errors: tuple[RowError, ...]


@dataclass(frozen=True, slots=True)
class CohortFile:
    rows: list[CsvRow]
    unknown_columns: list[str]


def read_cohort(path: Path) -> CohortFile:
    """The rows of a cohort file; ImportFileInvalid for problems with the file as a whole."""
    text = _decode(path)
    separator = _separator(text)
    records = list(_records(path, text, separator))
    if not records:
        raise ImportFileInvalid(path, "it has no header row")
    (_, header), body = records[0], records[1:]
    columns, unknown = _columns(path, header, [cells for _, cells in body], separator)
    return CohortFile([_parse(line, columns, cells) for line, cells in body], unknown)


def duplicate_errors(rows: list[CsvRow]) -> list[RowError]:
    """Rows repeating an earlier row's UPN, ULN, or name and date of birth."""
    seen: dict[tuple[object, ...], int] = {}
    errors = []
    for row in rows:
        for column, key, what in _keys(row.values):
            first = seen.setdefault(key, row.line)
            if first != row.line:
                errors.append(RowError(row.line, column, "duplicate",
                                       f"same {what} as row {first}"))
    return errors


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileInvalid(path, "there is no such file") from None
    except OSError as exc:
        raise ImportFileInvalid(path, exc.strerror or "it cannot be read") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:
        raise ImportFileInvalid(path, "it is not UTF-8 text (save it as 'CSV UTF-8')")
    return text


def _separator(text: str) -> str:
    """The separator that reads the most known column names from the first line with any
    text (commas when none does better)."""
    first = next((line for line in text.splitlines() if line.strip()), "")

    def known(separator: str) -> int:
        cells = next(csv.reader([first], delimiter=separator), [])
        return len({_name(cell) for cell in cells} & set(COLUMNS))

    return max(SEPARATORS, key=known)  # max keeps the first (",") among equals


def _records(path: Path, text: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) of every record that is not empty."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileInvalid(path, f"line {reader.line_num} is not valid CSV ({exc})") from None


def _name(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _columns(path: Path, header: list[str], body: list[list[str]],
             separator: str) -> tuple[list[str | None], list[str]]:
    """The known column at each position; unknown names (unnamed ones only if they hold data)."""
    names = [_name(cell) for cell in header]
    repeated = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if repeated:
        raise ImportFileInvalid(path, f"column(s) {', '.join(repeated)} appear more than once")
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise ImportFileInvalid(path, (
            f"required column(s) missing: {', '.join(missing)} (the header was read with "
            f"{SEPARATORS[separator]} between columns; commas, semicolons and tabs are "
            "understood)"))
    unknown = [cell.strip() or f"(column {i} has no name)"
               for i, (cell, n) in enumerate(zip(header, names, strict=True), 1)
               if n not in COLUMNS and (n or _has_data(body, i - 1))]
    return [n if n in COLUMNS else None for n in names], unknown


def _has_data(body: list[list[str]], index: int) -> bool:
    return any(len(cells) > index and cells[index].strip() for cells in body)


def _parse(line: int, columns: list[str | None], cells: list[str]) -> CsvRow:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column, cell in zip(columns, cells, strict=False):
        text = cell.strip()
        if column is None or not text:
            continue
        try:
            values[column] = _convert(column, text)
        except CellInvalid as exc:
            errors.append(RowError(line, column, exc.rule, exc.message))
    if any(cell.strip() for cell in cells[len(columns):]):
        errors.append(RowError(line, "(row)", "extra_cells",
                               f"has {len(cells)} cells but the header has {len(columns)}"))
    return CsvRow(line, values, tuple(errors))


def _convert(column: str, text: str) -> Any:
    if column == "date_of_birth":
        return parse_date(text)
    if column in CODES:
        return text.upper()
    if column in ("send", "sen_support"):
        flag = _FLAGS.get(text.lower())
        if flag is None:
            raise CellInvalid("yes_no", f"'{text}' is not Y or N")
        return flag
    return text


def parse_date(text: str) -> dt.date:
    """A date written dd/mm/yyyy or yyyy-mm-dd; CellInvalid otherwise."""
    if match := _UK_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise CellInvalid("date_format", f"'{text}' is not a date written dd/mm/yyyy or yyyy-mm-dd")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellInvalid("date_format", f"'{text}' is not a real date") from None


def _keys(values: dict[str, Any]) -> Iterator[tuple[str, tuple[object, ...], str]]:
    if upn := values.get("upn"):
        yield "upn", ("upn", "".join(upn.split()).upper()), "UPN"
    if uln := values.get("uln"):
        yield "uln", ("uln", "".join(uln.split())), "ULN"
    if key := person_key(values):
        yield "date_of_birth", ("person", *key), "name and date of birth"
