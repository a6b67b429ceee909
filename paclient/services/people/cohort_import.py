"""Importing a school roll or Year 11 cohort from CSV: validate every row, then match and write.

A row matching an existing person (by UPN, else ULN, else name and date of birth) updates that
person; blank cells never erase, and a UPN or ULN already on record is never replaced. All
writes of one import happen in one transaction, with one "import" audit event summing it up.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis.errors import ValidationError, ValidationErrors
from ccis.person_rules import NOTHING, OnRecord, PersonFacts, person_problems
from paclient.models import YoungPerson
from paclient.services.context import Context
from paclient.services.people.cohort_csv import (
    COLUMNS,
    CsvRow,
    RowError,
    duplicate_errors,
    read_cohort,
)
from paclient.services.people.details import PERSON_FIELDS, validate_person
from paclient.services.people.duplicates import name_key, person_key
from paclient.services.people.on_record import on_records

__all__ = ["CohortImporter", "ImportReport", "RowError"]

_CHUNK = 500  # keys per IN (...) query, well under SQLite's variable limit
_NAMES = ("given_name", "middle_name", "family_name", "preferred_name")
_KEYS = (("upn", "UPN"), ("uln", "ULN"), ("name", "name and date of birth"))


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, for a dry run or a refused file, would have done)."""

    created: int
    updated: int
    unchanged: int
    skipped: int
    errors: list[RowError]
    unknown_columns: list[str]
    dry_run: bool
    refused: bool = False  # rows had errors and --skip-invalid was not given: nothing imported

    def lines(self) -> list[str]:
        """The plain-text report the command line prints."""
        lines = [e.line() for e in self.errors]
        if self.unknown_columns:
            lines.append(f"Unknown columns ignored: {', '.join(self.unknown_columns)}")
        if self.refused:
            lines.append(f"Nothing was imported: {self.skipped} row(s) have errors; "
                         "correct them or use --skip-invalid.")
            return lines
        verbs = ("would create", "would update") if self.dry_run else ("created", "updated")
        lines.append(f"{verbs[0].capitalize()} {self.created}, {verbs[1]} {self.updated}, "
                     f"unchanged {self.unchanged}, skipped {self.skipped} (invalid).")
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        return lines


@dataclass
class _Plan:
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[uuid.UUID, dict[str, Any], int | None]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


