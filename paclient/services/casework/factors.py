"""The assessment factors (DOMAIN §2): reference data an administrator edits.

The national list ships in the code lists (`assessment_factor`); the authority's edits (a factor
added, a label renamed, a factor retired) are kept in the store as one setting,
`reference.assessment_factors`, and laid over the shipped list by `EditedBook`, so every label,
document and sensitivity check reads the edited list. A retired factor keeps its label on old
assessments and prints but is not offered, or accepted, for a new one; a factor in use is never
deleted. Added factors have codes starting `la_`, which the hub accepts without knowing them
(`ccis.row_rules`) until it holds the authority's list itself.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccis.codes import CodeBook, CodeEntry, CodeVersion
from ccis.row_rules import LOCAL_CODE_PREFIX
from paclient.models import AssessmentFactor
from paclient.services.casework.records import FactorRecord
from paclient.services.context import Context
from paclient.services.problems import Problems, fail
from paclient.storage import store_settings

LIST = "assessment_factor"
SETTING = "reference.assessment_factors"  # the authority's edits, as JSON: code -> fields
AREAS = ("ete", "personal", "family")
MAX_LABEL = 80
Edits = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True, eq=False)
class EditedBook(CodeBook):
    """The shipped code lists with the authority's factor edits laid over them.

    `edits` is swapped whole when an administrator changes the list, so a reader sees the
    list before or after a change, never half of one.
    """

    edits: dict[str, Mapping[str, CodeEntry]] = field(default_factory=dict)

    @classmethod
    def over(cls, book: CodeBook) -> EditedBook:
        """`book` with no edits yet."""
        return cls(book.versions)

    def entry(self, list_name: str, code: str,
              on: dt.date | None = None) -> CodeEntry | None:
        found = super().entry(list_name, code, on)
        if found is None and on is None and list_name == LIST and isinstance(code, str) \
                and code.startswith(LOCAL_CODE_PREFIX):
            # added on another laptop and not yet known here: shown (its label looked up
            # without a date), never offered nor accepted for a new assessment
            label = code.removeprefix(LOCAL_CODE_PREFIX).replace("_", " ").capitalize()
            return CodeEntry(code, label, attrs=MappingProxyType({"retired_on": "unknown"}))
        return found

    def _list(self, version: CodeVersion, list_name: str) -> Mapping[str, CodeEntry]:
        shipped = super()._list(version, list_name)
        edited = self.edits.get(list_name)
        if edited is None:
            return shipped
        return {**{code: edited.get(code, entry) for code, entry in shipped.items()},
                **{code: entry for code, entry in edited.items() if code not in shipped}}


class FactorService:
    """The assessment factors as this authority uses them, and an administrator's edits."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def load(self) -> None:
        """Lay the stored edits over the code lists (when the services open)."""
        with self._ctx.read() as session:
            self._apply(_stored(session))

    def can_edit(self) -> bool:
        """Whether this laptop's user may edit the list (an administrator, as the hub said at
        the last sign-in)."""
        with self._ctx.read() as session:
            return store_settings.is_admin(session)

    def factors(self) -> list[FactorRecord]:
        """Every factor, retired ones included, in the list's order, with how many
        assessments use each."""
        with self._ctx.read() as session:
            edits = _stored(session)
            used = {code: count for code, count in session.execute(
                select(AssessmentFactor.factor, func.count()).where(
                    AssessmentFactor.deleted_at.is_(None)).group_by(AssessmentFactor.factor))}
        return [_record(entry, code in edits and edits[code].get("added", False),
                        used.get(entry.code, 0))
                for code, entry in self._entries().items()]

    def add(self, *, label: str, area: str, sensitive: bool = False) -> FactorRecord:
        """Add a factor to the list (administrator only)."""
        problems = Problems()
        name = self._label(problems, label)
        if area not in AREAS:
            problems.add("area", "factor_area", f"must be one of {', '.join(AREAS)}")
        problems.raise_any()
        code = _new_code(name, self._entries())
        return self._edit(code, "add", {"label": name, "area": area,
                                        "sensitive": bool(sensitive), "added": True})

    def rename(self, code: str, label: str) -> FactorRecord:
        """Give a factor a new label; old assessments show it too (administrator only)."""
        problems = Problems()
        self._known(problems, code)
        name = self._label(problems, label, code)
        problems.raise_any()
        return self._edit(code, "rename", {"label": name})

    def retire(self, code: str) -> FactorRecord:
        """Stop offering a factor for new assessments (administrator only)."""
        problems = Problems()
        if self._known(problems, code) and is_retired(self._entries()[code]):
            problems.add("code", "factor_retired", "the factor is already retired")
        problems.raise_any()
        return self._edit(code, "retire", {"retired_on": self._ctx.today().isoformat()})

    def reinstate(self, code: str) -> FactorRecord:
        """Offer a retired factor again (administrator only)."""
        problems = Problems()
        if self._known(problems, code) and not is_retired(self._entries()[code]):
            problems.add("code", "factor_not_retired", "the factor is not retired")
        problems.raise_any()
        return self._edit(code, "reinstate", {"retired_on": None})

    def delete(self, code: str) -> None:
        """Delete a factor this authority added and no assessment uses (administrator only);
        a factor in use, or from the national list, is retired instead."""
        with self._ctx.write.begin() as session:
            _require_admin(session)
            edits = dict(_stored(session))
            problems = Problems()
            if not edits.get(code, {}).get("added"):
                problems.add("code", "factor_shipped", "only a factor this authority added can "
                             "be deleted: retire a factor of the national list instead")
            used = session.scalar(select(func.count()).where(
                AssessmentFactor.factor == code, AssessmentFactor.deleted_at.is_(None))) or 0
            if used:
                problems.add("code", "factor_in_use", f"the factor is used on {used} "
                             "assessment(s) and cannot be deleted: retire it instead")
            problems.raise_any()
            del edits[code]
            self._save(session, edits, code, "delete")

    # --- shared steps -----------------------------------------------------------------------

    def _edit(self, code: str, change: str, fields: Mapping[str, Any]) -> FactorRecord:
        with self._ctx.write.begin() as session:
            _require_admin(session)
            edits = dict(_stored(session))
            known = self._entries()
            edits[code] = {**(_fields(known[code]) if code in known else {}),
                           **edits.get(code, {}), **fields}
            self._save(session, edits, code, change)
        entry = self._entries()[code]
        return _record(entry, bool(edits[code].get("added")), None)

    def _save(self, session: Session, edits: Edits, code: str, change: str) -> None:
        store_settings.put(session, SETTING, json.dumps(edits, sort_keys=True))
        changes = self._ctx.changes(session)
        changes.audit(change, "assessment_factor_list", code)
        changes.flush()
        self._apply(edits)

    def _apply(self, edits: Edits) -> None:
        book = self._ctx.codebook
        if isinstance(book, EditedBook):
            book.edits[LIST] = MappingProxyType({code: _entry(code, fields)
                                                 for code, fields in edits.items()})

    def _entries(self) -> dict[str, CodeEntry]:
        return {entry.code: entry for entry in self._ctx.codebook.codes(LIST)}

    def _known(self, problems: Problems, code: str) -> bool:
        if code in self._entries():
            return True
        problems.add("code", "factor_code", "is not an assessment factor")
        return False

    def _label(self, problems: Problems, label: str, code: str | None = None) -> str:
        name = " ".join(problems.text("label", label).split())
        if len(name) > MAX_LABEL:
            problems.add("label", "factor_label", f"must be at most {MAX_LABEL} characters")
        if any(e.label.casefold() == name.casefold() and e.code != code
               for e in self._entries().values()):
            problems.add("label", "factor_label_taken", "another factor has this label")
        return name


