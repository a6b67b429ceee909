"""Request and response bodies of the sync contract v1 (briefs/sync-contract.md).

These models are the contract as `/openapi.json` publishes it; FastAPI validates every request
against them before any handler runs. Every text a client sends meets the text rule
(`ccis.text`): a lone surrogate or a control character is refused with 422 before it reaches
the database (PostgreSQL cannot take either).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal, Self

from pydantic import AfterValidator, BaseModel, Field, JsonValue, model_validator

from ccis.device_keys import PUBLIC_KEY_PATTERN
from ccis.text import text_problem

MAX_CHANGES = 500
Role = Literal["adviser", "team_leader", "admin"]
Status = Literal["applied", "duplicate", "merged", "conflict", "rejected"]
Rev = Annotated[int, Field(ge=0, le=2**62)]


def _text(value: str) -> str:
    found = text_problem(value)
    if found is not None:
        raise ValueError(f"the text {found}")
    return value


Text = Annotated[str, AfterValidator(_text)]


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    detail: ErrorDetail


PublicKey = Annotated[str, Field(pattern=PUBLIC_KEY_PATTERN,
                                 description="The device's Ed25519 public key, 64 hex digits.")]


def _printable(text: str) -> str:
    """`text` when it holds no control character (NUL cannot even be stored in PostgreSQL);
    JSON parsing already refuses lone surrogates."""
    if not text.isprintable():
        raise ValueError("holds a character that cannot be shown")
    return text


class LoginIn(BaseModel):
    username: Annotated[Text, AfterValidator(_printable)] = Field(min_length=1, max_length=64)
    password: Text = Field(min_length=1, max_length=1024)
    device_name: Annotated[Text, AfterValidator(_printable)] = Field(min_length=1,
                                                                     max_length=120)
    device_id: uuid.UUID | None = Field(
        default=None, description="The id this device was given before: it stays that device.")
    public_key: PublicKey | None = None


class RefreshIn(BaseModel):
    refresh_token: Text = Field(min_length=1, max_length=200)
    public_key: PublicKey | None = None


class HealthOut(BaseModel):
    """The hub is up and its database answers: which release runs, on which schema."""

    status: str
    version: str
    schema_revision: str | None


class UserOut(BaseModel):
    id: uuid.UUID
    username: str
    role: Role
    team: str | None


class TokensOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    device_id: uuid.UUID
    user: UserOut


class ChangeIn(BaseModel):
    """One outbox entry (`paclient.storage.outbox.Pending` without `seq`)."""

    change_id: uuid.UUID
    table: Text = Field(min_length=1, max_length=40)
    row_id: uuid.UUID
    op: Literal["insert", "update", "delete"]
    fields: dict[Annotated[Text, Field(max_length=60)], JsonValue] = Field(default_factory=dict)
    base_rev: Rev | None = None


class PushIn(BaseModel):
    changes: list[ChangeIn] = Field(min_length=1, max_length=MAX_CHANGES)


class ConflictBrief(BaseModel):
    conflict_id: uuid.UUID
    field: str
    device_value: JsonValue
    hub_value: JsonValue
    hub_rev: int


class ResultOut(BaseModel):
    change_id: uuid.UUID
    status: Status
    rev: int | None
    reason: str | None
    conflicts: list[ConflictBrief]


class PushOut(BaseModel):
    results: list[ResultOut]


class RowOut(BaseModel):
    table: str
    row_id: uuid.UUID
    person_id: uuid.UUID | None
    rev: int
    deleted: bool
    fields: dict[str, JsonValue]


class ExitOut(BaseModel):
    person_id: uuid.UUID
    rev: int


class PullOut(BaseModel):
    rows: list[RowOut]
    exits: list[ExitOut]
    cursor: int
    more: bool


class DigestOut(BaseModel):
    count: int
    digest: str
    cursor: int


class ConflictOut(BaseModel):
    conflict_id: uuid.UUID
    table: str
    row_id: uuid.UUID
    person_id: uuid.UUID | None
    field: str
    device_value: JsonValue
    hub_value: JsonValue
    hub_rev: int
    created_at: dt.datetime


class ConflictsOut(BaseModel):
    conflicts: list[ConflictOut]


class ResolveIn(BaseModel):
    value: JsonValue


class RevOut(BaseModel):
    rev: int


class TransferIn(BaseModel):
    """Exactly one of `to_user` (a hub username) and `to_la` (a 3-digit LA code)."""

    to_user: Text | None = Field(default=None, min_length=1, max_length=64)
    to_la: str | None = Field(default=None, pattern=r"^[0-9]{3}$")

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.to_user is None) == (self.to_la is None):
            raise ValueError("give exactly one of to_user and to_la")
        return self


class ShareIn(BaseModel):
    """Share a person with `to_user` for a referral, until the end of `until` (or until ended)."""

    to_user: Text = Field(min_length=1, max_length=64)
    reason: Text = Field(min_length=1, max_length=200)
    until: dt.date | None = None


class ShareOut(BaseModel):
    username: str
    reason: str
    until: dt.date | None
    shared_by: str
    created_at: dt.datetime
    rev: int


class SharesOut(BaseModel):
    shares: list[ShareOut]


SettingKey = Annotated[str, Field(min_length=1, max_length=64)]
SettingValue = Annotated[Text, Field(max_length=200)]


class SettingsIn(BaseModel):
    """Settings to change, by key (`ccis/authority.py`); the others keep their values."""

    settings: dict[SettingKey, SettingValue] = Field(min_length=1, max_length=40)


class SettingsOut(BaseModel):
    """The settings an admin has set, by key; a missing key takes its default."""

    settings: dict[str, str]