class CohortImporter:
    """`paclient import cohort`: one file, one transaction, a report of every problem."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def run(self, path: Path, *, dry_run: bool = False,
            skip_invalid: bool = False) -> ImportReport:
        """Import `path`; row problems are reported, file problems raise ImportFileInvalid."""
        cohort = read_cohort(path)
        valid, errors = self._validate(cohort.rows)
        with (self._ctx.read() if dry_run else self._ctx.write.begin()) as session:
            plan = self._plan(session, valid, errors)
            skipped = len({e.row for e in plan.errors})
            refused = bool(plan.errors) and not skip_invalid
            if not (refused or dry_run):
                self._write(session, plan, skipped)
        errors = sorted(plan.errors, key=lambda e: (e.row, _column_order(e.column)))
        if refused:
            return ImportReport(0, 0, 0, skipped, errors, cohort.unknown_columns, dry_run, True)
        return ImportReport(len(plan.creates), len(plan.updates), plan.unchanged, skipped,
                            errors, cohort.unknown_columns, dry_run)

    def _validate(self, rows: list[CsvRow]) -> tuple[list[tuple[int, dict[str, Any]]],
                                                     list[RowError]]:
        """Each row's clean values through the app's own person rules, and every error."""
        errors = duplicate_errors(rows)
        valid = []
        for row in rows:
            clean, row_errors = self._check_row(row)
            errors.extend(row_errors)
            if clean is not None:
                valid.append((row.line, clean))
        bad = {e.row for e in errors}
        return [(line, clean) for line, clean in valid if line not in bad], errors

    def _check_row(self, row: CsvRow) -> tuple[dict[str, Any] | None, list[RowError]]:
        unreadable = {e.column for e in row.errors}
        try:  # the person rules wait for the match: an update is judged with the record
            clean = validate_person(row.values, self._ctx, changed=())
        except ValidationErrors as many:
            return None, [*row.errors, *(RowError(row.line, e.field, e.rule, e.message)
                                         for e in many.errors if e.field not in unreadable)]
        return (None, list(row.errors)) if row.errors else (clean, [])

    def _plan(self, session: Session, valid: list[tuple[int, dict[str, Any]]],
              errors: list[RowError]) -> _Plan:
        """Sort valid rows into creates, updates and unchanged, adding matching problems."""
        plan = _Plan(errors=list(errors))
        index = _Index(session, [clean for _, clean in valid])
        claimed: dict[uuid.UUID, int] = {}
        matched: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
        for line, clean in valid:
            try:
                person = index.match(line, clean)
                if person is None:
                    self._stage_create(plan, line, clean)
                    continue
                _claim(claimed, person["id"], line)
                matched.append((line, person, clean))
            except _RowProblem as problem:
                plan.errors.extend(problem.errors)
        records = on_records(session, [p["id"] for _, p, _ in matched], self._ctx.today(),
                             self._ctx.codebook)
        for line, person, clean in matched:
            try:
                self._stage_update(plan, line, person, clean, records.get(person["id"], NOTHING))
            except _RowProblem as problem:
                plan.errors.extend(problem.errors)
        return plan

    def _stage_create(self, plan: _Plan, line: int, clean: dict[str, Any]) -> None:
        facts = PersonFacts.from_values(clean)
        found = [] if facts is None else person_problems(
            facts, on=self._ctx.today(), codebook=self._ctx.codebook, policy=self._ctx.policy)
        if found:
            raise _RowProblem(_row_errors(line, found))
        plan.creates.append(clean)

    def _stage_update(self, plan: _Plan, line: int, person: dict[str, Any],
                      clean: dict[str, Any], on_record: OnRecord) -> None:
        current = {f: person[f] for f in PERSON_FIELDS}
        touched = {k for k in clean if _differs(k, current[k], clean[k])}
        try:
            merged = validate_person({**current, **clean}, self._ctx, before=current,
                                     on_record=on_record, changed=touched)
        except ValidationErrors as many:
            raise _RowProblem(_row_errors(line, many.errors)) from None
        changed = {k: merged[k] for k in clean if _differs(k, current[k], merged[k])}
        if changed:
            plan.updates.append((person["id"], changed, person["rev"]))
        else:
            plan.unchanged += 1

    def _write(self, session: Session, plan: _Plan, skipped: int) -> None:
        changes = self._ctx.changes(session)
        for clean in plan.creates:
            row = changes.insert(YoungPerson, **{"adviser_id": self._ctx.actor.adviser_id,
                                                 **clean})
            changes.audit("create", "young_person", row["id"], row["id"])
        for person_id, changed, rev in plan.updates:
            changes.update(YoungPerson, person_id, changed, rev)
            changes.audit("update", "young_person", person_id, person_id,
                          fields=sorted(changed))
        changes.audit("import", "cohort", created=len(plan.creates),
                      updated=len(plan.updates), unchanged=plan.unchanged, skipped=skipped)
        changes.flush()


class _RowProblem(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__()
        self.errors = errors


class _Index:
    """Existing people who might match the file, found by a few set-based queries."""

    def __init__(self, session: Session, rows: Sequence[dict[str, Any]]) -> None:
        self._by: dict[str, dict[object, list[dict[str, Any]]]] = defaultdict(
            lambda: defaultdict(list))
        wanted = [YoungPerson.upn, YoungPerson.uln, YoungPerson.date_of_birth]
        people: dict[uuid.UUID, dict[str, Any]] = {}
        for column in wanted:
            keys = sorted({r[column.key] for r in rows if r.get(column.key)})
            for person in _people_where(session, column, keys):
                people[person["id"]] = person
        for person in people.values():
            for kind, key in _match_keys(person):
                self._by[kind][key].append(person)

    def match(self, line: int, clean: dict[str, Any]) -> dict[str, Any] | None:
        """The one existing person this row describes, or None for a new person."""
        for (kind, key), (_, what) in zip(_match_keys(clean), _KEYS, strict=True):
            found = self._by[kind].get(key, []) if key is not None else []
            if len(found) > 1:
                raise _RowProblem([RowError(
                    line, _column(kind), "ambiguous_match",
                    f"{len(found)} people on record have this {what} "
                    f"({_records(p['id'] for p in found)})")])
            if found:
                _check_identifiers(line, found[0], clean, what)
                self._check_others(line, found[0], clean)
                return found[0]
        return None

    def _check_others(self, line: int, person: dict[str, Any], clean: dict[str, Any]) -> None:
        """The row's other keys may not be another person's: the update would duplicate."""
        for (kind, key), (_, what) in zip(_match_keys(clean), _KEYS, strict=True):
            others = [p["id"] for p in self._by[kind].get(key, []) if p["id"] != person["id"]] \
                if key is not None else []
            if others:
                raise _RowProblem([RowError(
                    line, _column(kind), "duplicate_on_record",
                    f"matches one person on record ({_records([person['id']])}) but has the "
                    f"{what} of another ({_records(others)})")])


def _match_keys(values: dict[str, Any]) -> Iterator[tuple[str, object]]:
    yield "upn", values.get("upn") or None
    yield "uln", values.get("uln") or None
    yield "name", person_key(values)


def _people_where(session: Session, column: Any, keys: list[Any]) -> Iterator[dict[str, Any]]:
    columns = [YoungPerson.id, YoungPerson.rev,
               *(getattr(YoungPerson, f) for f in PERSON_FIELDS)]
    for start in range(0, len(keys), _CHUNK):
        query = select(*columns).where(column.in_(keys[start:start + _CHUNK]),
                                       YoungPerson.deleted_at.is_(None))
        yield from (dict(m) for m in session.execute(query).mappings())


def _check_identifiers(line: int, person: dict[str, Any], clean: dict[str, Any],
                       what: str) -> None:
    """A UPN or ULN already on record is never replaced by a different one."""
    for name, label in (("upn", "UPN"), ("uln", "ULN")):
        if clean.get(name) and person[name] and clean[name] != person[name]:
            raise _RowProblem([RowError(
                line, name, "identifier_conflict",
                f"matches a person on record ({_records([person['id']])}) by {what} whose "
                f"{label} is different")])


def _claim(claimed: dict[uuid.UUID, int], person_id: uuid.UUID, line: int) -> None:
    first = claimed.setdefault(person_id, line)
    if first != line:
        raise _RowProblem([RowError(line, "(row)", "duplicate",
                                    f"matches the same person on record as row {first} "
                                    f"({_records([person_id])})")])


def _differs(name: str, old: object, new: object) -> bool:
    """A change worth writing; a name differing only in case or accents (JONES, Zoe for
    Zoë) is not one."""
    if name in _NAMES and isinstance(old, str) and isinstance(new, str):
        return name_key(old) != name_key(new)
    return old != new


def _records(ids: Iterable[uuid.UUID]) -> str:
    """The records named, as the command line shows and finds them."""
    shown = [person_id.hex[-8:] for person_id in ids]
    return f"'paclient person show {shown[0]}'" if len(shown) == 1 else \
        "records " + ", ".join(shown)


def _row_errors(line: int, errors: list[ValidationError]) -> list[RowError]:
    return [RowError(line, e.field, e.rule, e.message) for e in errors]


def _column(kind: str) -> str:
    return "date_of_birth" if kind == "name" else kind


def _column_order(column: str) -> int:
    return COLUMNS.index(column) if column in COLUMNS else len(COLUMNS)
