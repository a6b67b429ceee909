"""Consent and information sharing, staff-safety warnings, characteristics, parents and carers."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from ccis import catalogue, consent_rules, identifiers, rules
from ccis.agencies import names_service
from ccis.codes import CodeBook
from ccis.consent_rules import giver_problem
from ccis.sensitivity import is_sensitive
from paclient.models import Characteristic, Consent, ParentCarer, SafetyWarning, YoungPerson
from paclient.services.casework.review_prompts import LOOKED_AFTER, prompt_review
from paclient.services.context import Context
from paclient.services.people.details import load_person
from paclient.services.people.records import (
    CharacteristicRecord,
    ConsentRecord,
    ParentCarerRecord,
    SafetyWarningRecord,
)
from paclient.services.problems import Problems
from paclient.services.rows import as_record, columns, load

# The values each field may hold are declared once, in the catalogue both sides check.
PURPOSES = catalogue.CONSENT_PURPOSES
DECISIONS = catalogue.CONSENT_DECISIONS
GIVEN_BY = catalogue.CONSENT_GIVEN_BY
WARNING_KINDS = catalogue.WARNING_KINDS
CONSENT_AGE = consent_rules.CONSENT_AGE  # below it a parent gives consent (DOMAIN.md §3)

R = TypeVar("R")


class SafeguardingService:
    """Who agreed to what, what staff must know before a visit, and who the family are."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    # --- consent and information sharing ----------------------------------------------------

    def record_consent(self, person_id: uuid.UUID, *, purpose: str, decision: str,
                       given_by: str, recorded_on: dt.date, agency: str | None = None,
                       reference: str | None = None) -> ConsentRecord:
        """Record consent given or refused; a refusal is accepted from anyone entitled to it."""
        problems = Problems()
        choose(problems, "purpose", purpose, PURPOSES, "consent_purpose")
        choose(problems, "decision", decision, DECISIONS, "consent_decision")
        problems.date("recorded_on", recorded_on, today=self._ctx.today())
        with self._ctx.write.begin() as session:
            person = load_person(session, person_id)
            if decision == "given":  # refusing is always honoured, whoever refuses
                check_given_by(problems, person, given_by, recorded_on)
                if purpose == "sharing" and refusal_active(session, person_id):
                    problems.add("decision", "sharing_refusal_active",
                                 "withdraw the refusal to share before recording consent")
            else:
                choose(problems, "given_by", given_by, GIVEN_BY, "consent_given_by")
            problems.raise_any()
            changes = self._ctx.changes(session)
            row = changes.insert(Consent, person_id=person_id, purpose=purpose,
                                 decision=decision, given_by=given_by, recorded_on=recorded_on,
                                 agency=_tidy(agency), reference=_tidy(reference))
            changes.audit("create", "consent", row["id"], person_id)
            changes.flush()
        return as_record(ConsentRecord, row)

    def refuse_sharing(self, person_id: uuid.UUID, *, given_by: str,
                       on: dt.date) -> ConsentRecord:
        """Record a refusal of information sharing with every agency."""
        return self.record_consent(person_id, purpose="sharing", decision="refused",
                                   given_by=given_by, recorded_on=on)

    def withdraw_consent(self, consent_id: uuid.UUID, on: dt.date) -> ConsentRecord:
        """Withdraw a consent or a refusal from `on`."""
        problems = Problems()
        with self._ctx.write.begin() as session:
            consent = load(session, Consent, consent_id, "consent")
            if consent.withdrawn_on is not None:
                problems.add("consent_id", "already_withdrawn", "was already withdrawn")
            problems.date("on", on, today=self._ctx.today(), earliest=consent.recorded_on,
                          rule="withdrawn_after_recorded", what="it was recorded")
            problems.raise_any()
            changes = self._ctx.changes(session)
            changes.update(Consent, consent_id, {"withdrawn_on": on}, consent.rev)
            changes.audit("withdraw", "consent", consent_id, consent.person_id)
            changes.flush()
            return as_record(ConsentRecord, {**columns(consent), "withdrawn_on": on})

    def sharing_refused(self, person_id: uuid.UUID) -> bool:
        """True while the person has an active refusal of information sharing."""
        with self._ctx.read() as session:
            return refusal_active(session, person_id)

    def consents(self, person_id: uuid.UUID) -> list[ConsentRecord]:
        """Every consent and refusal of the person, newest first."""
        return self._list(ConsentRecord, Consent, person_id, Consent.recorded_on)

    def record_confidentiality_explained(self, person_id: uuid.UUID, on: dt.date) -> None:
        """Record the day confidentiality was explained to the young person."""
        problems = Problems()
        problems.date("on", on, today=self._ctx.today())
        problems.raise_any()
        with self._ctx.write.begin() as session:
            person = load_person(session, person_id)
            changes = self._ctx.changes(session)
            if person.confidentiality_explained_on != on:
                changes.update(YoungPerson, person_id, {"confidentiality_explained_on": on},
                               person.rev)
                changes.audit("update", "young_person", person_id, person_id,
                              fields=["confidentiality_explained_on"])
            changes.flush()

    # --- staff-safety warnings --------------------------------------------------------------

    def add_warning(self, person_id: uuid.UUID, *, kind: str, text: str,
                    start_date: dt.date) -> SafetyWarningRecord:
        """Add a staff-safety warning, shown as a banner while it is active."""
        problems = Problems()
        choose(problems, "kind", kind, WARNING_KINDS, "warning_kind")
        clean = problems.text("text", text)
        problems.date("start_date", start_date)
        problems.raise_any()
        return as_record(SafetyWarningRecord, self._insert(
            SafetyWarning, person_id, kind=kind, text=clean, start_date=start_date))

    def end_warning(self, warning_id: uuid.UUID, on: dt.date) -> SafetyWarningRecord:
        """End a warning; from `on` it is no longer shown."""
        row = self._end(SafetyWarning, warning_id, "safety warning", on)
        return as_record(SafetyWarningRecord, row)

    def warnings(self, person_id: uuid.UUID) -> list[SafetyWarningRecord]:
        """Every warning of the person, in force or ended, newest first."""
        return self._list(SafetyWarningRecord, SafetyWarning, person_id,
                          SafetyWarning.start_date)

    def active_warnings(self, person_id: uuid.UUID) -> list[SafetyWarningRecord]:
        """Warnings in force today, newest first."""
        today = self._ctx.today()
        return [w for w in self.warnings(person_id)
                if w.start_date <= today and (w.end_date is None or w.end_date > today)]

    # --- characteristics --------------------------------------------------------------------

    def add_characteristic(self, person_id: uuid.UUID, *, code: str, start_date: dt.date,
                           end_date: dt.date | None = None,
                           source: str | None = None) -> CharacteristicRecord:
        """Add a characteristic (IC01) for a period; sensitive ones are flagged."""
        problems = Problems()
        start = start_date if problems.date("start_date", start_date) else None
        end = end_date if end_date is None or problems.date("end_date", end_date) else None
        entry = self._ctx.codebook.entry("characteristic", code, start)
        with self._ctx.write.begin() as session:
            person = load_person(session, person_id)
            problems.catch(lambda: rules.check_characteristic(
                code, person.gender, start, end, self._ctx.codebook))
            if entry is not None and start is not None:
                _check_overlap(problems, session, person_id, code, start, end)
            problems.raise_any()
            changes = self._ctx.changes(session)
            row = changes.insert(Characteristic, person_id=person_id, code=code,
                                 start_date=start_date, end_date=end_date,
                                 source=_tidy(source), sensitive=is_sensitive(entry))
            changes.audit("create", "characteristic", row["id"], person_id)
            prompt_review(changes, person_id, "looked_after" if code == LOOKED_AFTER else None,
                          start_date)  # DOMAIN §2
            changes.flush()
        return self._characteristic(row)

    def end_characteristic(self, characteristic_id: uuid.UUID,
                           on: dt.date) -> CharacteristicRecord:
        """Record the last day a characteristic applied."""
        return self._characteristic(self._end(Characteristic, characteristic_id,
                                              "characteristic", on))

    def characteristics(self, person_id: uuid.UUID,
                        on: dt.date | None = None) -> list[CharacteristicRecord]:
        """The person's characteristics, newest first; only those applying `on` if given."""
        with self._ctx.read() as session:
            stmt = select(Characteristic).where(Characteristic.person_id == person_id,
                                                Characteristic.deleted_at.is_(None))
            if on is not None:
                stmt = stmt.where(Characteristic.start_date <= on,
                                  Characteristic.end_date.is_(None)
                                  | (Characteristic.end_date >= on))
            rows = session.scalars(stmt.order_by(Characteristic.start_date.desc())).all()
            return [self._characteristic(r) for r in rows]

    # --- parents and carers -----------------------------------------------------------------

    def add_parent_carer(self, person_id: uuid.UUID, *, name: str, relationship: str,
                         phone: str | None = None, email: str | None = None,
                         address: str | None = None,
                         permission_to_contact: bool = False) -> ParentCarerRecord:
        """Add a parent or carer, with whether the young person lets us contact them."""
        problems = Problems()
        values = {"name": problems.text("name", name),
                  "relationship": problems.text("relationship", relationship),
                  "address": _tidy(address), "permission_to_contact": bool(permission_to_contact)}
        values["phone"] = _checked(problems, identifiers.check_phone, "phone", phone)
        values["email"] = _checked(problems, identifiers.check_email, "email", email)
        problems.raise_any()
        return as_record(ParentCarerRecord, self._insert(ParentCarer, person_id, **values))

    def parents_carers(self, person_id: uuid.UUID) -> list[ParentCarerRecord]:
        """The person's parents and carers, in the order they were added."""
        with self._ctx.read() as session:
            rows = session.scalars(select(ParentCarer).where(
                ParentCarer.person_id == person_id, ParentCarer.deleted_at.is_(None))
                .order_by(ParentCarer.created_at)).all()
            return [as_record(ParentCarerRecord, r) for r in rows]

    # --- shared steps -----------------------------------------------------------------------

    def _insert(self, model: type[SafetyWarning | ParentCarer], person_id: uuid.UUID,
                **values: object) -> dict[str, object]:
        with self._ctx.write.begin() as session:
            load_person(session, person_id)
            changes = self._ctx.changes(session)
            row = changes.insert(model, person_id=person_id, **values)
            changes.audit("create", model.__tablename__, row["id"], person_id)
            changes.flush()
        return row

    def _end(self, model: type[SafetyWarning | Characteristic], row_id: uuid.UUID,
             kind: str, on: dt.date) -> dict[str, object]:
        problems = Problems()
        with self._ctx.write.begin() as session:
            row = load(session, model, row_id, kind)
            if row.end_date is not None:
                problems.add("end_date", "already_ended", f"the {kind} has already ended")
            problems.date("on", on, earliest=row.start_date, rule="end_after_start",
                          what="the start date")
            problems.raise_any()
            changes = self._ctx.changes(session)
            changes.update(model, row_id, {"end_date": on}, row.rev)
            changes.audit("end", model.__tablename__, row_id, row.person_id)
            changes.flush()
            return {**columns(row), "end_date": on}

    def _list(self, record: type[R], model: type[Consent | SafetyWarning],
              person_id: uuid.UUID, newest: InstrumentedAttribute[dt.date]) -> list[R]:
        with self._ctx.read() as session:
            rows = session.scalars(select(model).where(
                model.person_id == person_id, model.deleted_at.is_(None))
                .order_by(newest.desc(), model.created_at.desc())).all()
            return [as_record(record, r) for r in rows]

    def _characteristic(self, source: Mapping[str, Any] | Characteristic,
                        ) -> CharacteristicRecord:
        code = source["code"] if isinstance(source, Mapping) else source.code
        return as_record(CharacteristicRecord, source,
                         label=self._ctx.codebook.label("characteristic", code))


