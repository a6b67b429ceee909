"""The action plan: the live plan agreed with a young person, its actions, reviews and next
review, with open actions past their due date marked overdue (in words and in red)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, KeepTogether

from paclient.reports.layout import render_people
from paclient.reports.parts import (
    LARGE_PRINT_PT,
    Styles,
    facts,
    gap,
    grid,
    heading,
    letterhead_block,
    long_date,
    short_date,
    signature,
    text,
)
from paclient.services.documents.records import ActionPlanDoc, PlanActionLine, ReviewLine

TITLE = "Action plan"
NO_PLAN = "There is no live action plan for this young person."


def build(docs: Sequence[ActionPlanDoc], *, large_print: bool = False,
          progress: Callable[[], None] | None = None) -> bytes:
    """One PDF holding each young person's action plan, each from a new page."""
    return render_people(TITLE, docs, _flowables, large_print=large_print, progress=progress)


def _status(line: PlanActionLine) -> str:
    if line.status == "done":
        return f"Done {short_date(line.done_on)}" if line.done_on else "Done"
    if line.status == "dropped":
        return f"Dropped: {line.drop_reason}" if line.drop_reason else "Dropped"
    return "Open, overdue" if line.overdue else "Open"


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
        *heading("Agreed by", s),
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
    return [table, *note]


def _reviews(lines: Sequence[ReviewLine], s: Styles) -> list[Flowable]:
    if not lines:
        return [text("The plan has not been reviewed yet.", s.body)]
    rows = [(short_date(r.reviewed_on), r.progress, r.achievements or "-",
             short_date(r.next_review_on)) for r in lines]
    widths = _widths(s, (14, 38, 34, 14), (22, 30, 26, 22))
    return [grid(["Reviewed", "Progress", "Achieved", "Next review"], rows, s, widths)]


def _widths(s: Styles, normal: tuple[float, ...], large: tuple[float, ...],
            ) -> tuple[float, ...]:
    """Column shares for the print size: dates need more room in large print."""
    return large if s.size >= LARGE_PRINT_PT else normal
