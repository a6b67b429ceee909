"""The subject access pack: every row the store holds about one young person.

A young person has the right to everything held about them, so nothing is filtered: sensitive
records are in, and deleted (tombstoned) records are in, marked with the day they were deleted.
The services' own queries leave tombstones out, so the rows are read here, straight from the
tables. Which tables hold rows about a person is worked out from the schema (`held_links`):
every table with a `person_id` or a foreign key to the person, and every table hanging off one
of those, so a table added later is in the pack without anyone remembering to add it.
Hash chains, hub revisions and the outbox are the application's bookkeeping, not personal data.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, ColumnElement, MetaData, Table, select
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from ccis.codes import CodeBook, CodeEntry
from ccis.codes.book import UnknownCode
from ccis.sensitivity import SENSITIVE_TABLES, is_sensitive
from paclient.errors import NotFound
from paclient.models import Adviser, Base, utcnow
from paclient.services.context import Context
from paclient.services.documents.records import DocumentHeader
from paclient.services.documents.service import DocumentService
from paclient.services.documents.subject_access_records import (
    HeldField,
    HeldRecord,
    HeldTable,
    JsonValue,
    SubjectAccessPack,
)

PERSON_TABLE = "young_person"
# The application's own bookkeeping: never about a person, whatever columns they grow.
# A sync conflict is kept: it holds two versions of a detail about the person.
NOT_PERSONAL = frozenset({"outbox", "sync_state", "setting"})
LEFT_OUT = frozenset({"id", "deleted_at", "rev", "seq", "prev_hash", "hash"})
UTC_COLUMNS = frozenset({"created_at", "updated_at", "deleted_at", "at", "printed_at",
                         "written_at"})
# In the JSON, not printed: the person (said once, on the cover), the flag (in each heading).
QUIET = frozenset({"person_id", "sensitive"})
ALWAYS_SENSITIVE = SENSITIVE_TABLES  # custody (offending): the one policy's list
# Worded choices stored as identifiers ("young_person"), shown as words.
WORDED = frozenset({"purpose", "decision", "given_by", "consent_given_by", "owner", "status",
                    "kind", "route", "destination", "action", "entity", "role"})


@dataclass(frozen=True)
class Kind:
    """How a reader meets one table: its heading, one record's name, and its main date."""

    title: str
    one: str
    about: str
    when: str | None = None
    summary: tuple[str, ...] = ()  # shown one line per record, with only these fields


