"""Schema-driven fuzzing from /openapi.json (schemathesis): every endpoint, every documented
response, zero server errors.

Each operation gets well-formed random requests and malformed ones, sent with a signed-in
adviser's token; every answer must be one the schema documents (status, content type, body)
and none a 5xx. Malformed requests change nothing the hub stores, and without a valid token
they all get a 4xx. (With a valid token a "negative" case may differ from the schema only in a
part the token overrides, the Authorization header, and then rightly succeeds: a read.)
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hub.conftest import HubEnv
from hub.hubkit import Api, change, consent, new_id
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from ccis_hub.models import Base

FUZZ = settings(max_examples=15, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
OPERATIONS = 14  # with GET and POST /v1/settings (issue 14) and GET /health (issue 15)
OPEN = {"GET /health"}  # takes no input and needs no sign-in: nothing malformed to send


def _dump(env: HubEnv) -> dict[str, list[tuple[Any, ...]]]:
    with env.hub.readers() as session:
        return {name: sorted(tuple(map(repr, row)) for row in session.execute(select(table)))
                for name, table in Base.metadata.tables.items()}


def _signed_in(env: HubEnv) -> Api:
    pa = env.user("pa")
    pid = pa.add_person()
    pa.push([change("consent", new_id(), "insert", consent(pid))])
    return pa


def test_malformed_requests_get_documented_4xx_and_change_nothing(env: HubEnv) -> None:
    pa = _signed_in(env)
    before = _dump(env)
    schema = schemathesis.openapi.from_asgi("/openapi.json", env.client.app)
    statuses: set[int] = set()
    calls: set[str] = set()

    def hostile(case: schemathesis.Case) -> None:
        calls.add(f"{case.method} {case.path}")
        signed = case.call(headers=pa.headers)
        statuses.add(signed.status_code)
        case.validate_response(signed, checks=CHECKS)
        anonymous = case.call(headers={"Authorization": ""})
        assert 400 <= anonymous.status_code < 500, (case.path, anonymous.text)
        case.validate_response(anonymous, checks=CHECKS)

    for operation in schema.get_all_operations():  # each endpoint, so none is left out
        endpoint = operation.ok()
        if f"{endpoint.method.upper()} {endpoint.path}" in OPEN:
            continue
        strategy = endpoint.as_strategy(generation_mode=GenerationMode.NEGATIVE)
        FUZZ(given(strategy)(hostile))()
    assert _dump(env) == before
    assert {401, 422} <= statuses
    assert len(calls) == OPERATIONS - len(OPEN), calls  # every other operation was hit


def test_well_formed_random_requests_get_documented_answers(env: HubEnv) -> None:
    pa = _signed_in(env)
    schema = schemathesis.openapi.from_asgi("/openapi.json", env.client.app)
    calls: set[str] = set()

    def random_but_valid(case: schemathesis.Case) -> None:
        calls.add(f"{case.method} {case.path}")
        case.validate_response(case.call(headers=pa.headers), checks=CHECKS)

    for operation in schema.get_all_operations():
        strategy = operation.ok().as_strategy(generation_mode=GenerationMode.POSITIVE)
        FUZZ(given(strategy)(random_but_valid))()
    assert len(calls) == OPERATIONS, calls
