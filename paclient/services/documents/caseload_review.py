"""What the caseload review is printed from: the store's own adviser's caseload for their
team leader, with what is overdue or due soon marked."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select

from ccis.sensitivity import kept
from paclient.models import ActionPlan
from paclient.services.caseload.listing import WORKLISTS, CaseloadService
from paclient.services.caseload.records import CaseloadRow
from paclient.services.context import Context
from paclient.services.documents.records import (
    CaseloadLine,
    CaseloadReviewDoc,
    CaseloadReviewHeader,
    CountLine,
)
from paclient.services.documents.service import DocumentService

# The work lists the caseload review marks, in the order their notes are shown.
REVIEW_LISTS = ("lapsed", "due-to-lapse", "reviews-overdue", "referral-follow-ups")
SENSITIVE_ACTIVITY = "Not shown (sensitive)"


class CaseloadReview:
    """The caseload review for a team leader."""

    def __init__(self, ctx: Context, documents: DocumentService,
                 caseload: CaseloadService) -> None:
        self._ctx, self._documents, self._caseload = ctx, documents, caseload
        self._sensitivity = documents.sensitivity

    def document(self, *, within_days: int = 28,
                        include_sensitive: bool = False) -> CaseloadReviewDoc:
        """The adviser's caseload by name, each person marked with what is overdue or due.

        "Due to lapse" looks `within_days` ahead. A current activity of a sensitive kind
        (custody, pregnancy) is shown as not shown unless `include_sensitive`.
        """
        caseload = self._caseload
        rows = caseload.rows()
        listed = {name: caseload.worklist(name, within_days=within_days)
                  for name in REVIEW_LISTS}
        reviews = self._next_reviews()
        notes: dict[uuid.UUID, list[str]] = {}
        for name in REVIEW_LISTS:
            for row in listed[name]:
                notes.setdefault(row.id, []).append(_note(name, row, reviews))
        shown, left_out = kept(rows, include_sensitive, self._sensitive_activity)
        visible = {row.id for row in shown}
        lines = [self._caseload_line(r, reviews.get(r.id), notes.get(r.id, ()),
                                     activity_shown=r.id in visible) for r in rows]
        header = CaseloadReviewHeader(letterhead=self._documents.letterhead(),
                                      adviser=self._documents.adviser(),
                                      printed_on=self._ctx.today())
        return CaseloadReviewDoc(
            header=header, within_days=within_days,
            counts=self._counts(rows, lines, listed, within_days), levels=self._levels(rows),
            lines=tuple(lines), sensitive_included=include_sensitive,
            left_out=left_out)

    def _next_reviews(self) -> dict[uuid.UUID, dt.date]:
        """Each person's next action-plan review (live plans only), in one query."""
        with self._ctx.read() as session:
            found = session.execute(
                select(ActionPlan.person_id, func.min(ActionPlan.next_review_on))
                .where(ActionPlan.closed_on.is_(None), ActionPlan.deleted_at.is_(None))
                .group_by(ActionPlan.person_id)).all()
        return {person_id: due for person_id, due in found}

    def _sensitive_activity(self, row: CaseloadRow) -> bool:
        return row.activity_code is not None and self._sensitivity.activity(row.activity_code)

    def _caseload_line(self, row: CaseloadRow, review: dt.date | None,
                       attention: Iterable[str], *, activity_shown: bool) -> CaseloadLine:
        activity = None
        if row.activity_code is not None:
            entry = self._ctx.codebook.activity(row.activity_code)
            activity = f"{entry.code} {entry.label}" if activity_shown else SENSITIVE_ACTIVITY
        name = f"{row.family_name}, {row.given_name}"
        if row.preferred_name and row.preferred_name != row.given_name:
            name += f" ({row.preferred_name})"
        return CaseloadLine(person_id=row.id, name=name, date_of_birth=row.date_of_birth,
                            level_of_need=row.level_of_need, current_activity=activity,
                            lapse_date=row.due_to_lapse_date, review_date=review,
                            attention=tuple(attention))

    def _counts(self, rows: list[CaseloadRow], lines: list[CaseloadLine],
                listed: dict[str, list[CaseloadRow]], within_days: int) -> tuple[CountLine, ...]:
        labels = {**WORKLISTS, "due-to-lapse": f"Due to lapse in the next {within_days} days"}
        return (CountLine("Young people on the caseload", len(rows)),
                CountLine("Needing attention (marked in the table)",
                          sum(line.overdue for line in lines)),
                *(CountLine(labels[name], len(listed[name])) for name in REVIEW_LISTS))

    def _levels(self, rows: list[CaseloadRow]) -> tuple[CountLine, ...]:
        counts = Counter(row.level_of_need for row in rows)
        book = self._ctx.codebook
        levels = [CountLine(f"{e.code} {e.label}", counts.get(int(e.code), 0))
                  for e in book.entries("level_of_need")]
        return (*sorted(levels, key=lambda c: c.label),
                CountLine("Not assessed", counts.get(None, 0)))


def _note(name: str, row: CaseloadRow, reviews: dict[uuid.UUID, dt.date]) -> str:
    """What a work list says about a person, as the review's attention column shows it."""
    if name == "lapsed":
        return "Lapsed"
    if name == "due-to-lapse":
        return "Lapses soon"
    if name == "reviews-overdue":
        return "Review overdue" if row.id in reviews else "No action plan"
    return row.detail[:1].upper() + row.detail[1:]
