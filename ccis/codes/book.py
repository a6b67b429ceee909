"""The national code lists, one JSON file per version, looked up by date.

A version holds every list as it stood from its `valid_from` date until the next version's. A
date before the earliest version uses the earliest. Lookups without a date search every
version, newest first, so codes stored years ago (like activity 720) still have labels.

A file holds either whole `lists` or, for any version after the earliest, only its `changes`
from the version before it: per list, codes to `remove`, entries to `change` (the keys given
replace the entry's, null drops one) and entries to `add` (placed before the first code that
sorts after them). So a later file stays small, and an attribute given to an entry in an older
file carries forward to every version built on it.
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
_TOP_KEYS = frozenset({"version", "valid_from", "lists", "changes", "note"})
_CHANGE_KEYS = ("remove", "change", "add")  # applied in this order
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

    def valid_during(self, list_name: str, code: str, first: dt.date, last: dt.date) -> bool:
        """Whether `code` is in the list in force on at least one day from `first` to `last`."""
        return any(code in self._list(v, list_name) for v in self.versions_during(first, last))

    def versions_during(self, first: dt.date, last: dt.date) -> list[CodeVersion]:
        """The versions in force on some day from `first` to `last`, oldest first."""
        earliest = self.version_on(first)
        return [v for v in self.versions if v is earliest or first < v.valid_from <= last]

    def span(self, list_name: str, code: str) -> tuple[dt.date | None, dt.date | None]:
        """The first day `code` is in the list and the day it left it (None: from the earliest
        version, or still in it); UnknownCode if no version has it."""
        holding = [i for i, v in enumerate(self.versions) if code in self._list(v, list_name)]
        if not holding:
            raise UnknownCode(f"no version of list '{list_name}' has code '{code}'")
        first, last = holding[0], holding[-1]
        since = None if first == 0 else self.versions[first].valid_from
        until = None if last == len(self.versions) - 1 else self.versions[last + 1].valid_from
        return since, until

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
    files_ = sorted((_read_file(p) for p in paths), key=lambda f: f.valid_from)
    for attr in ("name", "valid_from"):
        values = [getattr(f, attr) for f in files_]
        if len(set(values)) != len(values):
            raise CodeBookError(f"{codes_dir}: two files share a {attr.replace('_', ' ')}")
    versions: list[CodeVersion] = []
    for file in files_:
        lists = _changed(file, versions[-1].lists) if versions else _whole(file)
        _check_references(file.path, lists)
        versions.append(CodeVersion(file.name, file.valid_from, MappingProxyType(lists)))
    return CodeBook(tuple(versions))


@dataclass(frozen=True)
class _File:
    path: Source
    name: str
    valid_from: dt.date
    doc: Mapping[str, Any]


def _read_file(path: Source) -> _File:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CodeBookError(f"{path.name}: cannot be read ({exc})") from exc
    if not isinstance(doc, dict) or not {"version", "valid_from"} <= set(doc) \
            or ("lists" in doc) == ("changes" in doc):
        raise CodeBookError(f"{path.name}: needs 'version', 'valid_from' and either 'lists' "
                            "or 'changes'")
    body = doc.get("lists", doc.get("changes"))
    if set(doc) - _TOP_KEYS or not isinstance(body, dict) or not body:
        raise CodeBookError(f"{path.name}: unexpected keys or no lists")
    name, valid_from = doc["version"], _date(path, doc["valid_from"])
    if not isinstance(name, str) or not name:
        raise CodeBookError(f"{path.name}: 'version' must be a non-empty string")
    return _File(path, name, valid_from, doc)


def _whole(file: _File) -> dict[str, Mapping[str, CodeEntry]]:
    if "lists" not in file.doc:
        raise CodeBookError(f"{file.path.name}: the earliest version must hold whole 'lists'")
    return {list_name: _read_list(file.path, list_name, raw)
            for list_name, raw in file.doc["lists"].items()}


def _changed(file: _File, base: Mapping[str, Mapping[str, CodeEntry]]
             ) -> dict[str, Mapping[str, CodeEntry]]:
    """The previous version's lists with this file's changes applied (or its whole lists)."""
    if "lists" in file.doc:
        return _whole(file)
    lists = dict(base)
    for list_name, edit in file.doc["changes"].items():
        where = f"{file.path.name}: list '{list_name}'"
        if not isinstance(edit, dict) or not edit or set(edit) - set(_CHANGE_KEYS):
            raise CodeBookError(f"{where}: changes may only 'add', 'remove' or 'change'")
        lists[list_name] = _edited(where, list_name, lists.get(list_name, _EMPTY), edit)
    return lists


def _edited(where: str, list_name: str, entries: Mapping[str, CodeEntry],
            edit: Mapping[str, Any]) -> Mapping[str, CodeEntry]:
    result = dict(entries)
    for code in _items(where, edit, "remove"):
        if not isinstance(code, str) or result.pop(code, None) is None:
            raise CodeBookError(f"{where}: cannot remove '{code}', which it does not hold")
    for item in _items(where, edit, "change"):
        old = result.get(str(item.get("code"))) if isinstance(item, dict) else None
        if old is None:
            raise CodeBookError(f"{where}: cannot change a code it does not hold ({item})")
        merged = {"code": old.code, "label": old.label, "group": old.group,
                  "reporting_group": old.reporting_group, **old.attrs, **item}
        result[old.code] = _read_entry(where, list_name,
                                       {k: v for k, v in merged.items() if v is not None})
    for item in _items(where, edit, "add"):
        entry = _read_entry(where, list_name, item)
        if entry.code in result:
            raise CodeBookError(f"{where} repeats code '{entry.code}'")
        ordered = list(result.items())
        at = next((i for i, (code, _) in enumerate(ordered) if code > entry.code), len(ordered))
        ordered.insert(at, (entry.code, entry))
        result = dict(ordered)
    if not result:
        raise CodeBookError(f"{where}: the changes leave the list empty")
    return MappingProxyType(result)


def _items(where: str, edit: Mapping[str, Any], key: str) -> list[Any]:
    items = edit.get(key, [])
    if not isinstance(items, list):
        raise CodeBookError(f"{where}: '{key}' must be an array")
    return items


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
