"""The CAF referral: what an agency receives when a young person is referred to it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import zip_longest
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Table

from paclient.reports.layout import FOOTER_HEIGHT, HEADER_HEIGHT, Page, Section, render
from paclient.reports.parts import (
    CONTENT_WIDTH,
    MARGIN,
    PAGE_HEIGHT,
    SHADE,
    Styles,
    facts,
    gap,
    grid,
    letterhead_block,
    long_date,
    make_styles,
    none_recorded,
    short_date,
    signature,
    text,
)
from paclient.services.referral_document_records import (
    AssessmentSummary,
    CafEpisodeLine,
    CafReferralDoc,
)

TITLE = "CAF referral"
FACTOR_WIDTHS = (45, 35, 94)
FACTS_VALUE_WIDTH = CONTENT_WIDTH - 62 * mm - 6  # parts.facts: label 62 mm, padding
BODY_HEIGHT = PAGE_HEIGHT - 2 * MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT
CELL_PADDING = 12  # a grid cell's left and right padding together


def build(docs: Sequence[CafReferralDoc], *, large_print: bool = False,
          progress: Callable[[], None] | None = None) -> bytes:
    """One PDF holding each referral, each from a new page with its own page numbers."""
    if not docs:
        raise ValueError("no referrals to print")
    s = make_styles(large_print=large_print)
    first = docs[0].header
    page = Page(TITLE, first.letterhead, first.printed_on, s.size)
    return render((Section(d.header.person_name, _flowables(d, s),
                           f"Born {short_date(d.header.date_of_birth)}") for d in docs),
                  page, progress)


def _flowables(doc: CafReferralDoc, s: Styles) -> list[Flowable]:
    h, r = doc.header, doc.referral
    out: list[Flowable] = [letterhead_block(h.letterhead, s), gap(s),
                           text(f"Referral to {r.service}", s.title),
                           facts([("Young person", h.person_name),
                                  ("Date of birth", long_date(h.date_of_birth)),
                                  ("Printed on", long_date(h.printed_on))], s)]
    out += _sensitivity_note(doc, s)
    out += [text("The referral", s.heading), _long_facts([
        ("Referred to", r.service), ("Route", r.route), ("Date sent", long_date(r.sent_on)),
        ("Reason for referral", r.reason or "not recorded"),
        ("Consent reference", r.consent_reference or "not recorded"),
        ("Follow-up due", long_date(r.follow_up_due))], s)]
    out += [text("The young person", s.heading), _person(doc, s)]
    out += [text("CAF episode", s.heading), *_episode(doc.episode, s)]
    out += [text("Assessment summary", s.heading), *_assessment(doc.assessment, s)]
    out.append(KeepTogether([text("Referred by", s.heading), _referrer(doc, s),
                             signature(f"{h.adviser.name}, Personal Adviser, for "
                                       f"{h.letterhead.authority}", s)]))
    return out


def _subheading(label: str, s: Styles) -> Flowable:
    """A bold line kept on the same page as the table it names."""
    style = ParagraphStyle("subheading", parent=s.label, keepWithNext=True,
                           spaceBefore=s.size * 0.6, spaceAfter=s.size * 0.2)
    return text(label, style)


def _sensitivity_note(doc: CafReferralDoc, s: Styles) -> list[Flowable]:
    if doc.sensitive_included:
        return [gap(s, 0.4), text("This referral includes sensitive information. "
                                  "Share it only with the people who need it.", s.label)]
    if doc.left_out:
        items = "item is" if doc.left_out == 1 else "items are"
        return [gap(s, 0.4), text(f"{doc.left_out} sensitive {items} not shown on this "
                                  "referral. Ask the Personal Adviser if you need them.", s.body)]
    return []


def _person(doc: CafReferralDoc, s: Styles) -> Flowable:
    p, h = doc.person, doc.header
    rows: list[tuple[str, object]] = [("Name", h.person_name)]
    rows += [("Known as", p.preferred_name)] if p.preferred_name else []
    rows += [("Date of birth", long_date(h.date_of_birth)),
             ("Address", "\n".join(p.address) or "not recorded")]
    rows += [("Telephone", p.phone)] if p.phone else []
    rows += [("Email", p.email)] if p.email else []
    rows += [("School", p.school or "not recorded"),
             ("Current activity", p.current_activity or "not shown")]
    rows += [("Provider", p.provider)] if p.provider else []
    return _long_facts(rows, s)


def _episode(episode: CafEpisodeLine | None, s: Styles) -> list[Flowable]:
    if episode is None:
        return [text("This referral was not made through a CAF episode.", s.body)]
    consent = (f"{episode.consent_given_by}, on {long_date(episode.consent_on)}"
               if episode.consent_given_by and episode.consent_on else "not recorded")
    rows: list[tuple[str, object]] = [
        ("Opened", long_date(episode.opened_on)), ("Consent to share given by", consent),
        ("Agencies consent covers", "\n".join(episode.consent_agencies) or "none named"),
        ("Lead professional", episode.lead_professional or "not named yet")]
    rows += [("Next review", long_date(episode.review_on))] if episode.review_on else []
    rows += [("Closed", long_date(episode.closed_on))] if episode.closed_on else []
    out: list[Flowable] = [_long_facts(rows, s),
                           _subheading("Team Around the Child meetings", s)]
    if not episode.meetings:
        return [*out, none_recorded("meetings", s)]
    return [*out, _long_grid(["Date", "Who attended", "Actions agreed"],
                             [(short_date(m.held_on), m.attendees, m.actions or "-")
                              for m in episode.meetings], s, _meeting_widths(s))]


def _meeting_widths(s: Styles) -> tuple[float, float, float]:
    """Column widths in points: the date on one line, the rest shared out."""
    date = stringWidth("00/00/0000", s.cell.fontName, s.cell.fontSize) + 14
    rest = CONTENT_WIDTH - date
    return date, rest * 0.4, rest * 0.6


def _assessment(summary: AssessmentSummary | None, s: Styles) -> list[Flowable]:
    if summary is None:
        return [none_recorded("assessment", s)]
    out: list[Flowable] = [_long_facts([("Assessed on", long_date(summary.assessed_on)),
                                        ("Level of need", summary.level_of_need),
                                        ("Summary", summary.summary or "none written")], s)]
    if not summary.areas:
        return [*out, text("No needs are shown for this assessment.", s.body)]
    for area in summary.areas:
        out += [_subheading(area.label, s),
                _long_grid(["Need", "Rating", "Notes"],
                           [(f.label, f"{f.rating} {f.rating_label}", f.note or "-")
                            for f in area.factors], s, FACTOR_WIDTHS)]
    return out


def _referrer(doc: CafReferralDoc, s: Styles) -> Flowable:
    h, letterhead = doc.header, doc.header.letterhead
    rows = [("Personal Adviser", h.adviser.name)]
    rows += [("Telephone", h.adviser.phone)] if h.adviser.phone else []
    rows += [("Email", h.adviser.email)] if h.adviser.email else []
    office = [letterhead.authority, *letterhead.address]
    office += [f"Telephone {letterhead.phone}"] if letterhead.phone else []
    rows.append(("Service", "\n".join(office)))
    return _long_facts(rows, s)


# --- long text ------------------------------------------------------------------------------
# A table row never splits across pages, so a note longer than a page would stop the
# document. Long values are cut at spaces into pieces of at most half a page, each piece in a
# row of its own below the first (no label, same shade), so they run on from page to page.


def _long_facts(rows: Sequence[tuple[str, object]], s: Styles) -> Table:
    """parts.facts, with long values continued in unlabelled rows."""
    split = _split_rows(rows, (0, FACTS_VALUE_WIDTH), s.body)[0]
    return facts([(label, value) for label, value in split], s)


def _long_grid(headings: Sequence[str], rows: Sequence[Sequence[object]], s: Styles,
               widths: Sequence[float]) -> Table:
    """parts.grid, with long cells continued in rows that keep their row's shade."""
    scale = CONTENT_WIDTH / sum(widths)
    cells, origin = _split_rows(rows, [w * scale - CELL_PADDING for w in widths], s.cell)
    table = grid(headings, cells, s, widths)
    if len(cells) > len(rows):
        commands: list[Any] = []
        for n, source in enumerate(origin, start=1):
            shade = colors.white if source % 2 == 0 else SHADE
            commands.append(("BACKGROUND", (0, n), (-1, n), shade))
            if n < len(origin) and origin[n] == source:  # hide the rule inside a row
                commands.append(("LINEBELOW", (0, n), (-1, n), 0.6, shade))
        table.setStyle(commands)
    return table


