"""A deterministic synthetic caseload, written through the real write path in batches.

Each person passes `validate_person` and each activity the activity rules (`check_activity`,
`due_to_lapse`) before a ChangeSet writes the rows, their outbox entries and an audit event,
one transaction per batch: progress is reported and `cancel` honoured between batches, and a
killed process leaves whole batches only. The first people follow fixed scenarios so that every
work list and every activity group has members even in a small demo.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text

from ccis.errors import ValidationError, ValidationErrors
from paclient.errors import LetterheadMissing
from paclient.models import Activity, YoungPerson
from paclient.resources import read_resource
from paclient.services.casework.activities import activity_row
from paclient.services.context import Context
from paclient.services.demo.story import Story, StoryMaker
from paclient.services.documents.service import DocumentService
from paclient.services.people.details import validate_person
from paclient.services.writing import ChangeSet

log = logging.getLogger(__name__)

BATCH_PEOPLE = 500
# A bulk build touches every index page of big tables; a larger page cache for this connection
# keeps them decrypted in memory instead of re-reading them (KiB, as SQLite's negative form).
_BUILD_CACHE_KIB = 262_144


@dataclass(frozen=True)
class DemoReport:
    """How many rows of each table a demo build wrote, and whether it was cancelled."""

    young_person: int = 0
    parent_carer: int = 0
    characteristic: int = 0
    activity: int = 0
    intended_destination: int = 0
    guarantee_offer: int = 0
    contact: int = 0
    assessment: int = 0
    assessment_factor: int = 0
    action_plan: int = 0
    action: int = 0
    review: int = 0
    referral: int = 0
    caf_episode: int = 0
    caf_meeting: int = 0
    consent: int = 0
    safety_warning: int = 0
    custody_episode: int = 0
    batches: int = 0
    cancelled: bool = False

    @property
    def people(self) -> int:
        """Young people written."""
        return self.young_person

    @property
    def rows(self) -> int:
        """Every domain row written (each also has an outbox entry)."""
        return sum(self.counts().values())

    def counts(self) -> dict[str, int]:
        """Rows written per table."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if f.name not in ("batches", "cancelled")}

    def __str__(self) -> str:
        parts = [f"{self.young_person:,} people", f"{self.contact:,} contacts",
                 f"{self.activity:,} activities", f"{self.rows:,} rows in all"]
        return ", ".join(parts) + (" (cancelled)" if self.cancelled else "")


def build_demo(ctx: Context, *, people: int, seed: int = 1, contacts_per_person: int = 20,
               activities_per_person: int = 3,
               progress: Callable[[int, int], None] | None = None,
               cancel: threading.Event | None = None,
               batch: int = BATCH_PEOPLE) -> DemoReport:
    """Add `people` synthetic young people; the same seed and today give the same rows."""
    maker = StoryMaker(ctx, random.Random(seed), contacts=contacts_per_person,
                       activities=activities_per_person)
    writer = _BatchWriter(ctx)
    done = batches = 0
    while done < people and not (cancel is not None and cancel.is_set()):
        size = min(batch, people - done)
        writer.write([maker.story(index) for index in range(done, done + size)])
        done, batches = done + size, batches + 1
        log.info("Demo batch %d written (%d of %d people)", batches, done, people)
        if progress is not None:
            progress(done, people)
    return DemoReport(**writer.counts, batches=batches, cancelled=done < people)




def set_demo_letterhead(documents: DocumentService) -> None:
    """Give a demo store an invented authority's letterhead, unless it has one already."""
    try:
        documents.letterhead()
    except LetterheadMissing:
        documents.set_letterhead(
            authority="Demoshire County Council: Youth Support Service",
            address=("County Hall", "Market Street", "Demotown DM1 1AA"),
            phone="01632 960000", email="youth.support@demoshire.example",
            logo=read_resource("demo-logo.png"))


class _BatchWriter:
    """Validates stories and writes each batch in one transaction through a ChangeSet."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._today = ctx.today()
        self.counts: Counter[str] = Counter()

    def write(self, stories: list[Story]) -> None:
        """Validate and write one batch; nothing of it is kept if any row fails."""
        with self._ctx.write.begin() as session:
            if session.get(YoungPerson, stories[0].id) is not None:
                raise ValidationErrors([ValidationError(
                    "seed", "demo_seed_used",
                    "this seed was already used in this store; choose another")])
            session.execute(text(f"PRAGMA cache_size = -{_BUILD_CACHE_KIB}"))
            changes = self._ctx.changes(session)
            batch: Counter[str] = Counter()
            for story in stories:
                self._write_story(changes, story, batch)
            changes.flush()
        self.counts.update(batch)

    def _write_story(self, changes: ChangeSet, story: Story, counts: Counter[str]) -> None:
        person = validate_person(story.person, self._ctx)
        changes.insert(YoungPerson, id=story.id, **person)
        for model, values in story.rows:
            changes.insert(model, **values)
            counts[model.__tablename__] += 1
        for values in story.activities:
            fields = {k: v for k, v in values.items() if k != "id"}
            row = activity_row(
                self._ctx, story.id, fields, dob=person["date_of_birth"],
                send=bool(person.get("send")), gender=person.get("gender") or "U",
                characteristics_on_start=story.characteristics_on(values["start_date"]))
            changes.insert(Activity, id=values["id"], **row)
        changes.audit("create", "young_person", story.id, story.id, source="demo",
                      rows=len(story.rows) + len(story.activities) + 1)
        counts["young_person"] += 1
        counts["activity"] += len(story.activities)


