"""Documents made from the services' records: the one place that joins services to reports.

The command line and the desktop app both call these, so a batch prints the same way from
either, with the same progress and cancelling. Nothing here touches Qt: the caller decides
where the bytes go (`save_pdf` to a file, a printer, a preview), logged with `log_and_deliver`.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from paclient.files import write_file
from paclient.reports import action_plan as plan
from paclient.reports import activity_record
from paclient.reports import caf_referral as referral
from paclient.reports import caseload_review as review
from paclient.reports import guidance_summary as guidance
from paclient.services.documents.caf_referral import CafReferralDocuments
from paclient.services.documents.caseload_review import CaseloadReview
from paclient.services.documents.guidance import PlanDocuments
from paclient.services.documents.service import DocumentService

Progress = Callable[[str, int, int], None]  # (stage, done, total)
GATHERING, LAYING_OUT = "Gathering", "Laying out"  # the stages, in order


class Cancelled(Exception):
    """The user cancelled a long print before it finished; nothing was printed or logged."""


@dataclass(frozen=True)
class Printed:
    """A document made in memory, with what the log and the user are told about it."""

    kind: str
    pdf: bytes
    person_ids: Sequence[uuid.UUID | None]
    sensitive_included: bool
    left_out: int  # sensitive items not printed
    what: str  # e.g. "activity records for 3 young people"


def log_and_deliver(documents: DocumentService, printed: Printed, destination: str,
                    deliver: Callable[[], object]) -> int:
    """Deliver `printed` (write the file, send it to the printer) inside the transaction that
    logs it for each person it is about; how many were logged."""
    return documents.record_printed(printed.kind, printed.person_ids, destination=destination,
                                    sensitive_included=printed.sensitive_included,
                                    deliver=deliver)


def save_pdf(documents: DocumentService, printed: Printed, path: Path) -> int:
    """Write `printed` to `path` (whole or not at all) and log it for each person it is about,
    in one transaction; how many were logged."""
    return log_and_deliver(documents, printed, "pdf", lambda: write_file(path, printed.pdf))


def activity_records(documents: DocumentService, person_ids: Sequence[uuid.UUID], *,
                     large_print: bool = False, include_sensitive: bool = False,
                     progress: Progress | None = None,
                     cancel: threading.Event | None = None) -> Printed:
    """The activity records of `person_ids` in one PDF, each person from a new page."""
    def step(stage: str, done: int, total: int) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if progress is not None:
            progress(stage, done, total)

    records = []
    for done, person_id in enumerate(person_ids, start=1):
        records.append(documents.activity_record(person_id,
                                                 include_sensitive=include_sensitive))
        step(GATHERING, done, len(person_ids))
    laid_out = iter(range(1, len(records) + 1))
    pdf = activity_record.build(records, large_print=large_print,
                                progress=lambda: step(LAYING_OUT, next(laid_out),
                                                      len(records)))
    count = len(records)
    return Printed("activity-record", pdf, list(person_ids), include_sensitive,
                   sum(r.left_out for r in records),
                   f"activity record{'s' if count != 1 else ''} for {_people(count)}")


def _people(count: int) -> str:
    return f"{count} young {'person' if count == 1 else 'people'}"


def guidance_summary(documents: PlanDocuments, contact_id: uuid.UUID, *,
                     large_print: bool = False, include_sensitive: bool = False) -> Printed:
    """The guidance summary of one session (contact), for the young person."""
    doc = documents.guidance_summary(contact_id, include_sensitive=include_sensitive)
    return Printed("guidance-summary", guidance.build([doc], large_print=large_print),
                   [doc.header.person_id], include_sensitive, doc.left_out,
                   "the guidance summary of one session")


def action_plan(documents: PlanDocuments, person_id: uuid.UUID, *, large_print: bool = False,
                include_sensitive: bool = False) -> Printed:
    """The live action plan of one young person."""
    doc = documents.action_plan(person_id, include_sensitive=include_sensitive)
    return Printed("action-plan", plan.build([doc], large_print=large_print), [person_id],
                   include_sensitive, doc.left_out, "the action plan of 1 young person")


def caf_referral(documents: CafReferralDocuments, referral_id: uuid.UUID, *,
                 large_print: bool = False, include_sensitive: bool = False) -> Printed:
    """A referral for the receiving agency; SharingRefused while the person refuses sharing."""
    doc = documents.caf_referral(referral_id, include_sensitive=include_sensitive)
    return Printed("caf-referral", referral.build([doc], large_print=large_print),
                   [doc.header.person_id], include_sensitive, doc.left_out,
                   f"the referral to {doc.referral.service}")


def caseload_review(documents: CaseloadReview, *, within_days: int = 28,
                    include_sensitive: bool = False) -> Printed:
    """The adviser's whole caseload for their team leader, overdue items marked."""
    doc = documents.document(within_days=within_days, include_sensitive=include_sensitive)
    return Printed("caseload-review", review.build(doc), [None], include_sensitive,
                   doc.left_out, f"the caseload review of {_people(len(doc.lines))}")