def offered(book: CodeBook) -> list[CodeEntry]:
    """The factors offered for a new assessment: the list without the retired ones."""
    return [entry for entry in book.codes(LIST) if not is_retired(entry)]


def is_retired(entry: CodeEntry) -> bool:
    """True for a factor no longer offered for new assessments."""
    return bool(entry.attrs.get("retired_on"))


def _require_admin(session: Session) -> None:
    if not store_settings.is_admin(session):
        raise fail("role", "admin_only", "Only an administrator can change the assessment "
                   "factors: sign in to the hub on this laptop with an administrator's account "
                   "first.")


def _stored(session: Session) -> dict[str, dict[str, Any]]:
    raw = store_settings.get(session, SETTING)
    return json.loads(raw) if raw else {}


def _fields(entry: CodeEntry) -> dict[str, Any]:
    return {"label": entry.label, "area": entry.attrs.get("area"),
            "sensitive": entry.sensitive}


def _entry(code: str, fields: Mapping[str, Any]) -> CodeEntry:
    attrs = {"area": fields.get("area"), "sensitive": bool(fields.get("sensitive")),
             "retired_on": fields.get("retired_on")}
    return CodeEntry(code, str(fields["label"]), attrs=MappingProxyType(attrs))


def _record(entry: CodeEntry, added: bool, in_use: int | None) -> FactorRecord:
    return FactorRecord(code=entry.code, label=entry.label, area=entry.attrs.get("area"),
                        sensitive=entry.sensitive, retired=is_retired(entry), added=added,
                        in_use=in_use)


def _new_code(label: str, taken: Mapping[str, object]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_") or "factor"
    base = (LOCAL_CODE_PREFIX + slug)[:36]
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}_{n}"
    return code
