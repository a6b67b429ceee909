"""The hub's HTTP client (wire contract v1, /work/briefs/sync-contract.md) over httpx.

The access token lives in memory only; the refresh token in the OS keyring (`TokenStore`).
Connection failures, timeouts, dropped connections and 5xx answers are retried with
exponential backoff and jitter, within a bounded number of attempts and total time, then
become `HubUnreachable`. Every request is safe to repeat: pushes are idempotent by change_id
and pulls are reads. Logs carry ids, counts and status codes, never names or case content.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from tenacity import (
    RetryCallState,
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from paclient.errors import (
    DeviceRevoked,
    HubAuthFailed,
    HubProtocolError,
    HubRefused,
    HubUnreachable,
)
from paclient.sync.tokens import TokenStore

log = logging.getLogger(__name__)

Json = dict[str, Any]
TRANSIENT_ERRORS = (httpx.TransportError,)  # connect, timeouts, dropped connections, protocol


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try before calling the hub unreachable."""

    attempts: int = 6
    total_seconds: float = 60.0
    first_wait: float = 0.5
    max_wait: float = 10.0
    jitter: float = 0.5
    timeout: float = 30.0  # one request: connect, read, write


@dataclass(frozen=True)
class HubSession:
    """Who the hub says we are after login or refresh."""

    device_id: str
    user_id: str
    username: str
    role: str
    team: str | None


class _Transient(Exception):
    """A failure worth retrying: the hub may answer next time."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class HubClient:
    """One device's conversation with the hub."""

    def __init__(self, base_url: str, tokens: TokenStore, *,
                 retry: RetryPolicy | None = None,
                 on_retry: Callable[[str, int, str], None] | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens
        self.retry = retry or RetryPolicy()
        self.retries = 0  # transient failures retried over this client's life
        self.session: HubSession | None = None
        self._on_retry = on_retry
        self._access: str | None = None
        self._http = httpx.Client(base_url=self.base_url, timeout=self.retry.timeout,
                                  transport=transport)

    def close(self) -> None:
        """Close the connection pool; the refresh token stays in the keyring."""
        self._http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- auth ----------------------------------------------------------------------------

    def login(self, username: str, password: str, device_name: str, *,
              device_id: str | None = None, public_key: str | None = None) -> HubSession:
        """Sign in with the password, as the device `device_id` when it has one (else the hub
        registers a new one), giving its `public_key`; keep the access token and save the
        refresh token."""
        body = {"username": username, "password": password, "device_name": device_name,
                "device_id": device_id, "public_key": public_key}
        return self._take_tokens(self._call("POST", "/v1/auth/login", _given(body), auth=False))

    def refresh(self, *, public_key: str | None = None) -> HubSession:
        """Swap the saved refresh token for new tokens (giving the device's `public_key`, which
        the hub records if it has none yet); HubAuthFailed if there is no token."""
        token = self.tokens.get()
        if not token:
            raise HubAuthFailed("no_refresh_token")
        body = _given({"refresh_token": token, "public_key": public_key})
        try:
            answer = self._call("POST", "/v1/auth/refresh", body, auth=False)
        except HubAuthFailed:
            self.tokens.forget()
            raise
        return self._take_tokens(answer)

    def connect(self, username: str, device_name: str, password: Callable[[], str], *,
                device_id: str | None = None, public_key: str | None = None) -> HubSession:
        """Signed in: by the saved refresh token when it still works, else by the password
        (asked for only then) as the device `device_id` when it has one."""
        if self.tokens.get():
            try:
                return self.refresh(public_key=public_key)
            except HubAuthFailed as exc:
                log.info("Saved refresh token refused (%s); signing in with the password",
                         exc.code)
        return self.login(username, password(), device_name, device_id=device_id,
                          public_key=public_key)

    # --- sync ----------------------------------------------------------------------------

    def push(self, changes: Sequence[Mapping[str, Any]]) -> list[Json]:
        """Send 1..500 changes; the hub's result for each, in the same order."""
        answer = self._call("POST", "/v1/sync/push", {"changes": list(changes)})
        results = answer.get("results")
        if not isinstance(results, list) or len(results) != len(changes):
            raise HubProtocolError(f"push answered {_size(results)} results "
                                   f"for {len(changes)} changes")
        return results

    def pull(self, cursor: int, limit: int = 500) -> Json:
        """One page of rows changed after `cursor`, with exits, the new cursor and `more`."""
        page = self._call("GET", "/v1/sync/pull", params={"cursor": cursor, "limit": limit})
        if not isinstance(page.get("rows"), list) or not isinstance(page.get("cursor"), int):
            raise HubProtocolError("pull page without rows or cursor")
        page.setdefault("exits", [])
        page.setdefault("more", False)
        return page

    def digest(self) -> Json:
        """The hub's count and digest of the rows this device should hold, and its cursor."""
        return self._call("GET", "/v1/sync/digest")

    def conflicts(self) -> list[Json]:
        """Open conflicts in this device's scope."""
        conflicts = self._call("GET", "/v1/sync/conflicts").get("conflicts")
        if not isinstance(conflicts, list):
            raise HubProtocolError("conflicts answer without a list")
        return conflicts

    def resolve(self, conflict_id: str, value: object) -> int:
        """Settle a conflict with `value`; the new revision of the field."""
        answer = self._call("POST", f"/v1/sync/conflicts/{conflict_id}/resolve", {"value": value})
        return int(answer["rev"])

    def transfer(self, person_id: str, *, to_user: str | None = None,
                 to_la: str | None = None) -> int:
        """Hand a young person to another user or authority; the hub's new revision."""
        if (to_user is None) == (to_la is None):
            raise ValueError("give exactly one of to_user and to_la")
        body = {"to_user": to_user} if to_user is not None else {"to_la": to_la}
        return int(self._call("POST", f"/v1/people/{person_id}/transfer", body)["rev"])

    def share(self, person_id: str, to_user: str, reason: str,
              until: dt.date | None = None) -> int:
        """Share a young person with another user for a referral (until the end of `until`,
        or until ended); the hub's new revision."""
        body = {"to_user": to_user, "reason": reason,
                "until": until.isoformat() if until is not None else None}
        return int(self._call("POST", f"/v1/people/{person_id}/shares", body)["rev"])

    def end_share(self, person_id: str, username: str) -> int:
        """End the share of a young person with `username`; the revision of its exit."""
        path = f"/v1/people/{person_id}/shares/{quote(username, safe='')}"
        return int(self._call("DELETE", path)["rev"])

    def settings(self) -> dict[str, str] | None:
        """The authority's settings an admin has set at the hub; None from a hub without
        them (release 0.1)."""
        try:
            answer = self._call("GET", "/v1/settings")
        except HubRefused as exc:
            if exc.status == 404:
                return None
            raise
        return _settings(answer)

    def change_settings(self, values: Mapping[str, str]) -> dict[str, str]:
        """Change some of the authority's settings (admin); every setting afterwards."""
        return _settings(self._call("POST", "/v1/settings", {"settings": dict(values)}))

    # --- plumbing ------------------------------------------------------------------------

    def _take_tokens(self, answer: Json) -> HubSession:
        try:
            self._access = str(answer["access_token"])
            self.tokens.save(str(answer["refresh_token"]))
            user = answer["user"]
            self.session = HubSession(str(answer["device_id"]), str(user["id"]),
                                   str(user["username"]), str(user["role"]), user.get("team"))
        except (KeyError, TypeError) as exc:
            raise HubProtocolError(f"sign-in answer without {exc}") from None
        log.info("Signed in to the hub as device %s", self.session.device_id)
        return self.session

    def _call(self, method: str, path: str, body: object = None, *,
              params: Mapping[str, Any] | None = None, auth: bool = True) -> Json:
        response = self._send(method, path, body, params, auth)
        if response.status_code == 401 and auth and _code(response) == "token_expired":
            log.info("Access token expired; refreshing once")
            self.refresh()
            response = self._send(method, path, body, params, auth)
        return _decode(response)

    def _send(self, method: str, path: str, body: object,
              params: Mapping[str, Any] | None, auth: bool) -> httpx.Response:
        policy = self.retry
        retrying = Retrying(
            retry=retry_if_exception_type(_Transient),
            stop=stop_after_attempt(policy.attempts) | stop_after_delay(policy.total_seconds),
            wait=wait_exponential_jitter(multiplier=policy.first_wait, max=policy.max_wait,
                                         jitter=policy.jitter),
            before_sleep=lambda state: self._note_retry(path, state),
            reraise=False,
        )
        try:
            return retrying(self._send_once, method, path, body, params, auth)
        except RetryError as exc:
            attempts = exc.last_attempt.attempt_number
            failure = exc.last_attempt.exception()
            detail = failure.detail if isinstance(failure, _Transient) else str(failure)
            log.warning("Hub unreachable after %d attempts at %s (%s)", attempts, path, detail)
            raise HubUnreachable(self.base_url, attempts, detail) from None

    def _send_once(self, method: str, path: str, body: object,
                   params: Mapping[str, Any] | None, auth: bool) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self._access}"} if auth and self._access else {}
        try:
            response = self._http.request(method, path, json=body, params=params,
                                          headers=headers)
        except TRANSIENT_ERRORS as exc:
            raise _Transient(type(exc).__name__) from exc
        if response.status_code >= 500:
            raise _Transient(f"HTTP {response.status_code}")
        return response

    def _note_retry(self, path: str, state: RetryCallState) -> None:
        self.retries += 1
        failure = state.outcome.exception() if state.outcome else None
        detail = failure.detail if isinstance(failure, _Transient) else "error"
        log.info("Retrying %s after attempt %d (%s)", path, state.attempt_number, detail)
        if self._on_retry:
            self._on_retry(path, state.attempt_number, detail)


