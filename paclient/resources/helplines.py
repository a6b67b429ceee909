"""National helplines for young people, printed on guidance summaries (`helplines.json`).

A helpline with no topics is general and printed on every summary; one with topics (codes of
the code book's `topic` list) is printed when one of them was talked about.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from paclient.resources import resource_path

_KEYS = frozenset({"name", "phone", "web", "helps_with", "topics"})


class HelplinesError(ValueError):
    """The helplines file is malformed: the message names the problem."""


@dataclass(frozen=True, slots=True)
class Helpline:
    """One national helpline: how to reach it and what it helps with, in plain words."""

    name: str
    helps_with: str
    phone: str | None = None
    web: str | None = None
    topics: tuple[str, ...] = ()

    @property
    def general(self) -> bool:
        """True when the helpline is printed whatever was talked about."""
        return not self.topics

    def relevant(self, topics: Iterable[str]) -> bool:
        """True when the helpline is general or covers one of `topics`."""
        return self.general or not set(self.topics).isdisjoint(topics)


def default_helplines_path() -> Path:
    """The helplines file shipped with the application."""
    return resource_path("helplines.json")


def load_helplines(path: Path | None = None) -> tuple[Helpline, ...]:
    """Every helpline in the file (the shipped one if None), in the file's order."""
    if path is None:
        return _default_helplines()
    return _load(path)


@functools.cache
def _default_helplines() -> tuple[Helpline, ...]:
    return _load(default_helplines_path())


def _load(path: Path) -> tuple[Helpline, ...]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HelplinesError(f"{path.name}: cannot be read ({exc})") from exc
    items = doc.get("helplines") if isinstance(doc, dict) else None
    if not isinstance(items, list) or not items:
        raise HelplinesError(f"{path.name}: needs a non-empty 'helplines' array")
    return tuple(_helpline(path.name, item) for item in items)


def _helpline(where: str, item: object) -> Helpline:
    if not isinstance(item, dict) or set(item) - _KEYS:
        raise HelplinesError(f"{where}: every helpline is an object with only {sorted(_KEYS)}")
    name, helps_with = item.get("name"), item.get("helps_with")
    if not (_filled(name) and _filled(helps_with)):
        raise HelplinesError(f"{where}: every helpline needs a name and what it helps with")
    phone, web, topics = item.get("phone"), item.get("web"), item.get("topics", [])
    if not (_filled(phone) or _filled(web)):
        raise HelplinesError(f"{where}: helpline '{name}' needs a phone number or a website")
    if any(v is not None and not _filled(v) for v in (phone, web)):
        raise HelplinesError(f"{where}: helpline '{name}' has an empty phone or website")
    if not isinstance(topics, list) or not all(_filled(t) for t in topics):
        raise HelplinesError(f"{where}: the topics of '{name}' must be a list of codes")
    return Helpline(name=name, helps_with=helps_with, phone=phone, web=web,
                    topics=tuple(topics))


def _filled(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())
