"""The hub's web application: the sync contract v1 over FastAPI.

`create_app` migrates the database and wires the routes; handlers are thin: each opens one
transaction and calls the module that does the work.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException

from ccis_hub import __version__, accounts, authority, decisions, pull, push, shares
from ccis_hub.accounts import Caller, Tokens
from ccis_hub.body_limit import BodyLimit
from ccis_hub.db import make_engine, make_sessions, migrate, schema_revision
from ccis_hub.errors import HubError
from ccis_hub.responses import SafeJSONResponse
from ccis_hub.settings import HubSettings
from ccis_hub.throttle import LoginThrottle
from ccis_hub.wire import (
    ConflictsOut,
    DigestOut,
    ErrorOut,
    HealthOut,
    LoginIn,
    PullOut,
    PushIn,
    PushOut,
    RefreshIn,
    ResolveIn,
    RevOut,
    SettingsIn,
    SettingsOut,
    ShareIn,
    SharesOut,
    Text,
    TokensOut,
    TransferIn,
)

log = logging.getLogger(__name__)
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 413, 422, 429)}


@dataclass(frozen=True)
class Hub:
    """What every request needs: settings, sessions, the login throttle."""

    settings: HubSettings
    engine: Engine
    readers: sessionmaker[Session]
    writers: sessionmaker[Session]
    throttle: LoginThrottle


def create_app(settings: HubSettings, throttle: LoginThrottle | None = None) -> FastAPI:
    """A hub on `settings.db_url`, its database migrated to the newest schema."""
    engine = make_engine(settings.db_url)
    migrate(engine)
    hub = Hub(settings, engine, make_sessions(engine, writer=False),
              make_sessions(engine, writer=True), throttle or LoginThrottle())
    app = FastAPI(title="CCIS hub", version="1", summary="Sync contract v1 for paclient.",
                  default_response_class=SafeJSONResponse)
    app.state.hub = hub
    app.add_exception_handler(HubError, _hub_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.include_router(router)
    return app


def _hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


bearer = HTTPBearer(auto_error=False, description="The access token from login or refresh.")


def _caller(hub: Annotated[Hub, Depends(_hub)],
            credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
            ) -> Caller:
    if credentials is None:
        raise HubError(401, "token_invalid", "Log in first: no access token was sent.")
    with hub.readers() as session:
        return accounts.authenticate(session, credentials.credentials)


HubDep = Annotated[Hub, Depends(_hub)]
CallerDep = Annotated[Caller, Depends(_caller)]
# Handlers open their transaction themselves (not in a dependency) so that it has committed
# before the response leaves: a device must never be told of a change the hub then loses.
router = APIRouter(responses=ERRORS)


@router.get("/health", tags=["health"], responses={503: {"model": ErrorOut}})
def health(hub: HubDep) -> HealthOut:
    """Whether the hub and its database answer, with the release and schema revision (for
    IT's monitoring and a proxy's health check; needs no sign-in and says nothing else)."""
    try:
        with hub.engine.connect() as connection:
            revision = schema_revision(connection)
    except SQLAlchemyError as exc:
        log.error("health: database unavailable (%s)", type(exc).__name__)
        raise HubError(503, "database_unavailable", "The hub's database does not answer.") from exc
    return HealthOut(status="ok", version=__version__, schema_revision=revision)


@router.post("/v1/auth/login", tags=["auth"])
def login(body: LoginIn, request: Request, hub: HubDep) -> TokensOut:
    """Log in from a named device; returns its access and refresh tokens. A device that
    names its id (given at its first login) stays that device."""
    address = request.client.host if request.client else "unknown"
    with hub.writers.begin() as session:
        wait = hub.throttle.attempt(session, body.username, address)
    if wait > 0:
        raise HubError(429, "rate_limited", "Too many failed logins: try again later.",
                       headers={"Retry-After": str(int(wait) + 1)})
    with hub.writers.begin() as session:
        tokens = accounts.login(session, body.username, body.password, body.device_name,
                                access_ttl=hub.settings.access_ttl,
                                refresh_ttl=hub.settings.refresh_ttl,
                                device_id=body.device_id, public_key=body.public_key)
        hub.throttle.succeeded(session, body.username, address)
    log.info("login user=%s device=%s", tokens.caller.user_id, tokens.caller.device_id)
    return _tokens_out(tokens)


@router.post("/v1/auth/refresh", tags=["auth"])
def refresh(body: RefreshIn, hub: HubDep) -> TokensOut:
    """Swap the refresh token for a new pair; the old refresh token stops working, and using
    it again ends every token of its sign-in."""
    try:
        with hub.writers.begin() as session:
            tokens = accounts.refresh(session, body.refresh_token,
                                      access_ttl=hub.settings.access_ttl,
                                      refresh_ttl=hub.settings.refresh_ttl,
                                      public_key=body.public_key)
    except accounts.TokenReused as exc:
        with hub.writers.begin() as session:
            accounts.end_family(session, exc.spent_hash)
        raise
    return _tokens_out(tokens)


@router.post("/v1/sync/push", tags=["sync"])
def push_changes(body: PushIn, caller: CallerDep, hub: HubDep) -> PushOut:
    """Apply outbox entries exactly once each; one result per change, in order."""
    with hub.writers.begin() as session:
        results = push.push(session, caller, body.changes)
    return PushOut.model_validate({"results": results})


@router.get("/v1/sync/pull", tags=["sync"])
def pull_changes(caller: CallerDep, hub: HubDep,
                 cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
                 limit: Annotated[int, Query(ge=1, le=500)] = 500) -> PullOut:
    """Rows in scope changed after `cursor`, and people who left scope; ask again while
    `more`."""
    _end_expired_shares(hub)
    with hub.readers() as session:
        return PullOut.model_validate(pull.pull(session, caller, cursor, limit))


@router.get("/v1/sync/digest", tags=["sync"])
def digest(caller: CallerDep, hub: HubDep) -> DigestOut:
    """Count and sha256 of the live rows in scope, to check a device's copy."""
    with hub.readers() as session:
        return DigestOut.model_validate(pull.digest(session, caller))


