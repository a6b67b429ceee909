"""The subject access export: the pack as a PDF to read and a JSON file for computers.

Both files are written whole or not at all; if the second cannot be written the first is
removed, so a folder never holds half a pack.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from paclient.errors import OutputNotWritten
from paclient.files import write_file
from paclient.reports import subject_access as report
from paclient.services.documents.subject_access_records import HeldRecord, SubjectAccessPack

DESCRIPTION = (
    "Subject access pack: every record {authority} holds about one young person, made for a "
    "data protection request. Nothing is left out: records in sensitive categories are "
    "included (\"sensitive\": true) and so are deleted records, which are still stored "
    "(\"deleted_at\" says when they were deleted). \"tables\" has one list per kind of "
    "record, keyed by the store's table name; \"titles\" names each kind in plain words. "
    "Coded values are given as {{\"code\", \"label\"}}. Times ending in Z are UTC; other "
    "times are the local time that was entered. Internal bookkeeping (audit hash chain, "
    "sync revisions, the outbox) is not personal data and is not included."
)


def export(pack: SubjectAccessPack, directory: Path) -> list[Path]:
    """Write the pack's JSON and PDF files into `directory` (made if missing); their paths."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputNotWritten(directory, exc.strerror or type(exc).__name__) from exc
    stem = f"subject-access-{pack.short_id}-{pack.header.printed_on.isoformat()}"
    paths = [directory / f"{stem}.json", directory / f"{stem}.pdf"]
    contents = [as_json(pack), report.build(pack)]
    written: list[Path] = []
    try:
        for path, data in zip(paths, contents, strict=True):
            write_file(path, data)
            written.append(path)
    except OutputNotWritten:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return paths


def as_json(pack: SubjectAccessPack) -> bytes:
    """The pack as pretty UTF-8 JSON: description, when, whose, and one list per table."""
    h = pack.header
    document = {
        "description": DESCRIPTION.format(authority=h.letterhead.authority),
        "generated_at": pack.generated_at.isoformat() + "Z",
        "person_id": str(h.person_id),
        "person_name": h.person_name,
        "date_of_birth": h.date_of_birth.isoformat(),
        "held_by": h.letterhead.authority,
        "titles": {t.name: t.title for t in pack.tables},
        "tables": {t.name: [_row(r) for r in t.records] for t in pack.tables},
    }
    text = json.dumps(document, ensure_ascii=False, indent=2, default=_plain)
    return (text + "\n").encode("utf-8")


def _row(record: HeldRecord) -> dict[str, Any]:
    row: dict[str, Any] = {"id": record.id, "record": record.name,
                           "sensitive": record.sensitive, "deleted_at": record.deleted_at}
    row.update((f.name, f.value) for f in record.fields)
    return row


def _plain(value: object) -> object:
    """Mappings and sequences the records hold in read-only forms, as JSON has them."""
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