def _split_rows(rows: Sequence[Sequence[object]], widths: Sequence[float],
                style: ParagraphStyle) -> tuple[list[tuple[str, ...]], list[int]]:
    """The rows with long cells cut into pieces, and for each row out the row it came from."""
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
    """`value`, cut at spaces into pieces that each fill at most half a page `width` wide."""
    room = width * (BODY_HEIGHT / 2 / style.leading) * 0.8  # 0.8: ragged line ends
    pieces: list[str] = []
    current, used = "", 0.0
    for token, cost in _tokens(value, width, room, style):
        if used + cost > room and current.strip():
            pieces.append(current.strip())
            current, used = "", 0.0
        current, used = current + token, used + cost
    if not pieces:
        return [value]
    return [*pieces, current.strip()] if current.strip() else pieces


def _tokens(value: str, width: float, room: float,
            style: ParagraphStyle) -> Iterator[tuple[str, float]]:
    """Words, spaces and line ends with the width each takes; a line end takes a whole line,
    and a word too long for one piece comes in parts."""
    for token in re.findall(r"\n|[^\S\n]+|\S+", value):
        cost = width if token == "\n" else stringWidth(token, style.fontName, style.fontSize)
        step = len(token) if cost <= room else max(1, int(len(token) * room / cost))
        for start in range(0, len(token), step):
            part = token[start:start + step]
            yield part, (cost if step == len(token) else
                         stringWidth(part, style.fontName, style.fontSize))
