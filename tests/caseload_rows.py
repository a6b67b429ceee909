"""A made-up caseload review of any size, built without a store, for its tests and benchmark."""

from __future__ import annotations

import datetime as dt
import uuid

from paclient.services.documents.records import (
    AdviserContact,
    CaseloadLine,
    CaseloadReviewDoc,
    CaseloadReviewHeader,
    CountLine,
    Letterhead,
)


def synthetic_review(rows: int) -> CaseloadReviewDoc:
    """A review of `rows` made-up people, every fifth overdue (no store needed)."""
    today = dt.date(2026, 11, 22)
    lines = tuple(CaseloadLine(
        person_id=uuid.uuid4(), name=f"Family{n:05d}, Given{n}",
        date_of_birth=dt.date(2009, 1, 1) + dt.timedelta(days=n % 900),
        level_of_need=n % 3 + 1, current_activity="230 Full-time education, further education",
        lapse_date=today + dt.timedelta(days=n % 200 - 30), review_date=today,
        attention=("Lapsed", "Review overdue") if n % 5 == 0 else ()) for n in range(rows))
    header = CaseloadReviewHeader(Letterhead("Testshire Council Youth Support"),
                                  AdviserContact("Pat Adviser"), today)
    return CaseloadReviewDoc(header=header, within_days=28,
                             counts=(CountLine("Young people on the caseload", rows),),
                             levels=(), lines=lines, sensitive_included=False, left_out=0)