def choose(problems: Problems, field: str, value: object, allowed: Sequence[str],
           rule: str) -> None:
    """Note `rule` unless `value` is one of `allowed`."""
    if value not in allowed:
        problems.add(field, rule, f"must be one of {', '.join(allowed)}")


def check_given_by(problems: Problems, person: YoungPerson, given_by: str,
                   on: object) -> None:
    """Consent comes from a parent while the young person is under 16 on the day it is
    recorded, and from the young person themselves from their 16th birthday."""
    choose(problems, "given_by", given_by, GIVEN_BY, "consent_given_by")
    found = giver_problem(given_by, "given", person.date_of_birth, on) \
        if isinstance(on, dt.date) else None
    if found is not None:
        problems.add("given_by", *found)


def referral_consent(session: Session, codebook: CodeBook, person_id: uuid.UUID,
                     service: str, on: dt.date) -> bool:
    """Whether consent to a referral to `service` was in force on `on`: given for purpose
    referral, recorded on or before `on`, not withdrawn by then, naming that service (its code
    or label, `ccis.agencies`) or no agency (every agency)."""
    agencies = session.scalars(select(Consent.agency).where(
        Consent.person_id == person_id, Consent.purpose == "referral",
        Consent.decision == "given", Consent.recorded_on <= on,
        Consent.withdrawn_on.is_(None) | (Consent.withdrawn_on > on),
        Consent.deleted_at.is_(None))).all()
    return any(agency is None or names_service(codebook, agency, service)
               for agency in agencies)


def refusal_active(session: Session, person_id: uuid.UUID) -> bool:
    """True while the person has a sharing refusal that has not been withdrawn."""
    return session.scalar(select(Consent.id).where(
        Consent.person_id == person_id, Consent.purpose == "sharing",
        Consent.decision == "refused", Consent.withdrawn_on.is_(None),
        Consent.deleted_at.is_(None)).limit(1)) is not None


def _check_overlap(problems: Problems, session: Session, person_id: uuid.UUID, code: str,
                   start: dt.date, end: dt.date | None) -> None:
    clash = session.scalar(select(Characteristic.id).where(
        Characteristic.person_id == person_id, Characteristic.code == code,
        Characteristic.deleted_at.is_(None),
        Characteristic.end_date.is_(None) | (Characteristic.end_date >= start),
        *([Characteristic.start_date <= end] if end else [])).limit(1))
    if clash is not None:
        problems.add("code", "characteristic_overlap",
                     "the person already has this characteristic for part of that period")


def _checked(problems: Problems, check: Callable[[str, str], str], field: str,
             value: str | None) -> str | None:
    clean = _tidy(value)
    return problems.catch(lambda: check(clean, field)) if clean else None


def _tidy(value: str | None) -> str | None:
    return (value or "").strip() or None
