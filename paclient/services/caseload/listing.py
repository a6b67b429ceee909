"""The active caseload, full-text search and the work lists: each is one SQL query.

A person's current activity is their latest by start date (then by when it was recorded): the
one row of theirs with `is_current` set, which the store's triggers keep. The join reaches it
through the partial index on (person_id) of current activities, and the lists that ask
about the current activity (lapsed, due to lapse, NEET, not known) start from the partial
indexes on its lapse date and code instead of visiting every person.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Float, Select, Uuid, and_, case, func, select, true
from sqlalchemy import text as sql
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from ccis import rules
from paclient.errors import NotFound
from paclient.models import Activity, YoungPerson
from paclient.services.caseload.extras import NONE as NO_EXTRAS
from paclient.services.caseload.extras import Extras, caseload_extras
from paclient.services.caseload.records import CaseloadRow
from paclient.services.caseload.worklists import WORKLISTS, Bounds, Detail, ListSpec, Tables, spec
from paclient.services.context import Context

__all__ = ["WORKLISTS", "CaseloadService", "caseload_query", "match_expression"]

SEARCH_WEIGHTS = (10.0, 5.0, 3.0, 1.0)  # bm25 weights: names, identifiers, postcode, school
MAX_SEARCH_WORDS = 8  # more words only narrow a search that is already exact
MAX_WORD_CHARS = 40
MAX_TEXT_CHARS = 4_000  # a search box's worth; the rest of a pasted essay is ignored

_P = YoungPerson.__table__.alias("p")
_A = Activity.__table__.alias("cur")  # the current activity
_T = Tables(_P, _A)
_WORD = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer keeps: letters and digits
_COLUMNS = (_P.c.id, _P.c.given_name, _P.c.family_name, _P.c.preferred_name,
            _P.c.date_of_birth, _P.c.upn, _P.c.uln, _P.c.postcode, _P.c.school_name,
            _P.c.level_of_need, _P.c.leaver_notified_on, _P.c.send, _A.c.code,
            _A.c.due_to_lapse_date, _A.c.neet_start_date)
_BY_NAME = (_P.c.family_name.collate("NOCASE"), _P.c.given_name.collate("NOCASE"), _P.c.id)


class CaseloadService:
    """Reading the caseload as rows: all of it, a search, or one work list."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def rows(self, *, limit: int | None = None) -> list[CaseloadRow]:
        """The active caseload with each person's current activity, by name."""
        today = self._ctx.today()
        with self._ctx.read() as session:
            if limit is not None:
                found = session.execute(caseload_query(self._ctx, limit)).all()
                return self._to_rows(session, found, today)
            # The whole caseload streams: its result rows are never all held at once.
            extras = caseload_extras(session, None, today)
            streamed = session.execute(caseload_query(self._ctx)).yield_per(2_000)
            return self._to_rows(session, streamed, today, extras=extras)

    def count(self) -> int:
        """How many people the active caseload holds (what `rows` would list)."""
        stmt = select(func.count()).select_from(_P).where(_active(self._ctx, self._ctx.today()))
        with self._ctx.read() as session:
            return session.scalar(stmt) or 0

    def search(self, text: str, *, limit: int = 50) -> list[CaseloadRow]:
        """People whose names, identifiers, postcode or school start with every word typed.

        Best matches first (bm25, names weighted highest). Any text is safe: it is split into
        words here and each word is quoted, so FTS5 never sees operators or syntax.
        """
        match = match_expression(text)
        if match is None or limit <= 0:
            return []
        with self._ctx.read() as session:
            fetch = limit + 32  # a few spare hits in case some belong to tombstoned people
            while True:
                found = session.execute(_search_select(match, fetch, limit)).all()
                if len(found) == limit or fetch >= _hit_count(session, match):
                    return self._to_rows(session, found, self._ctx.today())
                fetch *= 4

    def search_ids(self, text: str) -> frozenset[uuid.UUID]:
        """Everyone whose names, identifiers, postcode or school start with every word typed,
        unranked: what quick search keeps of a list already on screen (tombstoned and
        inactive people may be among them; they are not on screen to keep)."""
        match = match_expression(text)
        if match is None:
            return frozenset()
        stmt = sql("SELECT m.person_id FROM person_search JOIN person_search_map AS m "
                   "ON m.rowid = person_search.rowid WHERE person_search MATCH :match"
                   ).bindparams(match=match).columns(person_id=Uuid())
        with self._ctx.read() as session:
            return frozenset(session.scalars(stmt))

    def worklist(self, name: str, *, within_days: int = 28) -> list[CaseloadRow]:
        """The people on work list `name` (see WORKLISTS), most overdue first."""
        if name not in WORKLISTS:
            raise NotFound("work list", name)
        bounds = Bounds.compute(self._ctx, within_days)
        listed = spec(name, _T, bounds)
        active = _active(self._ctx, bounds.today)
        with self._ctx.read() as session:
            found = session.execute(_worklist_query(listed, active)).all()
            return self._to_rows(session, found, bounds.today, listed.detail)

    def worklist_counts(self, *, within_days: int = 28) -> dict[str, int]:
        """How many people each work list holds, counted in one pass over the caseload."""
        bounds = Bounds.compute(self._ctx, within_days)
        sums = [func.coalesce(func.sum(case((spec(name, _T, bounds).where, 1), else_=0)), 0)
                .label(name.replace("-", "_")) for name in WORKLISTS]
        stmt = (select(*sums).select_from(_with_activity(_P))
                .where(_active(self._ctx, bounds.today)))
        with self._ctx.read() as session:
            counts = session.execute(stmt).one()
        return {name: int(count) for name, count in zip(WORKLISTS, counts, strict=True)}

    def _to_rows(self, session: Session, result: Iterable[Any], today: dt.date,
                 detail: Detail | None = None, *,
                 extras: Mapping[uuid.UUID, Extras] | None = None) -> list[CaseloadRow]:
        """Records from result rows laid out as `_COLUMNS` (plus a work list's key); `extras`
        of everyone in `result` when already read, else they are read here."""
        year_groups: dict[dt.date, int] = {}
        groups: dict[str | None, str | None] = {}
        if extras is None:
            result = list(result)
            extras = caseload_extras(session, [row[0] for row in result], today)
        rows = []
        # Names, schools, codes and dates repeat across a caseload: one object for each value
        # instead of one per row keeps 50,000 rows some 10 MB smaller.
        one: dict[object, Any] = {}
        for row in result:
            more = extras.get(row[0], NO_EXTRAS)
            (pid, given, family, preferred, dob, upn, uln, postcode, school, need, _leaver,
             send, code, lapse, neet_start, *extra) = row
            given, family, school, code = (one.setdefault(v, v)
                                           for v in (given, family, school, code))
            dob, lapse, neet_start = (one.setdefault(v, v) for v in (dob, lapse, neet_start))
            if dob not in year_groups:
                year_groups[dob] = rules.year_group(dob, today)
            if code not in groups:
                groups[code] = self._group(code)
            rows.append(CaseloadRow(
                pid, given, family, preferred, dob, upn, uln, postcode, school, need, code,
                groups[code], lapse, neet_start, year_groups[dob],
                detail(extra[0], row) if detail else "",
                more.next_action_due, more.flags, bool(send)))
        return rows

    def _group(self, code: str | None) -> str | None:
        entry = self._ctx.codebook.entry("activity", code) if code else None
        return entry.group if entry else None


