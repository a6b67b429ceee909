"""The subject access pack as a PDF: a cover saying what the pack is, then every kind of record.

Each record is a block of facts under its own name ("Contact 12"), marked when it is sensitive
or deleted; kinds with many short records (who opened the record, and when) are one list.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether

from paclient.reports.layout import Page, Section, render
from paclient.reports.parts import (
    ALERT,
    Styles,
    adviser_block,
    facts,
    gap,
    grid,
    heading,
    letterhead_block,
    long_date,
    make_styles,
    short_date,
    text,
)
from paclient.services.documents.subject_access_records import (
    HeldRecord,
    HeldTable,
    SubjectAccessPack,
)

TITLE = "Everything we hold about you"
DOCUMENT = "Subject access pack"
KEPT = 2  # rows of a record kept on the page of its heading


def build(pack: SubjectAccessPack, *, progress: Callable[[], None] | None = None) -> bytes:
    """The pack as one PDF: the cover, then a heading per kind of record with its records."""
    s = make_styles()
    h = pack.header
    page = Page(DOCUMENT, h.letterhead, h.printed_on, s.size)
    flowables = [*_cover(pack, s)]
    for table in pack.tables:
        if table.records:
            flowables += _table(table, s)
    return render([Section(h.person_name, flowables, f"Born {short_date(h.date_of_birth)}")],
                  page, progress)


def _cover(pack: SubjectAccessPack, s: Styles) -> list[Flowable]:
    h = pack.header
    held = sum(len(t.records) for t in pack.tables)
    out: list[Flowable] = [
        letterhead_block(h.letterhead, s), gap(s), text(TITLE, s.title),
        facts([("Name", h.person_name), ("Date of birth", long_date(h.date_of_birth)),
               ("Your reference number", str(h.person_id)),
               ("Made on", long_date(h.printed_on)), ("Made by", h.letterhead.authority)], s),
        *heading("What this pack is", s),
        *(text(p, s.body) for p in _explanation(pack, held)),
        *heading("What is in this pack", s),
        grid(["Kind of record", "How many", "Of those, deleted"],
             [(t.title, len(t.records), t.deleted or "-") for t in pack.tables], s, (70, 15, 20)),
        *heading("If something is wrong", s),
        text("You can ask us to correct anything that is wrong, or ask questions about this "
             "pack. Contact your Personal Adviser:", s.body),
        adviser_block(h, s),
    ]
    return out


def _explanation(pack: SubjectAccessPack, held: int) -> list[str]:
    sensitive = pack.sensitive
    marked = (f"{_count(sensitive, 'record is', 'records are')} of this kind and marked "
              "\u201cSensitive\u201d." if sensitive else "None of your records is of this kind.")
    return [
        ("You asked to see the information we hold about you. The law (data protection) gives "
         "you the right to see it. This pack is a copy of everything our Personal Adviser "
         f"service held about you on {long_date(pack.header.printed_on)}: "
         f"{_count(held, 'record', 'records')} in all."),
        ("Nothing has been left out. That includes private things, like notes about sexual "
         f"health, drugs or alcohol, offending, pregnancy or keeping you safe. {marked} "
         "Please keep this pack somewhere safe."),
        ("Some records may be marked \u201cDeleted\u201d. They were taken off your record but "
         "are still stored, so they are here too, with the date they were deleted."),
        ("\u201cWho looked at or changed your record\u201d lists every time someone opened, "
         "added to, changed or printed your record. Times are shown in UK time, on a 24-hour "
         "clock. A copy of the same information that computers can read (a JSON file) comes "
         "with this pack."),
    ]


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _table(table: HeldTable, s: Styles) -> list[Flowable]:
    about = ParagraphStyle("about", parent=s.small, spaceAfter=s.size * 0.5, keepWithNext=True)
    title = [text(f"{table.title} ({len(table.records)})", s.heading), text(table.about, about)]
    if table.summary:
        return [*title, _summary(table, s)]
    alert = ParagraphStyle("alert", parent=s.label, textColor=ALERT)
    out: list[Flowable] = []
    for index, record in enumerate(table.records):
        rows = _rows(record)
        # A heading goes with the first lines under it (the kind's title with its first
        # record); the rest of a long record may run onto the next page.
        named = text(_record_heading(record), alert if record.deleted_at else s.label)
        out.append(KeepTogether([*(title if index == 0 else []), named,
                                 facts(rows[:KEPT], s)]))
        out += [facts(rows[KEPT:], s)] if rows[KEPT:] else []
        out.append(gap(s, 0.5))
    return out


def _record_heading(record: HeldRecord) -> str:
    parts = [record.name, *([record.when] if record.when else [])]
    parts += ["Sensitive"] if record.sensitive else []
    parts += [f"Deleted {record.deleted_text}"] if record.deleted_text else []
    return " \u00b7 ".join(parts)


def _rows(record: HeldRecord) -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = []
    for field in record.fields:
        if field.text is not None:
            rows.append((field.label, field.text))
    return rows or [("", "Nothing recorded.")]


def _summary(table: HeldTable, s: Styles) -> Flowable:
    first = table.records[0].fields
    labels = [next(f.label for f in first if f.name == n) for n in table.summary]
    rows = [[_value(r, n) + (f" (deleted {r.deleted_text})" if r.deleted_text and i == 0
                             else "") for i, n in enumerate(table.summary)]
            for r in table.records]
    widths = [25, 18, 15, 22, 40][: len(labels)] + [20] * max(0, len(labels) - 5)
    return grid(labels, rows, s, widths, alert_rows=[i for i, r in enumerate(table.records)
                                                     if r.deleted_at])


def _value(record: HeldRecord, name: str) -> str:
    return next((f.text or "-" for f in record.fields if f.name == name), "-")


