"""Property tests over the wire models (hypothesis): pushes of any values, in any field of any
table of the catalogue (text with surrogates and control characters, huge and non-finite
numbers, dates, times, ids, nested lists and objects, unknown fields), never get a 5xx, and
every row the hub then serves meets the shared rules, field by field and row by row: nothing
invalid is applied. The schema-driven fuzzing of every endpoint is
`tests/security/test_openapi.py`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hub.conftest import HubEnv
from hub.hubkit import Api, change, contact, new_id
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccis.catalogue import TABLES, Field, pulled
from ccis.codes import load_codebook
from ccis.row_rules import row_problems
from ccis_hub.validate import problem

FUZZ = settings(max_examples=40, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=12)  # surrogates included
SCALARS = st.one_of(
    st.none(), st.booleans(), ANY_TEXT, st.floats(),
    st.integers(min_value=-(2**80), max_value=2**80), st.integers(min_value=-10, max_value=700),
    st.dates().map(dt.date.isoformat), st.datetimes().map(dt.datetime.isoformat),
    st.uuids().map(str), st.sampled_from(["F", "Z", "1", "face_to_face", "careers", "310"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(ANY_TEXT, inner, max_size=3), max_leaves=6)


def plausible(field: Field, pid: str) -> st.SearchStrategy[Any]:
    """Values a device might send for `field` (some still break a row rule)."""
    if field.codes is not None:
        codes = st.sampled_from([e.code for e in load_codebook().codes(field.codes)])
        return st.lists(codes, max_size=2) if field.kind == "json" else codes
    if field.choices is not None:
        return st.sampled_from(field.choices)
    if field.bounds is not None:
        return st.integers(*field.bounds)
    made: dict[str, st.SearchStrategy[Any]] = {
        "flag": st.booleans(), "number": st.integers(0, 100), "id": st.just(pid),
        "date": st.dates(dt.date(2000, 1, 1), dt.date(2026, 11, 1)).map(dt.date.isoformat),
        "time": st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2026, 11, 1))
        .map(dt.datetime.isoformat),
        "text": st.text("abc XYZ\n", max_size=min(field.length or 8, 8)),
        "note": st.text("abc XYZ\r\n\t", max_size=20), "json": st.lists(st.text("ab"))}
    return made[field.kind]


@st.composite
def changes(draw: st.DrawFn, pid: str, contact_id: str) -> list[dict[str, Any]]:
    """A few changes: inserts of any table (its required fields made plausible) and updates
    of the adviser's own rows, each with some fields (known or not) set to anything."""
    made = []
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(sorted(TABLES)))
        known = TABLES[table].fields
        names = draw(st.lists(st.sampled_from(sorted(known)) | st.sampled_from(sorted(known))
                              | ANY_TEXT, min_size=1, max_size=3, unique=True))
        fields = {name: draw(plausible(known[name], pid) | VALUES if name in known else VALUES)
                  for name in names}
        target = draw(st.sampled_from(["insert", "insert", "person", "contact"]))
        if target == "person":
            made.append(change("young_person", pid, "update", fields, 1))
        elif target == "contact":
            made.append(change("contact", contact_id, "update", fields, 2))
        else:
            base = {name: draw(plausible(known[name], pid)) for name in TABLES[table].required}
            made.append(change(table, new_id(), "insert", {**base, **fields}))
    return made


def _push(api: Api, body: list[dict[str, Any]]) -> list[dict[str, Any]]:
    raw = json.dumps({"changes": body})  # ASCII JSON: surrogates as escapes, NaN as NaN
    response = api.http.post("/v1/sync/push", content=raw.encode(),
                             headers={**api.headers, "Content-Type": "application/json"})
    assert response.status_code in (200, 422), response.text
    results: list[dict[str, Any]] = response.json().get("results", [])
    return results


def _assert_served_rows_are_valid(api: Api) -> None:
    book, today = load_codebook(), dt.datetime.now(dt.UTC).date()
    rows, _, _ = api.pull_all()
    for row in rows:
        table = pulled()[row["table"]]
        assert set(row["fields"]) <= set(table.fields), row["table"]
        for name, value in row["fields"].items():
            assert problem(table.name, name, table.fields[name], value) is None, (table, name)
        assert row_problems(table.name, row["fields"], row["fields"], today, book) == []
    assert api.get("/v1/sync/conflicts").status_code == 200


def test_any_pushed_values_never_get_5xx_and_nothing_invalid_is_applied(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    contact_id = new_id()
    assert pa.push_one(change("contact", contact_id, "insert", contact(pid)))["status"] \
        == "applied"
    statuses: set[str] = set()

    @FUZZ
    @given(changes(pid, contact_id))
    def push_anything(body: list[dict[str, Any]]) -> None:
        statuses.update(r["status"] for r in _push(pa, body))
        _assert_served_rows_are_valid(pa)

    push_anything()
    assert {"applied", "rejected"} <= statuses  # both kinds were tried
