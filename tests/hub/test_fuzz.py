"""Schema-driven fuzzing from /openapi.json (schemathesis): hostile requests to every endpoint
never get a 5xx and change nothing the hub stores; without a valid token they all get a 4xx.

(With a valid token a "negative" case may differ from the schema only in a part the token
overrides, the Authorization header, and then rightly succeeds: a read, which changes nothing.)
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hub.conftest import HubEnv
from hub.hubkit import change, consent, new_id
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from sqlalchemy import select

from ccis_hub.models import Base

FUZZ = settings(max_examples=15, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck))


def _dump(env: HubEnv) -> dict[str, list[tuple[Any, ...]]]:
    with env.hub.readers() as session:
        return {name: sorted(tuple(map(repr, row)) for row in session.execute(select(table)))
                for name, table in Base.metadata.tables.items()}


def test_malformed_requests_get_4xx_and_change_nothing(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    pa.push([change("consent", new_id(), "insert", consent(pid))])
    before = _dump(env)
    schema = schemathesis.openapi.from_asgi("/openapi.json", env.client.app)
    statuses: set[int] = set()
    calls: list[str] = []

    def hostile(case: schemathesis.Case) -> None:
        calls.append(f"{case.method} {case.path}")
        signed = case.call(headers=pa.headers)
        statuses.add(signed.status_code)
        assert signed.status_code < 500, (case.path, signed.text)
        anonymous = case.call(headers={"Authorization": ""})
        assert 400 <= anonymous.status_code < 500, (case.path, anonymous.text)

    for operation in schema.get_all_operations():  # each endpoint, so none is left out
        strategy = operation.ok().as_strategy(generation_mode=GenerationMode.NEGATIVE)
        FUZZ(given(strategy)(hostile))()
    assert _dump(env) == before
    assert {401, 422} <= statuses
    assert len(set(calls)) == 11, set(calls)  # every operation was hit


def test_well_formed_random_requests_never_get_5xx(env: HubEnv) -> None:
    pa = env.user("pa")
    schema = schemathesis.openapi.from_asgi("/openapi.json", env.client.app)

    def random_but_valid(case: schemathesis.Case) -> None:
        response = case.call(headers=pa.headers)
        assert response.status_code < 500, (case.path, response.text)

    for operation in schema.get_all_operations():
        strategy = operation.ok().as_strategy(generation_mode=GenerationMode.POSITIVE)
        FUZZ(given(strategy)(random_but_valid))()