def _decode(response: httpx.Response) -> Json:
    """The JSON body of a success; a typed error for a refusal."""
    if response.is_success:
        try:
            body = response.json()
        except ValueError:
            raise HubProtocolError(f"HTTP {response.status_code} body is not JSON") from None
        if not isinstance(body, dict):
            raise HubProtocolError("answer is not a JSON object")
        return body
    code = _code(response)
    log.info("Hub refused: HTTP %d %s", response.status_code, code)
    if response.status_code == 401 and code == "device_revoked":
        raise DeviceRevoked()
    if response.status_code == 401 or code == "rate_limited":
        raise HubAuthFailed(code)
    raise HubRefused(response.status_code, code, _message(response))


def _detail(response: httpx.Response) -> Mapping[str, Any]:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return {}
    return detail if isinstance(detail, Mapping) else {}


def _code(response: httpx.Response) -> str:
    return str(_detail(response).get("code") or f"http_{response.status_code}")


def _message(response: httpx.Response) -> str:
    return str(_detail(response).get("message") or "")


def _given(body: Json) -> Json:
    """`body` without its empty optional fields (a 0.1 hub knows none of them)."""
    return {key: value for key, value in body.items() if value is not None}


def _size(value: object) -> int:
    return len(value) if isinstance(value, list) else 0


def _settings(answer: Json) -> dict[str, str]:
    found = answer.get("settings")
    if not isinstance(found, dict):
        raise HubProtocolError("settings answer without settings")
    return {str(key): str(value) for key, value in found.items()}
