"""The pieces documents are built from: type styles (normal and large print), text that is
safe whatever it holds, tables that wrap and split across pages, dates the British way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from paclient.reports import fonts
from paclient.services.documents.records import DocumentHeader, Letterhead

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#8a8a8a")
SHADE = colors.HexColor("#eef1f4")
ALERT = colors.HexColor("#b00020")
LARGE_PRINT_PT = 16
NORMAL_PT = 10.5
ALERT_TINT = colors.HexColor("#fbe4e8")
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
HEADER_HEIGHT = 20 * mm
FOOTER_HEIGHT = 16 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
BODY_HEIGHT = PAGE_HEIGHT - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT
CELL_PADDING = 12  # a table cell's left and right padding together


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of one document, all scaled from its body size."""

    size: float
    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_alert: ParagraphStyle
    right: ParagraphStyle


def make_styles(*, large_print: bool = False) -> Styles:
    """Normal print (10.5 pt body) or large print (16 pt body, never smaller anywhere)."""
    font = fonts.register()
    size = LARGE_PRINT_PT if large_print else NORMAL_PT
    small = size if large_print else size - 1.5

    def style(name: str, pt: float, **extra: object) -> ParagraphStyle:
        settings: dict[str, object] = {"fontName": font, "fontSize": pt, "leading": pt * 1.3,
                                       "textColor": INK, "splitLongWords": True, **extra}
        return ParagraphStyle(name, **settings)  # type: ignore[arg-type]

    return Styles(
        size=size,
        body=style("body", size, spaceAfter=size * 0.4),
        small=style("small", small),
        title=style("title", size * 1.6, fontName=fonts.BOLD, spaceAfter=size * 0.6),
        heading=style("heading", size * 1.2, fontName=fonts.BOLD, spaceBefore=size,
                      spaceAfter=size * 0.4),
        label=style("label", size, fontName=fonts.BOLD),
        cell=style("cell", small),
        cell_head=style("cell_head", small, fontName=fonts.BOLD),
        cell_alert=style("cell_alert", small, textColor=ALERT),
        right=style("right", small, alignment=TA_RIGHT),
    )


def text(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters are shown, not obeyed; lines kept."""
    shown = escape("" if value is None else str(value)).replace("\n", "<br/>")
    return Paragraph(shown, style)


def short_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, or a dash when there is no date."""
    return value.strftime("%d/%m/%Y") if value else "-"


def long_date(value: dt.date | None) -> str:
    """'3 December 2026', easier to read than digits."""
    return f"{value.day} {value:%B %Y}" if value else "-"


def heading(title: str, s: Styles) -> list[Flowable]:
    """A section heading that starts a new page only when little room is left under it.

    (A heading kept with the next flowable would drag a whole table that fits on one page
    over to the next, leaving a gap.)
    """
    return [CondPageBreak(s.size * 1.3 * 6), text(title, s.heading)]


def facts(rows: Sequence[tuple[str, object]], s: Styles, *, label_width: float = 62 * mm,
          width: float | None = None) -> Table:
    """Label and value pairs, one a line; long values wrap, and run on over pages."""
    value_width = (width or CONTENT_WIDTH) - label_width
    cells, _ = _continued(rows, (0, value_width - CELL_PADDING), s.body)
    data = [[text(label, s.label), text(value, s.body)] for label, value in cells]
    table = Table(data, colWidths=[label_width, value_width], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def grid(headings: Sequence[str], rows: Sequence[Sequence[object]], s: Styles,
         widths: Sequence[float], *, alert_rows: Sequence[int] = ()) -> Table:
    """A table whose headings repeat on every page it runs onto; cells wrap, long ones run
    on over pages; `alert_rows` (by index) are tinted, barred and set in red."""
    scale = CONTENT_WIDTH / sum(widths)
    column_widths = [w * scale for w in widths]
    cells, origin = _continued(rows, [w - CELL_PADDING for w in column_widths], s.cell)
    alert = set(alert_rows)
    data = [[text(h, s.cell_head) for h in headings]]
    data += [[text(value, s.cell_alert if origin[n] in alert else s.cell) for value in row]
             for n, row in enumerate(cells)]
    table = Table(data, colWidths=column_widths, repeatRows=1, hAlign="LEFT")
    commands: list[Any] = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK)]
    for line, source in enumerate(origin, start=1):
        shade = ALERT_TINT if source in alert else (SHADE if source % 2 else colors.white)
        commands.append(("BACKGROUND", (0, line), (-1, line), shade))
        if line == len(origin) or origin[line] != source:  # a rule under a row, not inside it
            commands.append(("LINEBELOW", (0, line), (-1, line), 0.3, RULE))
        if source in alert:
            commands.append(("LINEBEFORE", (0, line), (0, line), 3, ALERT))
    table.setStyle(TableStyle(commands))
    return table


