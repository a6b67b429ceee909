"""Login, tokens, devices and the 401 codes of the contract."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import httpx
from hub.conftest import PASSWORD, HubEnv
from hub.hubkit import error_code
from sqlalchemy import select

from ccis_hub import accounts
from ccis_hub.models import Device
from ccis_hub.throttle import ADDRESS_FREE_FAILURES, FREE_FAILURES


def _login(env: HubEnv, name: str, password: str = PASSWORD) -> httpx.Response:
    return env.client.post("/v1/auth/login", json={"username": name, "password": password,
                                                   "device_name": "laptop"})


def test_login_returns_tokens_bound_to_a_new_device(env: HubEnv) -> None:
    env.add_user("lead", "team_leader", "North")
    api = env.login("lead")
    assert api.tokens["token_type"] == "bearer"
    assert api.tokens["expires_in"] == 15 * 60
    assert api.tokens["user"] == {**api.tokens["user"], "username": "lead",
                                  "role": "team_leader", "team": "North"}
    with env.hub.readers() as session:
        devices = accounts.list_devices(session, "lead")
    assert [str(d.id) for d in devices] == [api.tokens["device_id"]]
    assert api.get("/v1/sync/digest").status_code == 200


def test_only_token_hashes_are_stored(env: HubEnv) -> None:
    api = env.user("pa")
    with env.hub.readers() as session:
        stored = session.scalars(select(Device)).one()
    tokens = (api.tokens["access_token"], api.tokens["refresh_token"])
    assert stored.access_hash == accounts.token_hash(tokens[0])
    assert not {stored.access_hash, stored.refresh_hash} & set(tokens)


def test_bad_password_and_unknown_user_are_the_same_401(env: HubEnv) -> None:
    env.add_user("pa")
    wrong, unknown = _login(env, "pa", "nope"), _login(env, "nobody")
    assert (wrong.status_code, error_code(wrong)) == (401, "bad_credentials")
    assert (unknown.status_code, error_code(unknown)) == (401, "bad_credentials")


def test_no_or_garbage_token_is_token_invalid(env: HubEnv) -> None:
    missing = env.client.get("/v1/sync/pull")
    garbage = env.client.get("/v1/sync/pull", headers={"Authorization": "Bearer nonsense"})
    assert (missing.status_code, error_code(missing)) == (401, "token_invalid")
    assert (garbage.status_code, error_code(garbage)) == (401, "token_invalid")


def test_expired_access_token_is_token_expired_and_refresh_renews(
        make_env: Callable[..., HubEnv]) -> None:
    env = make_env(access_ttl=dt.timedelta(seconds=-1))  # born expired
    api = env.user("pa")
    expired = api.get("/v1/sync/digest")
    assert (expired.status_code, error_code(expired)) == (401, "token_expired")


def test_refresh_rotates_and_the_old_refresh_token_stops_working(env: HubEnv) -> None:
    api = env.user("pa")
    old = api.tokens["refresh_token"]
    renewed = env.client.post("/v1/auth/refresh", json={"refresh_token": old})
    assert renewed.status_code == 200, renewed.text
    body = renewed.json()
    assert body["refresh_token"] != old and body["device_id"] == api.tokens["device_id"]
    stale_access = api.get("/v1/sync/digest")
    assert error_code(stale_access) == "token_invalid"
    fresh = env.client.get("/v1/sync/digest",
                           headers={"Authorization": f"Bearer {body['access_token']}"})
    assert fresh.status_code == 200
    again = env.client.post("/v1/auth/refresh", json={"refresh_token": old})
    assert (again.status_code, error_code(again)) == (401, "token_invalid")
    # (using a spent token ends its family: tests/security/test_identity.py finding 8)


def test_expired_refresh_token_is_token_expired(make_env: Callable[..., HubEnv]) -> None:
    env = make_env(refresh_ttl=dt.timedelta(seconds=-1))
    api = env.user("pa")
    response = env.client.post("/v1/auth/refresh",
                               json={"refresh_token": api.tokens["refresh_token"]})
    assert (response.status_code, error_code(response)) == (401, "token_expired")


def test_revoked_device_gets_device_revoked_everywhere(env: HubEnv) -> None:
    api = env.user("pa")
    other = env.login("pa", device="desktop")
    with env.hub.writers.begin() as session:
        accounts.revoke_device(session, uuid.UUID(api.tokens["device_id"]))
    for response in (api.get("/v1/sync/pull"), api.post("/v1/sync/push", {"changes": []}),
                     env.client.post("/v1/auth/refresh",
                                     json={"refresh_token": api.tokens["refresh_token"]})):
        assert (response.status_code, error_code(response)) == (401, "device_revoked")
    assert other.get("/v1/sync/pull").status_code == 200  # only that device


def test_disabled_user_gets_user_disabled(env: HubEnv) -> None:
    api = env.user("pa")
    with env.hub.writers.begin() as session:
        accounts.set_disabled(session, "pa")
    response = api.get("/v1/sync/digest")
    assert (response.status_code, error_code(response)) == (401, "user_disabled")
    login = _login(env, "pa")
    assert error_code(login) == "user_disabled"


def test_failed_logins_are_rate_limited_per_username_with_growing_delay(env: HubEnv) -> None:
    env.add_user("pa")
    for _ in range(FREE_FAILURES):
        assert _login(env, "pa", "wrong").status_code == 401
    blocked = _login(env, "pa")  # even the right password waits
    assert (blocked.status_code, error_code(blocked)) == (429, "rate_limited")
    first_wait = int(blocked.headers["Retry-After"])
    env.clock.now += first_wait
    assert _login(env, "pa", "wrong").status_code == 401
    second = _login(env, "pa")
    assert int(second.headers["Retry-After"]) > first_wait
    env.clock.now += 10_000
    assert _login(env, "pa").status_code == 200


def test_failed_logins_are_rate_limited_per_client_address(env: HubEnv) -> None:
    for n in range(ADDRESS_FREE_FAILURES):  # a different username each time (a spray)
        assert _login(env, f"guess{n}", "x").status_code == 401
    env.add_user("pa")
    blocked = _login(env, "pa")
    assert error_code(blocked) == "rate_limited"
