"""Age-out (DOMAIN §4): a record leaves the active caseload on its age-out birthday (the 20th,
or the 26th with SEND) and its cohort status becomes A; a record with status L stays L.

Run once a day when the store opens for writing (the desktop app and every `paclient`
command), as an ordinary audited update that syncs like any other.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from ccis import rules
from ccis.person_rules import AGED_OUT, PersonFacts, ages_out
from paclient.models import YoungPerson
from paclient.services.context import Context
from paclient.storage import store_settings

log = logging.getLogger(__name__)
_P = YoungPerson


def age_out_records(ctx: Context) -> int:
    """Give cohort status A to active records (P, G) past their age-out birthday, unless done
    already today; the number changed."""
    today, book, policy = ctx.today(), ctx.codebook, ctx.policy
    active = [e.code for e in book.entries("cohort_status") if e.attrs.get("active")]
    with ctx.write.begin() as session:
        if store_settings.get(session, store_settings.AGED_OUT_ON) == today.isoformat():
            return 0
        found = session.execute(
            select(_P.id, _P.rev, _P.date_of_birth, _P.send, _P.cohort_status)
            .where(_P.cohort_status.in_(active), _P.deleted_at.is_(None),
                   _P.date_of_birth <= rules.birthday(today, -policy.age_out))).all()
        aged = [p for p in found if ages_out(
            PersonFacts(p.date_of_birth, send=p.send, cohort_status=p.cohort_status),
            today, book, policy)]
        changes = ctx.changes(session)
        for person in aged:
            changes.update(YoungPerson, person.id, {"cohort_status": AGED_OUT}, person.rev)
            changes.audit("update", "young_person", person.id, person.id,
                          fields=["cohort_status"], reason="aged_out")
        changes.flush()
        store_settings.put(session, store_settings.AGED_OUT_ON, today.isoformat())
    log.info("Aged out %d records", len(aged))
    return len(aged)