# In the order the pack shows them; a table not listed follows them, under its own name.
KINDS: dict[str, Kind] = {
    "young_person": Kind("Your details", "Your details", "Who you are, how to reach you, "
                         "your school and the support you get."),
    "parent_carer": Kind("Parents and carers", "Parent or carer",
                         "The parents and carers we have details for."),
    "characteristic": Kind("Your circumstances", "Circumstance", "Things in your life that "
                           "change the support you get, like being a carer.", "start_date"),
    "consent": Kind("Sharing your information", "Consent", "What you (or a parent) agreed to "
                    "or said no to about sharing your information.", "recorded_on"),
    "safety_warning": Kind("Safety notes for staff", "Safety note", "Notes that help our "
                           "staff stay safe when they visit or meet you.", "start_date"),
    "activity": Kind("What you have been doing", "Activity", "Your education, training or "
                     "work over time.", "start_date"),
    "intended_destination": Kind("Your plans after Year 11", "Plan after Year 11",
                                 "What you planned to do after Year 11.", "recorded_on"),
    "guarantee_offer": Kind("Offers of a place", "Offer", "Offers of a place in education "
                            "or training for Year 12 or 13 (the September Guarantee).",
                            "recorded_on"),
    "contact": Kind("Meetings, calls and notes", "Contact", "Each time we met or talked with "
                    "you, and what was written about it.", "occurred_at"),
    "addendum": Kind("Notes added later", "Added note", "Notes added after the day to correct "
                     "or add to an earlier note.", "written_at"),
    "assessment": Kind("Assessments", "Assessment", "What we found out together about what "
                       "help you need.", "assessed_on"),
    "assessment_factor": Kind("Parts of each assessment", "Assessment part", "Each thing "
                              "looked at in an assessment, and how much help it needs."),
    "action_plan": Kind("Action plans", "Action plan", "The plans we made with you.",
                        "started_on"),
    "action": Kind("Actions in your plans", "Action", "The steps in your plans, who would do "
                   "them and by when.", "due_on"),
    "review": Kind("Reviews of your plans", "Review", "When we looked at how your plan was "
                   "going.", "reviewed_on"),
    "referral": Kind("Referrals to other services", "Referral", "When we asked another service "
                     "to help you, or told you about one.", "sent_on"),
    "caf_episode": Kind("Early help (CAF)", "Early help", "Support planned with other services "
                        "through the Common Assessment Framework.", "opened_on"),
    "caf_meeting": Kind("Team Around the Child meetings", "Meeting", "Meetings of the people "
                        "helping you through early help.", "held_on"),
    "caf_review": Kind("Reviews of early help", "Early help review", "When the people helping "
                       "you through early help looked at how it was going, and what they "
                       "decided.", "reviewed_on"),
    "approaching_18_item": Kind("Getting ready for 18", "Checklist item", "What your adviser "
                                "did to help you get ready for your 18th birthday.",
                                "done_on"),
    "custody_episode": Kind("Time in custody", "Custody", "Time spent in custody and the help "
                            "to get ready for release.", "admitted_on"),
    "printed_document": Kind("Documents printed or saved", "Document", "Documents about you "
                             "that were printed or saved as files.", "printed_at"),
    "conflict": Kind("Details changed in two places at once", "Conflict", "Details changed on "
                     "two devices before they were shared, and which version was kept.",
                     "detected_at"),
    "draft": Kind("Notes not finished yet", "Unfinished note", "Notes your adviser had started "
                  "typing and not yet saved.", "saved_at"),
    "audit_event": Kind("Who looked at or changed your record", "Event", "Every time someone "
                        "opened, added to, changed or printed your record.", "at",
                        ("at", "actor", "action", "entity_id", "detail")),
}
LABELS = {
    "person_id": "Young person", "created_at": "Recorded", "updated_at": "Last changed",
    "updated_by": "Last changed by", "ccis_id": "CCIS number", "upn": "Unique Pupil Number",
    "uln": "Unique Learner Number", "send": "Education, health and care plan (SEND)",
    "sen_support": "SEN support", "lead_la": "Council where you live",
    "educated_la": "Council where you study", "la_at_year_11": "Council at Year 11",
    "lda_completed_on": "Learning difficulty assessment done",
    "occurred_at": "When", "did_not_attend": "Did not come", "own_words": "In your own words",
    "discussion": "What we talked about", "agreed": "What we agreed",
    "adviser_id": "Personal Adviser", "written_at": "Written", "signed_by": "Signed by",
    "contact_id": "Added to", "plan_id": "Plan", "assessment_id": "Assessment",
    "episode_id": "Early help", "caf_episode_id": "Early help", "sensitive": "Sensitive",
    "at": "When", "actor": "Who", "entity": "Record", "entity_id": "Which record",
    "detail": "Details", "is_current": "Current activity", "code": "What",
    "duration_minutes": "How long (minutes)", "address_line1": "Address",
    "address_line2": "Address (line 2)", "address_line3": "Address (line 3)",
    "address_line4": "Address (line 4)", "neet_start_date": "Not in education or work since",
}

# Which code list labels a column's codes ("table.column" first, then any table's column).
CODE_LISTS = {
    "gender": "gender", "ethnicity": "ethnicity", "cohort_status": "cohort_status",
    "level_of_need": "level_of_need", "lead_la": "la", "educated_la": "la",
    "la_at_year_11": "la", "home_la": "la", "la": "la", "method": "contact_method",
    "setting": "contact_setting", "topics": "topic", "activity.code": "activity",
    "intended_destination.code": "intended_destination",
    "characteristic.code": "characteristic", "guarantee_offer.status": "guarantee_status",
    "referral.service": "referral_service", "assessment_factor.factor": "assessment_factor",
    "assessment_factor.rating": "assessment_rating",
}


@dataclass(frozen=True)
class Link:
    """How to find a table's rows about a person: `column` holds the person's id (no parent)
    or the id of a row of `parent`."""

    table: Table
    column: Column[Any]
    parent: Link | None = None

    def where(self, person_id: uuid.UUID) -> ColumnElement[bool]:
        """The condition picking this table's rows about the person."""
        if self.parent is None:
            return self.column == person_id
        target = next(iter(self.column.foreign_keys)).column
        return self.column.in_(select(target).where(self.parent.where(person_id)))


