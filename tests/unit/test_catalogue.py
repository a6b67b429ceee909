"""The shared catalogue of synced tables (`ccis.catalogue`) agrees with the laptop's models,
column by column, so the hub checks exactly what a device stores."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Table, Text, Uuid

from ccis import catalogue
from ccis.catalogue import Field
from paclient.models import Base, Synced


def _models() -> dict[str, tuple[Table, frozenset[str]]]:
    found = {}
    for mapper in Base.registry.mappers:
        if issubclass(mapper.class_, Synced):
            table = mapper.local_table
            assert isinstance(table, Table)
            found[table.name] = (table, frozenset(mapper.class_.local_only))
    return found


def _field(column: object) -> Field:
    kind = column.type  # type: ignore[attr-defined]
    nullable = bool(column.nullable)  # type: ignore[attr-defined]
    if isinstance(kind, Uuid):
        return Field("id", nullable=nullable)
    if isinstance(kind, DateTime):
        return Field("time", nullable=nullable)
    if isinstance(kind, Date):
        return Field("date", nullable=nullable)
    if isinstance(kind, Boolean):
        return Field("flag", nullable=nullable)
    if isinstance(kind, Integer):
        return Field("number", nullable=nullable)
    if isinstance(kind, Text):
        return Field("note", nullable=nullable)
    if isinstance(kind, String):
        return Field("text", kind.length, nullable)
    if isinstance(kind, JSON):
        return Field("json", nullable=nullable)
    raise AssertionError(f"a column type the catalogue has no kind for: {kind!r}")


def test_every_synced_model_is_in_the_catalogue_and_nothing_else() -> None:
    assert set(catalogue.TABLES) == set(_models())


def test_each_field_matches_its_column() -> None:
    for name, (table, local_only) in _models().items():
        declared = catalogue.TABLES[name]
        columns = {c.name: _field(c) for c in table.columns
                   if c.name not in catalogue.NOT_SENT | local_only}
        assert dict(declared.fields) == columns, name
        assert declared.local_only == local_only, name


def test_each_table_reaches_its_person_as_its_foreign_keys_say() -> None:
    for name, (table, _) in _models().items():
        declared = catalogue.TABLES[name]
        keys = {key.parent.name: key.column.table.name for key in table.foreign_keys}
        if declared.person not in (None, "id"):
            assert keys[declared.person] == catalogue.PERSON_TABLE, name
        if declared.parent is not None:
            field, parent = declared.parent
            assert keys[field] == parent and not table.c[field].nullable, name
            assert catalogue.TABLES[parent].person == "person_id", name
        if not declared.in_record and not declared.push_only:
            assert catalogue.PERSON_TABLE not in keys.values(), name  # staff rows only


def test_parents_come_before_their_children() -> None:
    seen: set[str] = set()
    for name, (table, _) in ((n, _models()[n]) for n in catalogue.TABLES):
        parents = {key.column.table.name for key in table.foreign_keys} - {name}
        assert parents <= seen, f"{name} comes before {parents - seen}"
        seen.add(name)


def test_the_audit_trail_goes_up_and_never_comes_back() -> None:
    assert [t.name for t in catalogue.TABLES.values() if t.push_only] == ["audit_event"]
    assert "audit_event" not in catalogue.pulled()
    assert "young_person" in catalogue.in_records() and "team" not in catalogue.in_records()
