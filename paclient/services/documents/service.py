"""What printed documents are made from, the authority's letterhead, and the record of prints.

The service gathers frozen document records (`document_records`); `paclient.reports` lays
them out; once the file or the printer has it, `record_printed` writes what was printed, for
whom, by whom and whether sensitive items were in it, with an audit event, in one transaction.
"""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis.sensitivity import SensitivityPolicy, kept
from paclient.errors import LetterheadMissing
from paclient.models import (
    Adviser,
    GuaranteeOffer,
    IntendedDestination,
    PrintedDocument,
    utcnow,
)
from paclient.services.casework.activities import ActivityService
from paclient.services.casework.records import ActivityRecord
from paclient.services.context import Context
from paclient.services.documents.records import (
    ActivityLine,
    ActivityRecordDoc,
    AdviserContact,
    DestinationLine,
    DocumentHeader,
    Letterhead,
    OfferLine,
)
from paclient.services.people.details import PeopleService
from paclient.services.people.records import PersonRecord
from paclient.services.problems import Problems, fail
from paclient.storage import store_settings

log = logging.getLogger(__name__)

KINDS = ("activity-record", "guidance-summary", "action-plan", "caf-referral",
         "caseload-review", "subject-access")
DESTINATIONS = ("pdf", "printer", "export")
_LETTERHEAD_KEYS = ("authority.name", "authority.address", "authority.phone",
                    "authority.email", "authority.logo")
_LOGO_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG
MAX_LOGO_BYTES = 1_000_000
GROUP_LABELS = {
    "compulsory": "Compulsory education", "education": "Education",
    "employment": "Employment", "training": "Training",
    "neet": "Not in education, employment or training",
    "neet_inactive": "Not available for education, employment or training",
    "not_known": "Not known", "other": "Other",
}


