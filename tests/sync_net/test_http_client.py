"""HubClient against a scripted local server: retries, bounds, token refresh, revocation."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest
from scripted_server import DROP, ScriptedServer

from paclient.errors import DeviceRevoked, HubAuthFailed, HubRefused, HubUnreachable
from paclient.sync.http import HubClient, RetryPolicy
from paclient.sync.tokens import TokenStore

FAST = RetryPolicy(attempts=4, total_seconds=10, first_wait=0.01, max_wait=0.05, jitter=0.01,
                   timeout=2)
PAGE = {"rows": [], "exits": [], "cursor": 7, "more": False}


def signed_in(access: str, refresh: str) -> tuple[int, dict[str, object]]:
    return (200, {"access_token": access, "refresh_token": refresh, "token_type": "bearer",
                  "expires_in": 900, "device_id": "dev-1",
                  "user": {"id": "u-1", "username": "pa1", "role": "adviser", "team": None}})


def refusal(status: int, code: str) -> tuple[int, dict[str, object]]:
    return (status, {"detail": {"code": code, "message": "No."}})


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    made = ScriptedServer()
    yield made
    made.close()


@pytest.fixture
def client(server: ScriptedServer, file_keyring) -> Iterator[HubClient]:
    made = HubClient(server.url, TokenStore("test-account"), retry=FAST)
    yield made
    made.close()


def test_5xx_answers_are_retried_until_the_hub_answers(server, client):
    server.script.add("GET", "/v1/sync/pull", (503, {}), (502, {}), (200, PAGE))
    noted: list[tuple[str, int, str]] = []
    client._on_retry = lambda *event: noted.append(event)  # the engine passes this in
    assert client.pull(0, 10)["cursor"] == 7
    assert client.retries == 2
    assert [n[2] for n in noted] == ["HTTP 503", "HTTP 502"]


def test_a_dropped_connection_is_retried_and_the_same_changes_are_resent(server, client):
    change = {"change_id": "c-1", "table": "contact", "row_id": "r-1", "op": "insert",
              "fields": {}, "base_rev": None}
    result = {"change_id": "c-1", "status": "applied", "rev": 3, "reason": None, "conflicts": []}
    server.script.add("POST", "/v1/sync/push", DROP, DROP, (200, {"results": [result]}))
    assert client.push([change]) == [result]
    bodies = [s.body for s in server.script.seen if s.path == "/v1/sync/push"]
    assert bodies == [{"changes": [change]}] * 3


def test_attempts_are_bounded_then_the_hub_is_unreachable(server, client):
    server.script.add("GET", "/v1/sync/digest", (500, {}))
    with pytest.raises(HubUnreachable) as caught:
        client.digest()
    assert caught.value.attempts == FAST.attempts
    assert len(server.script.seen) == FAST.attempts


def test_total_retry_time_is_bounded(server, file_keyring):
    server.script.add("GET", "/v1/sync/digest", (503, {}))
    policy = RetryPolicy(attempts=1000, total_seconds=0.4, first_wait=0.05, max_wait=0.05,
                         jitter=0)
    with HubClient(server.url, TokenStore("a"), retry=policy) as client, \
            pytest.raises(HubUnreachable) as caught:
        client.digest()
    assert 2 <= caught.value.attempts < 1000  # the time budget, not the attempts, stopped it


def test_nothing_listening_is_unreachable(file_keyring):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with HubClient(f"http://127.0.0.1:{port}", TokenStore("a"), retry=FAST) as client, \
            pytest.raises(HubUnreachable) as caught:
        client.pull(0)
    assert caught.value.detail == "ConnectError"
    assert "cannot be reached" in caught.value.sentence()


def test_login_keeps_the_refresh_token_in_the_keyring_and_the_access_token_in_memory(
        server, client, file_keyring):
    server.script.add("POST", "/v1/auth/login", signed_in("acc-1", "ref-1"))
    server.script.add("GET", "/v1/sync/digest", (200, {"count": 0, "digest": "x", "cursor": 0}))
    session = client.login("pa1", "pw", "laptop")
    client.digest()
    assert session.device_id == "dev-1"
    stored = json.loads(file_keyring.read_text())
    assert list(stored.values()) == ["ref-1"]
    assert server.script.seen[-1].authorization == "Bearer acc-1"


def test_an_expired_access_token_is_refreshed_once_and_the_call_repeated(server, client):
    client.tokens.save("ref-1")
    server.script.add("POST", "/v1/auth/refresh", signed_in("acc-2", "ref-2"))
    server.script.add("GET", "/v1/sync/conflicts", refusal(401, "token_expired"),
                      (200, {"conflicts": []}))
    assert client.conflicts() == []
    refreshes = [s.body for s in server.script.seen if s.path == "/v1/auth/refresh"]
    assert refreshes == [{"refresh_token": "ref-1"}]
    assert server.script.seen[-1].authorization == "Bearer acc-2"
    assert client.tokens.get() == "ref-2"  # rotated


def test_a_second_expiry_after_refreshing_is_an_auth_failure_not_a_loop(server, client):
    client.tokens.save("ref-1")
    server.script.add("POST", "/v1/auth/refresh", signed_in("acc-2", "ref-2"))
    server.script.add("GET", "/v1/sync/conflicts", refusal(401, "token_expired"))
    with pytest.raises(HubAuthFailed):
        client.conflicts()
    assert len([s for s in server.script.seen if s.path == "/v1/auth/refresh"]) == 1


def test_revoked_device_and_other_401s_are_typed(server, client):
    server.script.add("GET", "/v1/sync/pull", refusal(401, "device_revoked"))
    server.script.add("GET", "/v1/sync/digest", refusal(401, "token_invalid"))
    server.script.add("POST", "/v1/people/p-1/transfer", refusal(403, "out_of_scope"))
    with pytest.raises(DeviceRevoked):
        client.pull(0)
    with pytest.raises(HubAuthFailed) as failed:
        client.digest()
    assert failed.value.code == "token_invalid"
    with pytest.raises(HubRefused) as refused:
        client.transfer("p-1", to_user="pa2")
    assert (refused.value.status, refused.value.code) == (403, "out_of_scope")
    assert not [s for s in server.script.seen if s.path == "/v1/auth/refresh"]


def test_connect_uses_a_working_refresh_token_without_asking_the_password(server, client):
    client.tokens.save("ref-1")
    server.script.add("POST", "/v1/auth/refresh", signed_in("acc-2", "ref-2"))
    asked: list[str] = []
    client.connect("pa1", "laptop", lambda: asked.append("asked") or "pw")
    assert asked == []


def test_connect_asks_the_password_only_when_the_refresh_token_is_refused(server, client):
    client.tokens.save("stale")
    server.script.add("POST", "/v1/auth/refresh", refusal(401, "token_invalid"))
    server.script.add("POST", "/v1/auth/login", signed_in("acc-3", "ref-3"))
    asked: list[str] = []
    client.connect("pa1", "laptop", lambda: asked.append("asked") or "pw")
    assert asked == ["asked"]
    login = next(s.body for s in server.script.seen if s.path == "/v1/auth/login")
    assert login == {"username": "pa1", "password": "pw", "device_name": "laptop"}
    assert client.tokens.get() == "ref-3"


def test_bad_credentials_are_not_retried(server, client):
    server.script.add("POST", "/v1/auth/login", refusal(401, "bad_credentials"))
    with pytest.raises(HubAuthFailed) as failed:
        client.login("pa1", "wrong", "laptop")
    assert failed.value.code == "bad_credentials"
    assert len(server.script.seen) == 1
