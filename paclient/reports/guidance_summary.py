"""The guidance summary a young person takes home: what we talked about and agreed, when we
meet next, and who else can help. Written for a 14-year-old: plain words, short lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether

from paclient.reports.layout import render_people
from paclient.reports.parts import (
    Styles,
    facts,
    gap,
    grid,
    heading,
    letterhead_block,
    long_date,
    text,
)
from paclient.services.documents.records import GuidanceSummaryDoc, UsefulContact

TITLE = "Your guidance summary"
EMERGENCY = "If you or someone else is in danger right now, call 999."
FREE_CALLS = "Calling 111, or a number that starts 0800, 0808 or 116, is free."


def build(docs: Sequence[GuidanceSummaryDoc], *, large_print: bool = False,
          progress: Callable[[], None] | None = None) -> bytes:
    """One PDF holding each guidance summary, each from a new page."""
    return render_people(TITLE, docs, _flowables, large_print=large_print, progress=progress)


def _flowables(doc: GuidanceSummaryDoc, s: Styles) -> list[Flowable]:
    h = doc.header
    out: list[Flowable] = [
        letterhead_block(h.letterhead, s), gap(s), text(TITLE, s.title),
        facts([("For", h.person_name), ("We met on", _when(doc.met_at)),
               ("How", doc.method), ("Where", doc.setting),
               ("Your adviser", h.adviser.name)], s, label_width=s.size * 9)]
    out += _talked_about(doc, s)
    if doc.own_words:
        out += [*heading("In your own words", s), text(doc.own_words, s.body)]
    out += _agreed(doc, s)
    out += [*heading("Your next appointment", s), *_next(doc.next_appointment, s)]
    out += _useful_contacts(doc, s)
    return out


def _when(moment: dt.datetime) -> str:
    return f"{moment:%A} {long_date(moment.date())} at {moment:%H:%M}"


def _talked_about(doc: GuidanceSummaryDoc, s: Styles) -> list[Flowable]:
    out: list[Flowable] = heading("What we talked about", s)
    out += [text(topic, _bullet(s)) for topic in doc.topics]
    if doc.discussion:
        out += [gap(s, 0.3), text(doc.discussion, s.body)]
    for written_on, note in doc.added_later:
        out += [text(f"Added on {long_date(written_on)}:", s.label), text(note, s.body)]
    if not (doc.topics or doc.discussion or doc.added_later):
        out.append(text("Nothing written down.", s.body))
    return out


def _agreed(doc: GuidanceSummaryDoc, s: Styles) -> list[Flowable]:
    out: list[Flowable] = heading("What we agreed", s)
    if doc.agreed:
        out.append(text(doc.agreed, s.body))
    if doc.actions:
        rows = [(a.description, a.who, f"Was due {long_date(a.due_on)}" if a.overdue
                 else long_date(a.due_on)) for a in doc.actions]
        late = [i for i, a in enumerate(doc.actions) if a.overdue]
        out += [text("Things to do:", s.label),
                grid(["What", "Who", "By when"], rows, s, (50, 25, 25), alert_rows=late)]
    elif not doc.agreed:
        out.append(text("Nothing to do for now.", s.body))
    return out


def _next(moment: dt.datetime | None, s: Styles) -> list[Flowable]:
    if moment is None:
        return [text("We have not set a date yet. Your adviser will get in touch.", s.body)]
    return [text(_when(moment), s.label), gap(s, 0.3),
            text("If you cannot come, please tell your adviser.", s.body)]


def _useful_contacts(doc: GuidanceSummaryDoc, s: Styles) -> list[Flowable]:
    h = doc.header
    adviser = [h.adviser.name]
    adviser += [f"Phone {h.adviser.phone}"] if h.adviser.phone else []
    adviser += [f"Email {h.adviser.email}"] if h.adviser.email else []
    office = [h.letterhead.authority]
    office += [f"Phone {h.letterhead.phone}"] if h.letterhead.phone else []
    office += [f"Email {h.letterhead.email}"] if h.letterhead.email else []
    out: list[Flowable] = [*heading("Useful contacts", s), _block("Your adviser", adviser, s),
                           _block("Our office", office, s)]
    if doc.useful_contacts:
        out += [*heading("Other people who can help", s), text(FREE_CALLS, s.body)]
        out += [_block(c.name, [c.helps_with, *_reach(c)], s) for c in doc.useful_contacts]
    out += [gap(s, 0.5), text(EMERGENCY, s.label)]
    return out


def _reach(contact: UsefulContact) -> list[str]:
    return ([f"Phone {contact.phone}"] if contact.phone else []) + \
        ([f"Website {contact.web}"] if contact.web else [])


def _block(name: str, lines: list[str], s: Styles) -> Flowable:
    """A name in bold with its lines under it, never split across pages."""
    return KeepTogether([gap(s, 0.4), text(name, s.label), text("\n".join(lines), s.body)])


def _bullet(s: Styles) -> ParagraphStyle:
    return ParagraphStyle("bullet", parent=s.body, leftIndent=s.size * 1.4,
                          bulletIndent=s.size * 0.3, bulletFontName=s.body.fontName,
                          bulletFontSize=s.size, bulletText="•", spaceAfter=s.size * 0.15)