class DocumentService:
    """Records for printing, the letterhead they carry, and the log of what was printed."""

    def __init__(self, ctx: Context, people: PeopleService,
                 activities: ActivityService) -> None:
        self._ctx = ctx
        self._people = people
        self._activities = activities
        self.sensitivity = SensitivityPolicy(ctx.codebook)  # what every document leaves out

    # --- the letterhead ------------------------------------------------------------------

    def letterhead(self) -> Letterhead:
        """The authority's name, address, contact details and logo; LetterheadMissing if unset."""
        with self._ctx.read() as session:
            values = store_settings.values(session, _LETTERHEAD_KEYS)
        if not values.get("authority.name"):
            raise LetterheadMissing()
        logo = values.get("authority.logo")
        return Letterhead(
            authority=values["authority.name"],
            address=tuple(line for line in values.get("authority.address", "").split("\n")
                          if line),
            phone=values.get("authority.phone") or None,
            email=values.get("authority.email") or None,
            logo=base64.b64decode(logo) if logo else None)

    def set_letterhead(self, *, authority: str, address: Sequence[str] = (),
                       phone: str | None = None, email: str | None = None,
                       logo: bytes | None = None) -> Letterhead:
        """Check and keep the authority's details (the whole letterhead is replaced)."""
        problems = Problems()
        authority = authority.strip()
        lines = [line.strip() for line in address if line.strip()]
        if not authority or len(authority) > 120:
            problems.add("authority", "authority_name", "give the authority's name "
                         "(at most 120 characters)")
        if len(lines) > 6 or any(len(line) > 120 for line in lines):
            problems.add("address", "address_lines", "at most 6 lines of 120 characters")
        if email and "@" not in email:
            problems.add("email", "email_format", "is not an email address")
        if logo is not None:
            _check_logo(logo, problems)
        problems.raise_any()
        values = {"authority.name": authority, "authority.address": "\n".join(lines),
                  "authority.phone": (phone or "").strip(), "authority.email": email or "",
                  "authority.logo": base64.b64encode(logo).decode() if logo else ""}
        with self._ctx.write.begin() as session:
            store_settings.replace(session, values, _LETTERHEAD_KEYS)
            changes = self._ctx.changes(session)
            changes.audit("update", "letterhead", None, None, logo=logo is not None)
            changes.flush()
        return self.letterhead()

    # --- documents -------------------------------------------------------------------------

    def activity_record(self, person_id: uuid.UUID, *,
                        include_sensitive: bool = False) -> ActivityRecordDoc:
        """The activity record of one young person; sensitive entries left out unless asked."""
        person = self._people.get(person_id, audited=False)
        header = self.header_of(person)
        history = self._activities.history(person_id)
        shown, left_out = kept(history, include_sensitive,
                               lambda a: self.sensitivity.activity(a.code))
        with self._ctx.read() as session:
            destination, offers = self._destination_and_offers(session, person_id)
        current = history[0] if history else None
        return ActivityRecordDoc(
            header=header, uln=person.uln,
            current=_line(current) if current is not None and current in shown else None,
            history=tuple(_line(a) for a in shown), destination=destination, offers=offers,
            sensitive_included=include_sensitive, left_out=left_out)

    def header(self, person_id: uuid.UUID) -> DocumentHeader:
        """The letterhead, the young person's name and their adviser, for any document."""
        return self.header_of(self._people.get(person_id, audited=False))

    def header_of(self, person: PersonRecord) -> DocumentHeader:
        """`header` for a person already read."""
        letterhead = self.letterhead()
        return DocumentHeader(letterhead=letterhead, person_id=person.id,
                              person_name=full_name(person), date_of_birth=person.date_of_birth,
                              adviser=self.adviser(), printed_on=self._ctx.today())

    def adviser(self) -> AdviserContact:
        """The adviser printing: the store's own."""
        adviser_id = self._ctx.actor.adviser_id
        with self._ctx.read() as session:
            adviser = session.get(Adviser, adviser_id) if adviser_id else None
            if adviser is None:
                return AdviserContact(name=self._ctx.actor.username)
            return AdviserContact(adviser.name, adviser.phone, adviser.email)

    # --- the record of prints ---------------------------------------------------------------

    def record_printed(self, kind: str, person_ids: Sequence[uuid.UUID | None], *,
                       destination: str = "pdf", sensitive_included: bool = False,
                       deliver: Callable[[], object] | None = None) -> int:
        """Log a print or export for each person it was about; return how many were logged.

        `deliver` (writing the file, sending to the printer) runs inside the transaction that
        logs it: if it fails, nothing is logged, and nothing is delivered that is not logged.
        """
        if kind not in KINDS or destination not in DESTINATIONS:
            raise fail("kind", "document_kind", f"unknown document '{kind}' to '{destination}'")
        now = utcnow()
        with self._ctx.write.begin() as session:
            changes = self._ctx.changes(session)
            for person_id in person_ids:
                row = changes.insert(PrintedDocument, person_id=person_id, kind=kind,
                                     printed_at=now, printed_by=self._ctx.actor.username,
                                     sensitive_included=sensitive_included,
                                     destination=destination)
                changes.audit("export" if destination == "export" else "print",
                              "printed_document", row["id"], person_id, kind=kind,
                              sensitive_included=sensitive_included)
            changes.flush()
            if deliver is not None:
                deliver()
        log.info("Logged a %s (%s) for %d people", kind, destination, len(person_ids))
        return len(person_ids)

    # --- helpers ------------------------------------------------------------------------------

    def _destination_and_offers(self, session: Session, person_id: uuid.UUID,
                                ) -> tuple[DestinationLine | None, tuple[OfferLine, ...]]:
        label = self._ctx.codebook.label
        destination = session.scalars(
            select(IntendedDestination).where(IntendedDestination.person_id == person_id,
                                              IntendedDestination.deleted_at.is_(None))
            .order_by(IntendedDestination.recorded_on.desc())).first()
        offers = session.scalars(
            select(GuaranteeOffer).where(GuaranteeOffer.person_id == person_id,
                                         GuaranteeOffer.deleted_at.is_(None))
            .order_by(GuaranteeOffer.recorded_on, GuaranteeOffer.year_group)).all()
        return (
            DestinationLine(label("intended_destination", destination.code),
                            destination.recorded_on) if destination else None,
            tuple(OfferLine(o.year_group, label("guarantee_status", o.status), o.recorded_on,
                            o.provider_name) for o in offers))


def full_name(person: PersonRecord) -> str:
    """Given, middle and family names, as on official documents."""
    return " ".join(n for n in (person.given_name, person.middle_name, person.family_name) if n)


def _line(activity: ActivityRecord) -> ActivityLine:
    return ActivityLine(code=activity.code, label=activity.label,
                        group=GROUP_LABELS.get(activity.group, activity.group),
                        start_date=activity.start_date,
                        confirmed_on=activity.date_verified or activity.date_ascertained,
                        predicted_end_date=activity.predicted_end_date,
                        provider=activity.provider_name)


def _check_logo(logo: bytes, problems: Problems) -> None:
    if len(logo) > MAX_LOGO_BYTES:
        problems.add("logo", "logo_size", f"is larger than {MAX_LOGO_BYTES // 1000} kB")
    elif not logo.startswith(_LOGO_MAGIC):
        problems.add("logo", "logo_format", "must be a PNG or JPEG image")

