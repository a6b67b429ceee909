"""The pieces documents are built from: type styles (normal and large print), text that is
safe whatever it holds, tables that wrap and split across pages, dates the British way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from paclient.reports import fonts
from paclient.services.document_records import Letterhead

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#8a8a8a")
SHADE = colors.HexColor("#eef1f4")
ALERT = colors.HexColor("#b00020")
LARGE_PRINT_PT = 16
NORMAL_PT = 10.5
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN


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
                      spaceAfter=size * 0.4, keepWithNext=True),
        label=style("label", size, fontName=fonts.BOLD),
        cell=style("cell", small),
        cell_head=style("cell_head", small, fontName=fonts.BOLD),
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


def facts(rows: Sequence[tuple[str, object]], s: Styles, *, label_width: float = 62 * mm,
          width: float | None = None) -> Table:
    """Label and value pairs, one a line; long values wrap."""
    data = [[text(label, s.label), text(value, s.body)] for label, value in rows]
    table = Table(data, colWidths=[label_width, (width or CONTENT_WIDTH) - label_width],
                  hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def grid(headings: Sequence[str], rows: Sequence[Sequence[object]], s: Styles,
         widths: Sequence[float], *, alert_rows: Sequence[int] = ()) -> Table:
    """A table whose headings repeat on every page it runs onto; cells wrap."""
    scale = CONTENT_WIDTH / sum(widths)
    data = [[text(h, s.cell_head) for h in headings]]
    data += [[text(value, s.cell) for value in row] for row in rows]
    table = Table(data, colWidths=[w * scale for w in widths], repeatRows=1, hAlign="LEFT")
    commands: list[Any] = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
                           ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                           ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE])]
    commands += [("TEXTCOLOR", (0, r + 1), (-1, r + 1), ALERT) for r in alert_rows]
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


def signature(who: str, s: Styles) -> KeepTogether:
    """Lines for a signature and a date, kept together on one page."""
    line = "_" * 34
    return KeepTogether([Spacer(1, s.size * 1.5),
                         text(f"Signed {line}   Date ______________", s.body),
                         text(who, s.small)])


def gap(s: Styles, lines: float = 0.6) -> Flowable:
    """Vertical space, in lines of body text."""
    return Spacer(1, s.size * 1.3 * lines)

