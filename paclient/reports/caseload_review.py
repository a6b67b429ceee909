"""The caseload review: an adviser's caseload for their team leader, what needs attention marked."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table

from paclient.reports.layout import Page, Section, render
from paclient.reports.parts import (
    Styles,
    facts,
    grid,
    heading,
    long_date,
    make_styles,
    none_recorded,
    short_date,
    text,
)
from paclient.services.documents.records import CaseloadLine, CaseloadReviewDoc, CountLine

TITLE = "Caseload review"
CONFIDENTIAL = "Confidential: personal information about young people. Please keep it safe."
HEADINGS = ("Name", "Born", "Need", "Current activity", "Lapses", "Review due",
            "Needs attention")
# In points, summing to the page's width: a dd/mm/yyyy date (52 pt) and "Need" fit one line.
WIDTHS = (90, 60, 33, 100, 60, 60, 90)
BLOCK_ROWS = 1000  # a typical caseload (a few hundred) is one table; see _tables
COUNT_LABEL = 110 * mm  # the summary's labels are long, its figures short


def build(doc: CaseloadReviewDoc, *, progress: Callable[[], None] | None = None) -> bytes:
    """The PDF of one adviser's caseload: the summary counts first, then every young person."""
    s = make_styles()
    h = doc.header
    page = Page(TITLE, h.letterhead, h.printed_on, s.size, confidential=CONFIDENTIAL)
    people = "1 young person" if len(doc.lines) == 1 else f"{len(doc.lines)} young people"
    return render([Section(f"Caseload of {h.adviser.name}", _flowables(doc, s), people)],
                  page, progress)


def _flowables(doc: CaseloadReviewDoc, s: Styles) -> list[Flowable]:
    h = doc.header
    out: list[Flowable] = [text(TITLE, s.title),
                           facts([("Personal Adviser", h.adviser.name),
                                  ("Printed on", long_date(h.printed_on))], s)]
    out += _figures("Summary", doc.counts, s) + _figures("Level of need", doc.levels, s)
    out += [*heading("Caseload", s), *_notes(doc, s)]
    out += _tables(doc.lines, s) if doc.lines else [none_recorded("young people", s)]
    return out


def _figures(title: str, counts: Sequence[CountLine], s: Styles) -> list[Flowable]:
    if not counts:
        return []
    return [*heading(title, s),
            facts([(c.label, c.count) for c in counts], s, label_width=COUNT_LABEL)]


def _notes(doc: CaseloadReviewDoc, s: Styles) -> list[Flowable]:
    notes = [("Rows that need attention are shaded and marked with a bar on the left. "
              f"'Lapses soon' means within {doc.within_days} days.")]
    if doc.sensitive_included:
        notes.append("Sensitive activities are shown: keep this document safe.")
    elif doc.left_out:
        what = "activity of a sensitive kind is" if doc.left_out == 1 else \
            "activities of a sensitive kind are"
        notes.append(f"{doc.left_out} current {what} not shown.")
    return [text(" ".join(notes), s.small)]


def _tables(lines: Sequence[CaseloadLine], s: Styles) -> list[Flowable]:
    """The caseload as tables of BLOCK_ROWS rows: a ReportLab table re-reads all its remaining
    rows at every page break, so one table of 50,000 rows would take many minutes."""
    return [_table(lines[start:start + BLOCK_ROWS], s)
            for start in range(0, len(lines), BLOCK_ROWS)]


def _table(lines: Sequence[CaseloadLine], s: Styles) -> Table:
    alerts = [i for i, line in enumerate(lines) if line.overdue]
    table = grid(HEADINGS, [_row(line) for line in lines], s, WIDTHS, alert_rows=alerts)
    # Narrower padding than the default so seven columns fit.
    table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
    return table


def _row(line: CaseloadLine) -> tuple[str, ...]:
    return (line.name, short_date(line.date_of_birth),
            str(line.level_of_need) if line.level_of_need is not None else "-",
            line.current_activity or "-", short_date(line.lapse_date),
            short_date(line.review_date), "; ".join(line.attention))