def held_links(metadata: MetaData = Base.metadata) -> list[Link]:
    """Every table holding rows about a person, directly or through a parent, in pack order."""
    people = metadata.tables[PERSON_TABLE]
    found: dict[str, Link] = {people.name: Link(people, people.c.id)}
    for table in metadata.sorted_tables:
        column = table.c.get("person_id")
        if column is None:
            column = _pointing_at(table, {people.name: people})
        if column is not None and table.name not in found.keys() | NOT_PERSONAL:
            found[table.name] = Link(table, column)
    grew = True
    while grew:  # rows hanging off those, at any depth
        grew = False
        for table in metadata.sorted_tables:
            parents = {n: found[n].table for n in found if n != PERSON_TABLE}
            column = _pointing_at(table, parents)
            if column is not None and table.name not in found.keys() | NOT_PERSONAL:
                parent = found[next(iter(column.foreign_keys)).column.table.name]
                found[table.name] = Link(table, column, parent)
                grew = True
    order = list(KINDS)  # kinds not listed go just before the prints and the audit trail
    return sorted(found.values(), key=lambda link: (
        order.index(link.table.name) if link.table.name in order else len(order) - 2.5))


def _pointing_at(table: Table, targets: Mapping[str, Table]) -> Column[Any] | None:
    for fk in sorted(table.foreign_keys, key=lambda f: f.parent.name):
        if fk.column.table.name in targets and fk.column.primary_key:
            return fk.parent
    return None


class SubjectAccess:
    """Gathers the subject access pack of one young person."""

    def __init__(self, ctx: Context, documents: DocumentService) -> None:
        self._ctx = ctx
        self._documents = documents

    def gather(self, person_id: uuid.UUID) -> SubjectAccessPack:
        """Every record held about the person, deleted ones too; NotFound if there is none."""
        links = held_links()
        with self._ctx.read() as session:
            held = {link.table.name: _rows(session, link, person_id) for link in links}
            advisers = {a.id: a.name
                        for a in session.execute(select(Adviser.id, Adviser.name))}
        if not held[PERSON_TABLE]:
            raise NotFound("young person", str(person_id))
        header = self._header(person_id, held[PERSON_TABLE][0])
        names = {row["id"]: _kind(table).one if table == PERSON_TABLE
                 else f"{_kind(table).one} {number}"
                 for table, rows in held.items() for number, row in enumerate(rows, 1)}
        shaper = _Shaper(self._ctx.codebook, names, advisers)
        tables = tuple(self._table(link.table, held[link.table.name], shaper) for link in links)
        return SubjectAccessPack(header=header, generated_at=utcnow(), tables=tables)

    def _table(self, table: Table, rows: list[RowMapping], shaper: _Shaper) -> HeldTable:
        kind = _kind(table.name)
        return HeldTable(table.name, kind.title, kind.about,
                         tuple(shaper.record(table, row) for row in rows), kind.summary)

    def _header(self, person_id: uuid.UUID, person: RowMapping) -> DocumentHeader:
        if person["deleted_at"] is None:
            return self._documents.header(person_id)
        # A deleted person is still held; the services no longer show them, so say it here.
        name = " ".join(n for n in (person["given_name"], person["middle_name"],
                                    person["family_name"]) if n)
        return DocumentHeader(self._documents.letterhead(), person_id, name,
                              person["date_of_birth"], self._documents.adviser(),
                              self._ctx.today())


def _rows(session: Session, link: Link, person_id: uuid.UUID) -> list[RowMapping]:
    table, kind = link.table, _kind(link.table.name)
    order = [table.c[n] for n in (kind.when, "seq", "created_at", "id") if n and n in table.c]
    stmt = select(table).where(link.where(person_id)).order_by(*order)
    return list(session.execute(stmt).mappings().all())


def _kind(table: str) -> Kind:
    words = table.replace("_", " ")
    return KINDS.get(table) or Kind(words.capitalize(), words.capitalize(),
                                    f"Other records about you ({words}).")


def label_of(column: str) -> str:
    """What a column holds, in plain words."""
    return LABELS.get(column) or column.replace("_", " ").capitalize()


