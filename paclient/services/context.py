"""What every service needs: the store's sessions, who is acting, the code lists, the rules."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from ccis.codes import CodeBook
from ccis.rules import RulePolicy
from paclient.services.writing import ChangeSet


@dataclass(frozen=True)
class Actor:
    """The adviser using this store; `username` goes in audit events and `updated_by`."""

    username: str
    adviser_id: uuid.UUID | None = None


@dataclass
class Authority:
    """The authority's settings the services apply (`ccis/authority.py`): one object, shared
    by every service of a store and replaced in place when a sync or an admin changes them."""

    policy: RulePolicy = field(default_factory=RulePolicy)
    own_la: str | None = None


@dataclass(frozen=True)
class Context:
    read: sessionmaker[Session]
    write: sessionmaker[Session]
    actor: Actor
    codebook: CodeBook
    authority: Authority = field(default_factory=Authority)
    today: Callable[[], dt.date] = dt.date.today

    @property
    def policy(self) -> RulePolicy:
        """The time rules as the authority has set them (the defaults until it does)."""
        return self.authority.policy

    def changes(self, session: Session) -> ChangeSet:
        """A change set for one use case, written as this context's actor."""
        return ChangeSet(session, self.actor.username, today=self.today(),
                         codebook=self.codebook)
