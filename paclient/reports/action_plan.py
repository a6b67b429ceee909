"""The action plan: the live plan agreed with a young person, its actions, reviews and next
review, with open actions past their due date marked overdue (in words and in red)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Table

from paclient.reports.layout import Page, Section, render
from paclient.reports.parts import (
    ALERT,
    LARGE_PRINT_PT,
    Styles,
    facts,
    gap,
    grid,
    letterhead_block,
    long_date,
    make_styles,
    short_date,
    signature,
    text,
)
from paclient.services.plan_document_records import ActionPlanDoc, PlanActionLine, ReviewLine

TITLE = "Action plan"
ALERT_TINT = colors.HexColor("#fbe4e8")
NO_PLAN = "There is no live action plan for this young person."


def build(docs: Sequence[ActionPlanDoc], *, large_print: bool = False,
          progress: Callable[[], None] | None = None) -> bytes:
    """One PDF holding each young person's action plan, each from a new page."""
    if not docs:
        raise ValueError("no action plans to print")
    s = make_styles(large_print=large_print)
    first = docs[0].header
    page = Page(TITLE, first.letterhead, first.printed_on, s.size)
    return render((Section(_subject(d), _flowables(d, s)) for d in docs), page, progress)


def _status(line: PlanActionLine) -> str:
    if line.status == "done":
        return f"Done {short_date(line.done_on)}" if line.done_on else "Done"
    if line.status == "dropped":
        return f"Dropped: {line.drop_reason}" if line.drop_reason else "Dropped"
    return "Open, overdue" if line.overdue else "Open"


def _subject(doc: ActionPlanDoc) -> str:
    return f"{doc.header.person_name} ({short_date(doc.header.date_of_birth)})"


def _flowables(doc: ActionPlanDoc, s: Styles) -> list[Flowable]:
    h = doc.header
    out: list[Flowable] = [letterhead_block(h.letterhead, s), gap(s), text(TITLE, s.title)]
    rows: list[tuple[str, object]] = [("Name", h.person_name),
                                      ("Date of birth", long_date(h.date_of_birth)),
                                      ("Personal Adviser", h.adviser.name)]
    if not doc.has_plan:
        return [*out, facts(rows, s), gap(s), text(NO_PLAN, s.body)]
    review = long_date(doc.next_review_on) + (" (overdue)" if doc.review_overdue else "")
    rows += [("Plan started", long_date(doc.started_on)), ("Next review", review)]
    out += [facts(rows, s), *heading("Actions", s), *_actions(doc.actions, s),
            *heading("Reviews", s), *_reviews(doc.reviews, s)]
    out.append(KeepTogether([
        text("Agreed by", s.heading),
        signature(f"{h.person_name}, young person", s),
        signature(f"{h.adviser.name}, Personal Adviser, for {h.letterhead.authority}", s)]))
    return out


def _actions(lines: Sequence[PlanActionLine], s: Styles) -> list[Flowable]:
    if not lines:
        return [text("No actions agreed yet.", s.body)]
    overdue = [i for i, line in enumerate(lines) if line.overdue]
    rows = [(a.description, a.owner, short_date(a.due_on), _status(a)) for a in lines]
    widths = _widths(s, (46, 19, 15, 20), (34, 20, 22, 24))
    table = grid(["Action", "Who", "Due", "Status"], rows, s, widths, alert_rows=overdue)
    many = len(overdue) > 1
    note = [text(f"{len(overdue)} open action{'s are' if many else ' is'} past "
                 f"{'their' if many else 'its'} due date (marked in red).", s.small)] \
        if overdue else []
    return [highlight(splittable(table), overdue), *note]


def _reviews(lines: Sequence[ReviewLine], s: Styles) -> list[Flowable]:
    if not lines:
        return [text("The plan has not been reviewed yet.", s.body)]
    rows = [(short_date(r.reviewed_on), r.progress, r.achievements or "-",
             short_date(r.next_review_on)) for r in lines]
    widths = _widths(s, (14, 38, 34, 14), (22, 30, 26, 22))
    return [splittable(grid(["Reviewed", "Progress", "Achieved", "Next review"], rows, s,
                            widths))]


def highlight(table: Table, rows: Sequence[int]) -> Table:
    """`table` with the body rows `rows` tinted and barred in red.

    grid's alert colour does not reach its cells (they are paragraphs, which keep their own
    colour), so overdue rows are marked by a tint and a bar, as the caseload review does.
    """
    table.setStyle([cmd for r in rows for cmd in (
        ("BACKGROUND", (0, r + 1), (-1, r + 1), ALERT_TINT),
        ("LINEBEFORE", (0, r + 1), (0, r + 1), 3, ALERT))])
    return table


def splittable(table: Table) -> Table:
    """`table`, allowed to split inside a row: a note longer than a page must not stop a print."""
    table.splitInRow = 1  # ReportLab's minimum height of a split part; 0 forbids splitting
    return table


def heading(title: str, s: Styles) -> list[Flowable]:
    """A heading that moves to the next page only when fewer than six lines are left.

    The shared heading style keeps with the next flowable, which moves a whole table or block
    that would fit on one page, leaving a gap (or, before a KeepTogether, strands the heading);
    a conditional break keeps what follows where it is.
    """
    style = ParagraphStyle(f"{title}-heading", parent=s.heading, keepWithNext=False)
    return [CondPageBreak(s.size * 1.3 * 6), text(title, style)]


def _widths(s: Styles, normal: tuple[float, ...], large: tuple[float, ...],
            ) -> tuple[float, ...]:
    """Column shares for the print size: dates need more room in large print."""
    return large if s.size >= LARGE_PRINT_PT else normal
