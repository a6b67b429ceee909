"""Which rows are sensitive (DOMAIN.md §3: sexual health, substance use, offending,
safeguarding, pregnancy): left out of printed documents and exports unless asked for, and
shown only to the owning adviser and their team leader.

The code lists say which codes are sensitive (`"sensitive": true` on an entry). This module is
the one place that turns that into decisions: `SensitivityPolicy` answers "is this item left
out of a document unless sensitive items are asked for?" for each kind of item a document
holds, and `kept` leaves the sensitive ones out and counts them, for every document alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from ccis.agencies import names_of, plain
from ccis.catalogue import TABLES
from ccis.codes import CodeBook, CodeEntry

T = TypeVar("T")

# The sensitive assessment factors that are the very subject of a referral to a service: a
# referral to the youth offending service is about offending, so that factor goes with it.
# A referral to social care (safeguarding) has no sensitive factor as its subject.
REFERRAL_SUBJECTS: Mapping[str, frozenset[str]] = {
    "yot": frozenset({"offending"}),
    "substance_misuse": frozenset({"substance_use"}),
    "sexual_health": frozenset({"sexual_health"}),
    "social_care": frozenset(),
}


# Tables whose every row is in a sensitive category, whatever its fields: custody (offending).
SENSITIVE_TABLES = frozenset({"custody_episode"})


def row_sensitive(codebook: CodeBook, table: str, fields: Mapping[str, object]) -> bool:
    """Whether a synced row (its fields as they travel) is in a sensitive category: flagged
    `sensitive`, of a sensitive table, or holding a sensitive code in a coded field of the
    catalogue (an activity 710, a characteristic 110, a topic, a referral service...)."""
    if fields.get("sensitive") or table in SENSITIVE_TABLES:
        return True
    known = TABLES.get(table)
    for name, field in (known.fields.items() if known else ()):
        value = fields.get(name)
        if field.codes is None or value in (None, "", []):
            continue
        codes = value if isinstance(value, list) else [value]
        if any(is_sensitive(codebook.entry(field.codes, str(code))) for code in codes):
            return True
    return False


def may_be_sensitive(codebook: CodeBook, table: str) -> bool:
    """Whether any row of `table` may be sensitive by itself (`row_sensitive`): tables that
    cannot are skipped by whoever must look at every row."""
    known = TABLES.get(table)
    if known is None:
        return False
    return ("sensitive" in known.fields or table in SENSITIVE_TABLES or any(
        field.codes is not None and any(e.sensitive for e in codebook.entries(field.codes))
        for field in known.fields.values()))


def is_sensitive(entry: CodeEntry | None) -> bool:
    """True when a code list entry is in a sensitive category (an unknown code is not)."""
    return entry is not None and entry.sensitive


def kept(items: Iterable[T], include_sensitive: bool,
         sensitive: Callable[[T], bool]) -> tuple[list[T], int]:
    """The items a document shows, in order, and how many sensitive ones it left out.

    With `include_sensitive` everything is kept and nothing is counted as left out.
    """
    items = list(items)
    if include_sensitive:
        return items, 0
    shown = [item for item in items if not sensitive(item)]
    return shown, len(items) - len(shown)


class SensitivityPolicy:
    """What a printed document leaves out unless sensitive items are asked for.

    Codes are looked up in every version of the code lists, newest first, so codes stored
    years ago keep the sensitivity they were recorded with.
    """

    def __init__(self, codebook: CodeBook) -> None:
        self._book = codebook
        self._agencies = names_of(codebook, (
            entry.code for entry in codebook.entries("referral_service") if entry.sensitive))

    def code(self, list_name: str, code: str) -> bool:
        """Whether a code of any list is in a sensitive category."""
        return is_sensitive(self._book.entry(list_name, code))

    def activity(self, code: str) -> bool:
        """An activity (CA01) such as custody or pregnancy."""
        return self.code("activity", code)

    def topic(self, code: str) -> bool:
        """A topic discussed at a contact (sexual health, substance use, offending)."""
        return self.code("topic", code)

    def service(self, code: str) -> bool:
        """A referral service by its code (youth offending, substance misuse, sexual health)."""
        return self.code("referral_service", code)

    def agency(self, name: str | None) -> bool:
        """An agency named in free text (an action's owner) that is a sensitive service.

        Actions name their agency in words, not by code, so the name is matched against the
        sensitive services' codes and labels, ignoring case, spacing and underscores:
        "Youth Offending Service" and "YOT" match; "Leeds youth offending team" does not.
        """
        return name is not None and plain(name) in self._agencies

    def action(self, owner: str, owner_name: str | None) -> bool:
        """An action-plan action owned by an agency that is a sensitive service."""
        return owner == "agency" and self.agency(owner_name)

    def factor(self, code: str, *, flagged: bool = False,
               referred_to: str | None = None) -> bool:
        """An assessment factor, sensitive by its code or as stored (`flagged`).

        On a referral to `referred_to`, the factors that are the referral's subject
        (REFERRAL_SUBJECTS) are not left out: the agency is told what it is asked to help with.
        """
        if referred_to is not None and code in REFERRAL_SUBJECTS.get(referred_to, ()):
            return False
        return flagged or self.code("assessment_factor", code)
