"""The activity record: what a young person takes to Jobcentre Plus or a new provider."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, KeepTogether

from paclient.reports.layout import render_people
from paclient.reports.parts import (
    Styles,
    adviser_block,
    facts,
    gap,
    grid,
    heading,
    letterhead_block,
    long_date,
    none_recorded,
    short_date,
    signature,
    text,
)
from paclient.services.documents.records import ActivityLine, ActivityRecordDoc

TITLE = "Activity record"


def build(records: Sequence[ActivityRecordDoc], *, large_print: bool = False,
          progress: Callable[[], None] | None = None) -> bytes:
    """One PDF holding the activity record of each young person, each from a new page."""
    return render_people(TITLE, records, _flowables, large_print=large_print, progress=progress)


def _flowables(record: ActivityRecordDoc, s: Styles) -> list[Flowable]:
    h = record.header
    out: list[Flowable] = [letterhead_block(h.letterhead, s), gap(s), text(TITLE, s.title),
                           facts([("Name", h.person_name),
                                  ("Date of birth", long_date(h.date_of_birth)),
                                  ("Unique Learner Number", record.uln or "not recorded"),
                                  ("Printed on", long_date(h.printed_on))], s)]
    out += [*heading("Current activity", s), *_current(record.current, s)]
    out += [*heading("Activity history", s)]
    out += [_history(record.history, s)] if record.history else [none_recorded("activities", s)]
    if record.destination is not None:
        out += [*heading("Intended destination after Year 11", s),
                facts([("Destination", record.destination.label),
                       ("Recorded on", long_date(record.destination.recorded_on))], s)]
    if record.offers:
        out += [*heading("September Guarantee", s),
                grid(["Year", "Offer", "Provider", "Recorded"],
                     [(f"Year {o.year_group}", o.status, o.provider or "-",
                       short_date(o.recorded_on)) for o in record.offers], s, (14, 60, 60, 26))]
    out.append(KeepTogether([
        *heading("Your Personal Adviser", s), adviser_block(h, s),
        signature(f"{h.adviser.name}, Personal Adviser, for {h.letterhead.authority}", s)]))
    return out


def _current(line: ActivityLine | None, s: Styles) -> list[Flowable]:
    if line is None:
        return [text("Not shown on this record.", s.body)]
    rows = [("Activity", f"{line.label} ({line.code})"), ("Group", line.group),
            ("Since", long_date(line.start_date)), ("Last confirmed", long_date(line.confirmed_on))]
    rows += [("Provider", line.provider)] if line.provider else []
    rows += [("Expected to end", long_date(line.predicted_end_date))] \
        if line.predicted_end_date else []
    return [facts(rows, s)]


def _history(lines: Sequence[ActivityLine], s: Styles) -> Flowable:
    return grid(["From", "Activity", "Provider", "Confirmed"],
                [(short_date(a.start_date), f"{a.label} ({a.code})", a.provider or "-",
                  short_date(a.confirmed_on)) for a in lines], s, (24, 70, 50, 24))
