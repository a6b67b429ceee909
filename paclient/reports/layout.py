"""The page every document shares: A4, a header naming the authority (with its logo) and the
young person, a footer saying the document is confidential, and "Page x of y".

A document is a list of sections, each about one subject (a young person, or a caseload). A
batch puts many people in one PDF; each section starts on a new page and numbers its pages on
its own, so every record handed over reads "Page 1 of 2" whatever its place in the batch.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from paclient.reports import fonts
from paclient.reports.parts import (
    CONTENT_WIDTH,
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    INK,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    Styles,
    make_styles,
    short_date,
)
from paclient.services.documents.records import DocumentHeader, Letterhead

CONFIDENTIAL = "Confidential: personal information about a young person. Please keep it safe."


@dataclass(frozen=True)
class Section:
    """One part of a document about one subject, shown in the header of each of its pages."""

    subject: str
    flowables: Sequence[Flowable]
    detail: str = ""  # a second header line under the subject, e.g. "Born 04/05/2009"


@dataclass(frozen=True)
class Page:
    """What the header and footer of a document show."""

    title: str
    letterhead: Letterhead
    printed_on: dt.date
    size: float  # body text size: the header and footer grow with large print
    confidential: str = CONFIDENTIAL  # the footer's warning


def render(sections: Iterable[Section], page: Page,
           progress: Callable[[], None] | None = None) -> bytes:
    """The PDF of `sections`, each starting on a new page; `progress` is called per section."""
    fonts.register()
    out = io.BytesIO()
    document = BaseDocTemplate(
        out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT, bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=page.title, author=page.letterhead.authority, creator="paclient")
    frame = Frame(MARGIN, MARGIN + FOOTER_HEIGHT, CONTENT_WIDTH,
                  PAGE_HEIGHT - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT, id="body")
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    story: list[Flowable] = []
    for index, section in enumerate(sections):
        if index:
            story.append(PageBreak())
        story += [_SectionStart(index, (section.subject, section.detail), progress),
                  *section.flowables]
    if not story:
        story.append(_SectionStart(0, ("", ""), None))
    chrome = _Chrome(page)
    document.build(story, canvasmaker=lambda *a, **k: _NumberedCanvas(chrome, *a, **k))
    return out.getvalue()


class AboutOnePerson(Protocol):
    """A document record about one young person."""

    @property
    def header(self) -> DocumentHeader: ...


D = TypeVar("D", bound=AboutOnePerson)


def render_people(title: str, docs: Sequence[D], flowables: Callable[[D, Styles], list[Flowable]],
                  *, large_print: bool = False,
                  progress: Callable[[], None] | None = None) -> bytes:
    """One PDF with a section per document, each about one young person, from a new page."""
    if not docs:
        raise ValueError(f"no {title.lower()} to print")
    s = make_styles(large_print=large_print)
    first = docs[0].header
    page = Page(title, first.letterhead, first.printed_on, s.size)
    return render((Section(d.header.person_name, flowables(d, s),
                           f"Born {short_date(d.header.date_of_birth)}") for d in docs),
                  page, progress)


class _SectionStart(Flowable):
    """Takes no room; tells the canvas whose pages follow."""

    def __init__(self, index: int, subject: tuple[str, str],
                 progress: Callable[[], None] | None) -> None:
        super().__init__()
        self.index, self.subject, self.progress = index, subject, progress
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.section = (self.index, self.subject)  # type: ignore[attr-defined]
        if self.progress is not None:
            self.progress()


class _NumberedCanvas(Canvas):
    """Holds each page until the end, when every section's page count is known."""

    def __init__(self, chrome: _Chrome, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chrome = chrome
        self.section: tuple[int, tuple[str, str]] = (0, ("", ""))
        self.pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self.pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # ReportLab's own, untyped

    def save(self) -> None:
        totals = Counter(state["section"][0] for state in self.pages)
        numbers: Counter[int] = Counter()
        for state in self.pages:
            self.__dict__.update(state)
            index, subject = self.section
            numbers[index] += 1
            self.chrome.draw(self, subject, numbers[index], totals[index])
            super().showPage()
        super().save()


class _Chrome:
    """Draws the header and footer of one page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.logo = ImageReader(io.BytesIO(page.letterhead.logo)) if page.letterhead.logo else None
        self.small = max(8.0, page.size * 0.75)

    def draw(self, canvas: Canvas, subject: tuple[str, str], number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFillColor(INK)
        self._header(canvas, subject)
        self._footer(canvas, number, total)
        canvas.restoreState()

    def _header(self, canvas: Canvas, subject: tuple[str, str]) -> None:
        top, left, right = PAGE_HEIGHT - MARGIN, MARGIN, PAGE_WIDTH - MARGIN
        if self.logo is not None:
            canvas.drawImage(self.logo, left, top - 14 * mm, width=30 * mm, height=14 * mm,
                             preserveAspectRatio=True, anchor="w", mask="auto")
            left += 33 * mm
        first, second = top - 6 * mm, top - 6 * mm - self.small * 1.3
        room = CONTENT_WIDTH * 0.55 - (left - MARGIN)
        self._line(canvas, self.page.letterhead.authority, left, first, room, bold=True)
        self._line(canvas, self.page.title, left, second, room)
        room = CONTENT_WIDTH * 0.45 - 4 * mm
        self._line(canvas, subject[0], right, first, room, bold=True, from_right=True)
        self._line(canvas, subject[1], right, second, room, from_right=True)
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, top - HEADER_HEIGHT + 3 * mm, right, top - HEADER_HEIGHT + 3 * mm)

    def _line(self, canvas: Canvas, value: str, x: float, y: float, room: float, *,
              bold: bool = False, from_right: bool = False) -> None:
        font, size = (fonts.BOLD, self.small + 1) if bold else (fonts.REGULAR, self.small)
        canvas.setFont(font, size)
        draw = canvas.drawRightString if from_right else canvas.drawString
        draw(x, y, _fit(value, font, size, room))

    def _footer(self, canvas: Canvas, number: int, total: int) -> None:
        line = self.small * 1.3
        base = MARGIN + FOOTER_HEIGHT - 2 * line - 2 * mm
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, base + 2 * line, PAGE_WIDTH - MARGIN, base + 2 * line)
        canvas.setFont(fonts.REGULAR, self.small)
        canvas.drawString(MARGIN, base + line - 1, _fit(self.page.confidential, fonts.REGULAR,
                                                        self.small, CONTENT_WIDTH))
        canvas.drawString(MARGIN, base, f"Printed {self.page.printed_on:%d/%m/%Y}")
        canvas.drawRightString(PAGE_WIDTH - MARGIN, base, f"Page {number} of {total}")

def _fit(value: str, font: str, size: float, width: float) -> str:
    """`value`, shortened with an ellipsis until it fits `width` (header text only)."""
    if stringWidth(value, font, size) <= width:
        return value
    while value and stringWidth(value + "…", font, size) > width:
        value = value[:-1]
    return value + "…"
