"""Custody episodes: admission, the resettlement checklist, pre-release liaison and release."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccis.la_dates import check_la_field
from paclient.models import RESETTLEMENT_ITEMS, CustodyEpisode
from paclient.services.casework.records import CustodyEpisodeRecord
from paclient.services.casework.review_prompts import prompt_review
from paclient.services.context import Context
from paclient.services.people.details import load_person
from paclient.services.problems import Problems
from paclient.services.rows import as_record, columns, load

# The resettlement checklist, in order, for views (which never import the models).
CHECKLIST: tuple[str, ...] = RESETTLEMENT_ITEMS

# A check run inside the write transaction: it notes problems and returns the fields to set.
EpisodeCheck = Callable[[Problems, CustodyEpisode], dict[str, Any]]


class CustodyService:
    """Working with a young person in custody towards a planned release."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def admit(self, person_id: uuid.UUID, *, establishment: str, admitted_on: dt.date,
              expected_release_on: dt.date | None = None,
              home_la: str | None = None) -> CustodyEpisodeRecord:
        """Open a custody episode; a person has at most one open at a time."""
        problems = Problems()
        name = problems.text("establishment", establishment)
        if problems.date("admitted_on", admitted_on, today=self._ctx.today()) \
                and expected_release_on is not None:
            problems.date("expected_release_on", expected_release_on,
                          earliest=admitted_on + dt.timedelta(days=1),
                          rule="release_after_admission", what="the day after admission")
        la = problems.catch(lambda: check_la_field(
            "custody_episode", "home_la", home_la, {}, self._ctx.today(),
            self._ctx.codebook)) if home_la else None
        with self._ctx.write.begin() as session:
            load_person(session, person_id)
            if _open_episode(session, person_id):
                problems.add("admitted_on", "custody_already_open",
                             "the young person is already recorded as in custody")
            problems.raise_any()
            changes = self._ctx.changes(session)
            row = changes.insert(CustodyEpisode, person_id=person_id, establishment=name,
                                 admitted_on=admitted_on,
                                 expected_release_on=expected_release_on, home_la=la,
                                 checklist={})
            changes.audit("create", "custody_episode", row["id"], person_id)
            prompt_review(changes, person_id, "custody", admitted_on)  # DOMAIN §2
            changes.flush()
        return _record(row)

    def tick(self, episode_id: uuid.UUID, item: str, on: dt.date) -> CustodyEpisodeRecord:
        """Tick a resettlement checklist item as done on `on`."""
        def check(problems: Problems, episode: CustodyEpisode) -> dict[str, Any]:
            if item not in RESETTLEMENT_ITEMS:
                problems.add("item", "resettlement_item",
                             f"must be one of {', '.join(RESETTLEMENT_ITEMS)}")
            self._check_during(problems, episode, "on", on)
            done = on.isoformat() if isinstance(on, dt.date) else None
            return {"checklist": {**(episode.checklist or {}), item: done}}

        return self._change(episode_id, check, "tick")

    def record_liaison(self, episode_id: uuid.UUID, *, on: dt.date,
                       contact: str) -> CustodyEpisodeRecord:
        """Record pre-release liaison with the home LA and who it was with."""
        def check(problems: Problems, episode: CustodyEpisode) -> dict[str, Any]:
            self._check_during(problems, episode, "on", on)
            return {"pre_release_liaison_on": on,
                    "liaison_contact": problems.text("contact", contact)}

        return self._change(episode_id, check, "update")

    def record_transfer_pack(self, episode_id: uuid.UUID, on: dt.date) -> CustodyEpisodeRecord:
        """Record the day the education transfer pack was sent."""
        def check(problems: Problems, episode: CustodyEpisode) -> dict[str, Any]:
            self._check_during(problems, episode, "on", on)
            return {"transfer_pack_sent_on": on}

        return self._change(episode_id, check, "update")

    def release(self, episode_id: uuid.UUID, on: dt.date) -> CustodyEpisodeRecord:
        """Record the release, which ends the episode."""
        def check(problems: Problems, episode: CustodyEpisode) -> dict[str, Any]:
            if episode.released_on is not None:
                problems.add("released_on", "already_released", "was already recorded")
            problems.date("on", on, today=self._ctx.today(), earliest=episode.admitted_on,
                          rule="release_after_admission", what="the admission")
            return {"released_on": on}

        return self._change(episode_id, check, "release")

    def episodes(self, person_id: uuid.UUID) -> list[CustodyEpisodeRecord]:
        """Every custody episode of the person, newest first."""
        with self._ctx.read() as session:
            rows = session.scalars(select(CustodyEpisode).where(
                CustodyEpisode.person_id == person_id, CustodyEpisode.deleted_at.is_(None))
                .order_by(CustodyEpisode.admitted_on.desc())).all()
            return [_record(r) for r in rows]

    def has_episodes(self, person_id: uuid.UUID) -> bool:
        """Whether the person has, or had, a custody episode (a cheap check for the record)."""
        with self._ctx.read() as session:
            return session.scalar(select(CustodyEpisode.id).where(
                CustodyEpisode.person_id == person_id, CustodyEpisode.deleted_at.is_(None))
                .limit(1)) is not None

    def _check_during(self, problems: Problems, episode: CustodyEpisode, field: str,
                      on: object) -> None:
        """Work done for a custody episode falls between admission and release (or today)."""
        if problems.date(field, on, today=self._ctx.today(), earliest=episode.admitted_on,
                         rule="after_admission", what="the admission") \
                and episode.released_on is not None and on > episode.released_on:  # type: ignore[operator]
            problems.add(field, "before_release", "cannot be after the release")

    def _change(self, episode_id: uuid.UUID, check: EpisodeCheck,
                action: str) -> CustodyEpisodeRecord:
        problems = Problems()
        with self._ctx.write.begin() as session:
            episode = load(session, CustodyEpisode, episode_id, "custody episode")
            fields = check(problems, episode)
            problems.raise_any()
            changes = self._ctx.changes(session)
            changes.update(CustodyEpisode, episode_id, fields, episode.rev)
            changes.audit(action, "custody_episode", episode_id, episode.person_id,
                          fields=sorted(fields))
            changes.flush()
            return _record({**columns(episode), **fields})


def _open_episode(session: Session, person_id: uuid.UUID) -> bool:
    return session.scalar(select(CustodyEpisode.id).where(
        CustodyEpisode.person_id == person_id, CustodyEpisode.released_on.is_(None),
        CustodyEpisode.deleted_at.is_(None)).limit(1)) is not None


def _record(source: Mapping[str, Any] | CustodyEpisode) -> CustodyEpisodeRecord:
    checklist = (source["checklist"] if isinstance(source, Mapping)
                 else source.checklist) or {}
    return as_record(CustodyEpisodeRecord, source,
                     checklist={k: dt.date.fromisoformat(str(v)) for k, v in checklist.items()})