def none_recorded(what: str, s: Styles) -> Paragraph:
    """The line shown where a section has nothing in it."""
    return text(f"No {what} recorded.", s.body)


def letterhead_block(letterhead: Letterhead, s: Styles) -> Table:
    """The authority's address and contact details, at the top right of a first page."""
    lines = [*letterhead.address]
    lines += [f"Telephone {letterhead.phone}"] if letterhead.phone else []
    lines += [letterhead.email] if letterhead.email else []
    block = [text(letterhead.authority, s.label), *(text(line, s.right) for line in lines)]
    block[0].style = ParagraphStyle("authority", parent=s.label, alignment=TA_RIGHT)
    table = Table([[b] for b in block], colWidths=[CONTENT_WIDTH * 0.55], hAlign="RIGHT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def adviser_block(header: DocumentHeader, s: Styles) -> Table:
    """The Personal Adviser's name and contact details, and their service's."""
    letterhead = header.letterhead
    rows: list[tuple[str, object]] = [("Name", header.adviser.name)]
    rows += [("Telephone", header.adviser.phone)] if header.adviser.phone else []
    rows += [("Email", header.adviser.email)] if header.adviser.email else []
    office = [letterhead.authority, *letterhead.address]
    office += [f"Telephone {letterhead.phone}"] if letterhead.phone else []
    office += [letterhead.email] if letterhead.email else []
    rows.append(("Service", "\n".join(office)))
    return facts(rows, s)


def signature(who: str, s: Styles) -> KeepTogether:
    """Lines for a signature and a date, kept together on one page."""
    return KeepTogether([Spacer(1, s.size * 1.5), text(f"Signed {'_' * 30}", s.body),
                         text(f"Date {'_' * 14}", s.body), text(who, s.small)])


def gap(s: Styles, lines: float = 0.6) -> Flowable:
    """Vertical space, in lines of body text."""
    return Spacer(1, s.size * 1.3 * lines)



# --- long text ------------------------------------------------------------------------------
# A table row never splits across pages, so a note longer than a page would stop the whole
# document. Long cells are cut into pieces of about half a page (at line ends, sentence ends or
# spaces), each continuing in a row of its own under the first, with the same shade.


def _continued(rows: Sequence[Sequence[object]], widths: Sequence[float],
               style: ParagraphStyle) -> tuple[list[tuple[str, ...]], list[int]]:
    """The rows with long cells cut into pieces (a width of 0: never cut), and for each row
    out, the index of the row it came from."""
    out: list[tuple[str, ...]] = []
    origin: list[int] = []
    for index, row in enumerate(rows):
        values = ["" if value is None else str(value) for value in row]
        cells = [_pieces(value, width, style) if width else [value]
                 for value, width in zip(values, widths, strict=True)]
        for part in zip_longest(*cells, fillvalue=""):
            out.append(tuple(part))
            origin.append(index)
    return out, origin


def _pieces(value: str, width: float, style: ParagraphStyle) -> list[str]:
    """`value` cut into pieces that each take at most about half a page at `width`."""
    per_line = max(8, int(width / (style.fontSize * 0.62)))  # a generous average glyph width
    budget = max(4, int(BODY_HEIGHT / 2 / style.leading))  # lines a piece may take
    if len(value) <= per_line * budget // 4:
        return [value]  # the usual case, at once
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for paragraph in value.split("\n"):
        while True:
            lines = max(1, -(-len(paragraph) // per_line))
            if used + lines <= budget:
                current.append(paragraph)
                used += lines
                break
            room = (budget - used) * per_line
            if room >= per_line:  # fill this piece with the start of the paragraph
                cut = _cut_at(paragraph, room)
                current.append(paragraph[:cut].rstrip())
                paragraph = paragraph[cut:].lstrip()
            pieces.append("\n".join(current))
            current, used = [], 0
    if current:
        pieces.append("\n".join(current))
    return pieces


def _cut_at(text_: str, room: int) -> int:
    """Where to cut `text_` to keep at most `room` characters: after a sentence, else at a
    space, else (one very long word) anywhere."""
    for mark in (". ", " "):
        at = text_.rfind(mark, room // 2, room)
        if at > 0:
            return at + len(mark)
    return room
