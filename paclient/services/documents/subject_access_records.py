"""Frozen records of a subject access pack: everything held about one young person.

Each value comes twice: `value` is ready for JSON (text, numbers, true/false, null, lists and
mappings of those; a coded value is `{"code": ..., "label": ...}`), `text` is ready for a
reader (dates the British way, codes with their labels) or None when there is nothing to print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from paclient.services.documents.records import DocumentHeader

JsonValue = str | int | float | bool | None | Sequence["JsonValue"] | Mapping[str, "JsonValue"]


@dataclass(frozen=True, slots=True)
class HeldField:
    """One stored value of a record."""

    name: str  # the column's name: the key in the JSON file
    label: str  # what the value is, in plain words
    value: JsonValue
    text: str | None  # None: empty, or not worth printing (the person's own id on every row)


@dataclass(frozen=True, slots=True)
class HeldRecord:
    """One stored row about the person, deleted or not."""

    id: str
    name: str  # how a reader refers to it, e.g. "Contact 12"
    when: str | None  # its main date, for the reader
    sensitive: bool
    deleted_at: str | None  # ISO time the record was deleted (it is still held)
    deleted_text: str | None
    fields: tuple[HeldField, ...]


@dataclass(frozen=True, slots=True)
class HeldTable:
    """Every record of one kind (one table of the store)."""

    name: str  # the table's name: the key in the JSON file
    title: str
    about: str  # one plain sentence saying what these records are
    records: tuple[HeldRecord, ...]
    summary: tuple[str, ...] = ()  # fields of a one-line-per-record list; () for full blocks

    @property
    def deleted(self) -> int:
        """How many of the records are marked deleted."""
        return sum(r.deleted_at is not None for r in self.records)


@dataclass(frozen=True, slots=True)
class SubjectAccessPack:
    """Everything the store holds about one young person, sensitive and deleted items too."""

    header: DocumentHeader
    generated_at: dt.datetime  # UTC
    tables: tuple[HeldTable, ...]

    @property
    def sensitive(self) -> int:
        """How many records are in a sensitive category."""
        return sum(r.sensitive for t in self.tables for r in t.records)

    @property
    def short_id(self) -> str:
        """The last 8 characters of the person's id: the short id `paclient people` shows
        (the first ones of a time-ordered id are shared by people added together)."""
        return self.header.person_id.hex[-8:]