def match_expression(text: str) -> str | None:
    """An FTS5 query asking for every word of `text` as a prefix; None if there are no words.

    Words are runs of letters and digits (as the index's tokenizer sees them), so quotes,
    `*`, `:`, `-`, parentheses and operator words like NEAR can only ever be searched for.
    """
    normal = unicodedata.normalize("NFKC", text[:MAX_TEXT_CHARS])
    words = itertools.islice(_WORD.finditer(normal), MAX_SEARCH_WORDS)
    quoted = ['"' + w.group()[:MAX_WORD_CHARS].replace('"', '""') + '"*' for w in words]
    return " ".join(quoted) or None


def caseload_query(ctx: Context, limit: int | None = None) -> Select[Any]:
    """The active caseload with current activities, by name (the statement `rows` runs)."""
    active = _active(ctx, ctx.today())
    return _select(_with_activity(_P)).where(active).order_by(*_BY_NAME).limit(limit)


def _worklist_query(listed: ListSpec, active: ColumnElement[bool]) -> Select[Any]:
    """The people on a list with their current activity, ordered by the list's key.

    A list that looks only at the person (and its own tables) is worked out first, so the
    current activity is looked up for its members only, not for the whole caseload.
    """
    key: ColumnElement[Any]
    notes = [] if listed.note is None else [listed.note.label("note")]
    if listed.uses_activity:
        key = listed.key.label("key")
        stmt = _select(_with_activity(_P), key, *notes).where(active, listed.where)
    else:
        chosen = (select(_P.c.id.label("person_id"), listed.key.label("key"), *notes)
                  .where(active, listed.where).cte("chosen")
                  .prefix_with("MATERIALIZED"))
        key = chosen.c.key
        stmt = _select(_with_activity(chosen.join(_P, _P.c.id == chosen.c.person_id)), key,
                       *[chosen.c.note for _ in notes])
    return stmt.order_by(key, *_BY_NAME)


