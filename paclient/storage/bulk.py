"""Many rows into one table through one prepared statement.

SQLAlchemy's executemany builds and processes a parameter dictionary per row, which for a
bulk write (a demo caseload, a cohort, a sync page) costs more than SQLite itself. Here each
table and set of keys gets its statement and the columns' own bind processors (the same type
conversions SQLAlchemy applies) once; every row is then a plain tuple for the driver.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Column, Connection, DateTime, Table
from sqlalchemy.engine import Dialect

from paclient.models import Base


@dataclass(frozen=True)
class _Plan:
    sql: str
    values: Callable[[Mapping[str, Any]], tuple[Any, ...]]  # a row's values in column order
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, converter)


def insert_rows(connection: Connection, model: type[Base],
                rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` of `model`; all have the keys of the first; columns not given are NULL."""
    if not rows:
        return
    plan = _plan(cast(Table, model.__table__), tuple(rows[0]), connection.dialect)
    if plan.processors:
        params = [_converted(list(plan.values(row)), plan.processors) for row in rows]
    else:
        params = [plan.values(row) for row in rows]
    connection.exec_driver_sql(plan.sql, params)


def _converted(values: list[Any], processors: tuple[tuple[int, Callable[[Any], Any]], ...]
               ) -> tuple[Any, ...]:
    for position, convert in processors:
        values[position] = convert(values[position])
    return tuple(values)


@functools.lru_cache(maxsize=256)  # per table, key set and engine (each engine has a dialect)
def _plan(table: Table, keys: tuple[str, ...], dialect: Dialect) -> _Plan:
    columns = [table.c[key] for key in keys]  # KeyError names a key the table does not have
    assert dialect.paramstyle == "qmark", dialect.paramstyle  # SQLite's drivers
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) "
           f"VALUES ({', '.join('?' * len(columns))})")
    processors = ((i, _processor(c, dialect)) for i, c in enumerate(columns))
    getter = operator.itemgetter(*keys)
    values = getter if len(keys) > 1 else lambda row: (getter(row),)
    return _Plan(sql, values, tuple((i, p) for i, p in processors if p is not None))


def _processor(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    if process is None or not isinstance(column.type, DateTime):
        return process
    if any(process(v) != v.isoformat(" ", "microseconds") for v in _SAMPLE_TIMES):
        return process  # a storage format of its own: keep SQLAlchemy's processor

    def datetime_text(value: Any) -> Any:
        # The text SQLAlchemy's SQLite DATETIME writes, made in C: timestamps are the commonest
        # values of a bulk write (two or three a row), and its own processor formats in Python.
        if value.__class__ is dt.datetime and value.tzinfo is None:
            return value.isoformat(" ", "microseconds")
        return process(value)

    return datetime_text



_SAMPLE_TIMES = (dt.datetime(2026, 12, 3, 7, 5, 9, 123), dt.datetime(987, 1, 2))


def insert_table_rows(connection: Connection, table: Table,
                      rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` into the Core `table`; all have the keys of the first."""
    if not rows:
        return
    plan = _plan(table, tuple(rows[0]), connection.dialect)
    connection.exec_driver_sql(plan.sql, _params(plan, rows))


def update_table_rows(connection: Connection, table: Table,
                      rows: Sequence[Mapping[str, Any]], *, key: str = "id") -> None:
    """Update rows of `table` found by `key`, each setting its other keys; all rows have the
    keys of the first."""
    if not rows:
        return
    plan = _update_plan(table, tuple(rows[0]), key, connection.dialect)
    connection.exec_driver_sql(plan.sql, _params(plan, rows))


def _params(plan: _Plan, rows: Sequence[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    if plan.processors:
        return [_converted(list(plan.values(row)), plan.processors) for row in rows]
    return [plan.values(row) for row in rows]


@functools.lru_cache(maxsize=512)
def _update_plan(table: Table, keys: tuple[str, ...], key: str, dialect: Dialect) -> _Plan:
    names = (*(k for k in keys if k != key), key)  # the SET columns, then the WHERE one
    columns = [table.c[name] for name in names]
    assert dialect.paramstyle == "qmark", dialect.paramstyle  # SQLite's drivers
    quote = dialect.identifier_preparer.quote
    sql = (f"UPDATE {quote(table.name)} SET "
           f"{', '.join(f'{quote(c.name)} = ?' for c in columns[:-1])} "
           f"WHERE {quote(columns[-1].name)} = ?")
    processors = ((i, _processor(c, dialect)) for i, c in enumerate(columns))
    getter = operator.itemgetter(*names)
    values = getter if len(names) > 1 else lambda row: (getter(row),)
    return _Plan(sql, values, tuple((i, p) for i, p in processors if p is not None))