@router.get("/v1/sync/conflicts", tags=["conflicts"])
def conflicts(caller: CallerDep, hub: HubDep) -> ConflictsOut:
    """Open conflicts on rows in scope."""
    with hub.readers() as session:
        return ConflictsOut.model_validate({"conflicts": pull.open_conflicts(session, caller)})


@router.post("/v1/sync/conflicts/{conflict_id}/resolve", tags=["conflicts"])
def resolve(conflict_id: uuid.UUID, body: ResolveIn, caller: CallerDep, hub: HubDep) -> RevOut:
    """Write the chosen value as a new revision of the field and close the conflict."""
    with hub.writers.begin() as session:
        rev = decisions.resolve(session, caller, conflict_id, body.value)
    return RevOut(rev=rev)


@router.post("/v1/people/{person_id}/transfer", tags=["people"])
def transfer(person_id: uuid.UUID, body: TransferIn, caller: CallerDep, hub: HubDep) -> RevOut:
    """Give a person to another adviser or authority (owner, team leader, admin)."""
    with hub.writers.begin() as session:
        rev = decisions.transfer(session, caller, person_id, to_user=body.to_user,
                                 to_la=body.to_la)
    return RevOut(rev=rev)


@router.post("/v1/people/{person_id}/shares", tags=["people"])
def share(person_id: uuid.UUID, body: ShareIn, caller: CallerDep, hub: HubDep) -> RevOut:
    """Share a person with another user for a referral (owner, team leader, admin)."""
    with hub.writers.begin() as session:
        rev = shares.share(session, caller, person_id, to_user=body.to_user, reason=body.reason,
                           until=body.until)
    return RevOut(rev=rev)


@router.get("/v1/people/{person_id}/shares", tags=["people"])
def list_shares(person_id: uuid.UUID, caller: CallerDep, hub: HubDep) -> SharesOut:
    """The person's active shares (owner, team leader, admin)."""
    with hub.readers() as session:
        return SharesOut.model_validate(
            {"shares": shares.list_shares(session, caller, person_id)})


@router.delete("/v1/people/{person_id}/shares/{username}", tags=["people"])
def end_share(person_id: uuid.UUID,
              username: Annotated[Text, Path(min_length=1, max_length=64)],
              caller: CallerDep, hub: HubDep) -> RevOut:
    """End a share; the user gets a scope exit for the person (owner, team leader, admin)."""
    with hub.writers.begin() as session:
        rev = shares.end_share(session, caller, person_id, username)
    return RevOut(rev=rev)


@router.get("/v1/settings", tags=["settings"])
def read_settings(caller: CallerDep, hub: HubDep) -> SettingsOut:
    """The authority's settings (its own LA, the time rules), for every device at sync."""
    with hub.readers() as session:
        return SettingsOut(settings=authority.read(session))


@router.post("/v1/settings", tags=["settings"])
def change_settings(body: SettingsIn, caller: CallerDep, hub: HubDep) -> SettingsOut:
    """Change some of the authority's settings (admin); every setting afterwards."""
    if caller.role != "admin":
        raise HubError(403, "admin_only", "Only an administrator can change the settings.")
    with hub.writers.begin() as session:
        return SettingsOut(settings=authority.change(session, body.settings, caller.username))


def _end_expired_shares(hub: Hub) -> None:
    """Write the exits of shares past their last day before a pull reads (see shares.py); the
    writing lock is taken only when one is waiting."""
    with hub.readers() as session:
        waiting = shares.expired_waiting(session)
    if waiting:
        with hub.writers.begin() as session:
            shares.end_expired(session)


def _tokens_out(tokens: Tokens) -> TokensOut:
    caller = tokens.caller
    return TokensOut.model_validate({
        "access_token": tokens.access_token, "refresh_token": tokens.refresh_token,
        "expires_in": tokens.expires_in, "device_id": caller.device_id,
        "user": {"id": caller.user_id, "username": caller.username, "role": caller.role,
                 "team": caller.team}})


def _error(status: int, code: str, message: str,
           headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": {"code": code, "message": message}}, status_code=status,
                        headers=headers)


async def _hub_error(_request: Request, exc: HubError) -> JSONResponse:
    return _error(exc.status, exc.code, exc.message, exc.headers)


async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(part) for part in first.get("loc", ()))
    return _error(422, "invalid_request", f"The request is not valid at {where or 'body'}: "
                  f"{first.get('msg', 'invalid')}.")


async def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
    codes = {404: "not_found", 405: "method_not_allowed"}
    return _error(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail),
                  dict(exc.headers) if exc.headers else None)