def _select(source: FromClause, *extra: ColumnElement[Any]) -> Select[Any]:
    return select(*_COLUMNS, *extra).select_from(source)


def _with_activity(source: FromClause) -> FromClause:
    """`source` outer-joined to each person's current activity (none if never recorded)."""
    return source.outerjoin(_A, and_(_A.c.person_id == _P.c.id, _A.c.is_current == true()))


def _active(ctx: Context, today: dt.date) -> ColumnElement[bool]:
    """Not tombstoned, in an active cohort (P, G) and not aged out (20, or 26 with SEND)."""
    inactive = [e.code for e in ctx.codebook.entries("cohort_status") if not e.attrs.get("active")]
    aged_out = case((_P.c.send.is_(True), _last_aged_out(ctx, today, send=True)),
                    else_=_last_aged_out(ctx, today, send=False))
    return and_(_P.c.deleted_at.is_(None), _P.c.cohort_status.not_in(inactive),
                _P.c.date_of_birth > aged_out)


def _last_aged_out(ctx: Context, today: dt.date, *, send: bool) -> dt.date:
    """The latest birth date of someone who has aged out by today (found by bisection)."""
    low, high = today - dt.timedelta(days=366 * 40), today
    while low <= high:
        mid = low + (high - low) // 2
        if rules.age_out_date(mid, send, ctx.policy) <= today:
            low = mid + dt.timedelta(days=1)
        else:
            high = mid - dt.timedelta(days=1)
    return high


def _search_select(match: str, fetch: int, limit: int) -> Select[Any]:
    """The best `fetch` hits by bm25, then the first `limit` of them not tombstoned."""
    weights = ", ".join(str(w) for w in SEARCH_WEIGHTS)
    top = (sql(f"SELECT m.person_id AS person_id, bm25(person_search, {weights}) AS score "
                "FROM person_search JOIN person_search_map AS m "
                "ON m.rowid = person_search.rowid WHERE person_search MATCH :match "
                "ORDER BY score LIMIT :fetch")
           .bindparams(match=match, fetch=fetch).columns(person_id=Uuid(), score=Float())
           .subquery("top"))
    source = _with_activity(top.join(_P, _P.c.id == top.c.person_id))
    return (_select(source, top.c.score).where(_P.c.deleted_at.is_(None))
            .order_by(top.c.score, *_BY_NAME).limit(limit))


def _hit_count(session: Session, match: str) -> int:
    """How many index entries match, tombstoned people included."""
    return int(session.execute(sql("SELECT count(*) FROM person_search "
                                    "WHERE person_search MATCH :match"),
                               {"match": match}).scalar_one())
