"""The national code lists, one JSON file per reporting year, looked up by date.

A file holds every list as it stood from its `valid_from` date until the next file's. A date
before the earliest file uses the earliest file. Lookups without a date search every version,
newest first, so codes stored years ago (like activity 720) still have labels.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.abc import Traversable
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

ACTIVITY_GROUPS = frozenset({"compulsory", "education", "employment", "training", "neet",
                             "neet_inactive", "other", "not_known"})
REPORTING_GROUPS = frozenset({"EET", "NEET", "not_known", "other", "compulsory"})
_TOP_KEYS = frozenset({"version", "valid_from", "lists", "note"})
_EMPTY: Mapping[str, Any] = MappingProxyType({})
Source = Path | Traversable  # a folder or file on disk, or inside an installed package


class CodeBookError(ValueError):
    """A code list file is malformed: the message names the file and the problem."""


class UnknownCode(KeyError):
    """A code (or a list) that no version of the code lists holds."""


@dataclass(frozen=True)
class CodeEntry:
    """One code of one list: its label, activity groups, and any other attributes."""

    code: str
    label: str
    group: str | None = None
    reporting_group: str | None = None
    attrs: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, hash=False)

    @property
    def sensitive(self) -> bool:
        """True for codes in a sensitive category (excluded from prints and exports)."""
        return bool(self.attrs.get("sensitive"))


@dataclass(frozen=True, eq=False)
class CodeVersion:
    """The lists of one reporting year, in force from `valid_from`."""

    name: str
    valid_from: dt.date
    lists: Mapping[str, Mapping[str, CodeEntry]]


@dataclass(frozen=True, eq=False)
class CodeBook:
    """Every version of the code lists, oldest first. `entry` returns None for unknown codes."""

    versions: tuple[CodeVersion, ...]

    def version_on(self, on: dt.date | None = None) -> CodeVersion:
        """The version in force on `on` (the latest if None, the earliest before it began)."""
        if on is None:
            return self.versions[-1]
        in_force = [v for v in self.versions if v.valid_from <= on]
        return in_force[-1] if in_force else self.versions[0]

    def entry(self, list_name: str, code: str, on: dt.date | None = None) -> CodeEntry | None:
        """The entry valid on `on` (in any version if None), or None if there is none."""
        if on is not None:
            return self._list(self.version_on(on), list_name).get(code)
        for version in reversed(self.versions):
            found = self._list(version, list_name).get(code)
            if found is not None:
                return found
        return None

    def is_valid(self, list_name: str, code: str, on: dt.date | None = None) -> bool:
        """Whether `code` is in the list in force on `on` (in any version if None)."""
        return self.entry(list_name, code, on) is not None

    def label(self, list_name: str, code: str) -> str:
        """The label of a code from any version; UnknownCode if no version has it."""
        return self._require(list_name, code).label

    def activity(self, code: str) -> CodeEntry:
        """The activity (CA01) entry from any version; UnknownCode if no version has it."""
        return self._require("activity", code)

    def codes(self, list_name: str, on: dt.date | None = None) -> list[CodeEntry]:
        """The entries of the list in force on `on` (the latest version if None), in order."""
        return list(self._list(self.version_on(on), list_name).values())

    def entries(self, list_name: str) -> list[CodeEntry]:
        """Every code any version has held, newest definition first-listed, for stored data."""
        seen: dict[str, CodeEntry] = {}
        for version in reversed(self.versions):
            for code, entry in self._list(version, list_name).items():
                seen.setdefault(code, entry)
        return list(seen.values())

    def years(self, list_name: str, code: str) -> list[str]:
        """The names of the versions that hold `code`, oldest first."""
        return [v.name for v in self.versions if code in self._list(v, list_name)]

    def list_names(self) -> list[str]:
        """The names of the lists in the latest version."""
        return list(self.versions[-1].lists)

    def _require(self, list_name: str, code: str) -> CodeEntry:
        found = self.entry(list_name, code)
        if found is None:
            raise UnknownCode(f"no version of list '{list_name}' has code '{code}'")
        return found

    def _list(self, version: CodeVersion, list_name: str) -> Mapping[str, CodeEntry]:
        try:
            return version.lists[list_name]
        except KeyError:
            raise UnknownCode(f"version {version.name} has no list '{list_name}'") from None


def load_codebook(codes_dir: Path | None = None) -> CodeBook:
    """Load and check every `*.json` version in `codes_dir` (the shipped lists if None)."""
    if codes_dir is None:
        return _shipped_codebook()
    return _load(codes_dir)


def shipped_codes_dir() -> Traversable:
    """The code list files shipped inside this package (the one place that knows)."""
    return files("ccis.codes") / "data"


@functools.cache
def _shipped_codebook() -> CodeBook:
    return _load(shipped_codes_dir())


def _load(codes_dir: Source) -> CodeBook:
    paths = sorted((p for p in codes_dir.iterdir() if p.name.endswith(".json")),
                   key=lambda p: p.name)
    if not paths:
        raise CodeBookError(f"{codes_dir}: no code list files (*.json)")
    versions = sorted((_read_version(p) for p in paths), key=lambda v: v.valid_from)
    for attr in ("name", "valid_from"):
        values = [getattr(v, attr) for v in versions]
        if len(set(values)) != len(values):
            raise CodeBookError(f"{codes_dir}: two files share a {attr.replace('_', ' ')}")
    return CodeBook(tuple(versions))


def _read_version(path: Source) -> CodeVersion:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CodeBookError(f"{path.name}: cannot be read ({exc})") from exc
    if not isinstance(doc, dict) or not {"version", "valid_from", "lists"} <= set(doc):
        raise CodeBookError(f"{path.name}: needs 'version', 'valid_from' and 'lists'")
    if set(doc) - _TOP_KEYS or not isinstance(doc["lists"], dict) or not doc["lists"]:
        raise CodeBookError(f"{path.name}: unexpected keys or no lists")
    name, valid_from = doc["version"], _date(path, doc["valid_from"])
    if not isinstance(name, str) or not name:
        raise CodeBookError(f"{path.name}: 'version' must be a non-empty string")
    lists = {list_name: _read_list(path, list_name, raw)
             for list_name, raw in doc["lists"].items()}
    _check_references(path, lists)
    return CodeVersion(name, valid_from, MappingProxyType(lists))


def _date(path: Source, value: object) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CodeBookError(f"{path.name}: 'valid_from' {value!r} is not a date") from None


def _read_list(path: Source, list_name: str, raw: object) -> Mapping[str, CodeEntry]:
    if not isinstance(raw, list) or not raw:
        raise CodeBookError(f"{path.name}: list '{list_name}' must be a non-empty array")
    entries: dict[str, CodeEntry] = {}
    for item in raw:
        entry = _read_entry(f"{path.name}: list '{list_name}'", list_name, item)
        if entry.code in entries:
            raise CodeBookError(f"{path.name}: list '{list_name}' repeats code '{entry.code}'")
        entries[entry.code] = entry
    return MappingProxyType(entries)


def _read_entry(where: str, list_name: str, item: object) -> CodeEntry:
    if not isinstance(item, dict):
        raise CodeBookError(f"{where}: every entry must be an object")
    code, label = item.get("code"), item.get("label")
    if not isinstance(code, str) or not code.strip():
        raise CodeBookError(f"{where}: an entry has no code (codes are strings)")
    if not isinstance(label, str) or not label.strip():
        raise CodeBookError(f"{where}: code '{code}' has no label")
    group, reporting = item.get("group"), item.get("reporting_group")
    if list_name == "activity" and (group not in ACTIVITY_GROUPS
                                    or reporting not in REPORTING_GROUPS):
        raise CodeBookError(f"{where}: code '{code}' has a missing or unknown group")
    rest = {k: v for k, v in item.items() if k not in ("code", "label", "group",
                                                      "reporting_group")}
    return CodeEntry(code, label, group, reporting, MappingProxyType(rest))


def _check_references(path: Source, lists: Mapping[str, Mapping[str, CodeEntry]]) -> None:
    characteristics = lists.get("characteristic", {})
    for entry in lists.get("activity", {}).values():
        needed = entry.attrs.get("needs_characteristic")
        if needed is not None and needed not in characteristics:
            raise CodeBookError(f"{path.name}: activity '{entry.code}' needs characteristic "
                                f"'{needed}', which the file does not define")