class _Shaper:
    """Turns stored rows into records: JSON values and reader's text, codes labelled."""

    def __init__(self, codebook: CodeBook, names: Mapping[uuid.UUID, str],
                 advisers: Mapping[uuid.UUID, str]) -> None:
        self.codebook, self.names, self.advisers = codebook, names, advisers

    def record(self, table: Table, row: RowMapping) -> HeldRecord:
        """One row as a record; sensitive when flagged, or when any of its codes is."""
        fields, sensitive = [], bool(row.get("sensitive")) or table.name in ALWAYS_SENSITIVE
        for column in table.columns:
            if column.name in LEFT_OUT:
                continue
            field, coded_sensitive = self.field(table, column, row[column.name], row)
            fields.append(field)
            sensitive = sensitive or coded_sensitive
        when = _kind(table.name).when
        deleted = row.get("deleted_at")
        return HeldRecord(
            id=str(row["id"]), name=self.names[row["id"]],
            when=_text(row[when], when) if when else None, sensitive=sensitive,
            deleted_at=str(_json(deleted, "deleted_at")) if deleted else None,
            deleted_text=_text(deleted, "deleted_at") if deleted else None, fields=tuple(fields))

    def field(self, table: Table, column: Column[Any], value: Any,
              row: RowMapping) -> tuple[HeldField, bool]:
        """The field and whether its code is in a sensitive category."""
        name, label = column.name, label_of(column.name)
        code_list = CODE_LISTS.get(f"{table.name}.{name}") or CODE_LISTS.get(name)
        if code_list and value not in (None, "", []):
            codes = value if isinstance(value, list) else [value]
            entries = [self._entry(code_list, str(code)) for code in codes]
            coded: list[JsonValue] = [{"code": code, "label": e.label if e else None}
                                      for code, e in zip(codes, entries, strict=True)]
            shown = ", ".join(_coded_text(str(c), e) for c, e in zip(codes, entries, strict=True))
            return (HeldField(name, label, coded if isinstance(value, list) else coded[0],
                              shown), any(map(is_sensitive, entries)))
        if name in QUIET or (name in ("updated_at", "updated_by")
                             and row.get("updated_at") == row.get("created_at")):
            return HeldField(name, label, _json(value, name), None), False
        return HeldField(name, label, _json(value, name),
                         self._reference(column, value, row) or _text(self._named(value),
                                                                      name)), False

    def _reference(self, column: Column[Any], value: Any, row: RowMapping) -> str | None:
        """'Contact 12' for an id of another record in the pack, an adviser's name for theirs."""
        if column.name == "entity_id" and value is not None:
            entity = str(row.get("entity")).replace("_", " ")
            return self._name_of(value) or entity
        if any(fk.column.table.name == Adviser.__tablename__ for fk in column.foreign_keys):
            return self.advisers.get(value)
        return self.names.get(value) if column.foreign_keys else None

    def _named(self, value: Any) -> Any:
        """Ids of records in the pack, inside a mapping (audit details), as their names."""
        if not isinstance(value, Mapping):
            return value
        return {k: self._name_of(v) or v if isinstance(v, str) else v
                for k, v in value.items()}

    def _name_of(self, value: object) -> str | None:
        try:
            return self.names.get(uuid.UUID(str(value)))
        except ValueError:  # not an id
            return None

    def _entry(self, code_list: str, code: str) -> CodeEntry | None:
        try:
            return self.codebook.entry(code_list, code)
        except UnknownCode:  # a list this version of the code book does not have
            return None


def _coded_text(code: str, entry: CodeEntry | None) -> str:
    """The label, with the code beside it when it is a national code (110, WBRI, F)."""
    if entry is None:
        return code
    national = any(c.isdigit() for c in code) or code.isupper()
    return f"{entry.label} ({code})" if national else entry.label


def _json(value: Any, column: str) -> JsonValue:
    if isinstance(value, dt.datetime):
        return value.isoformat() + ("Z" if column in UTC_COLUMNS else "")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value  # type: ignore[no-any-return]  # text, numbers, JSON columns


def _text(value: Any, column: str) -> str | None:
    """The value as a reader sees it; None when there is nothing to show."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        if column in UTC_COLUMNS:  # stored in UTC; the reader lives in local time
            value = value.replace(tzinfo=dt.UTC).astimezone()
        return str(value.strftime("%d/%m/%Y %H:%M"))
    if isinstance(value, dt.date):
        return str(value.strftime("%d/%m/%Y"))
    if isinstance(value, Mapping):
        return "\n".join(f"{label_of(str(k))}: {_text(v, '') or '-'}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_text(v, "") or "-" for v in value)
    if column in WORDED and isinstance(value, str):
        return value.replace("_", " ").replace("-", " ")
    return str(value)

