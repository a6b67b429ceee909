"""Tables that Alembic autogenerate must ignore: the FTS5 index and its shadow tables."""

from __future__ import annotations

from typing import Any

SEARCH_TABLE = "person_search"


def include_name(name: str | None, type_: str, _parent: Any) -> bool:
    """False for the full-text index, which migrations manage by hand."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_TABLE))
