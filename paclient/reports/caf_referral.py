"""The CAF referral: what an agency receives when a young person is referred to it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether

from paclient.reports.layout import render_people
from paclient.reports.parts import (
    CONTENT_WIDTH,
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
from paclient.services.documents.records import AssessmentSummary, CafEpisodeLine, CafReferralDoc

TITLE = "CAF referral"
FACTOR_WIDTHS = (45, 35, 94)


def build(docs: Sequence[CafReferralDoc], *, large_print: bool = False,
          progress: Callable[[], None] | None = None) -> bytes:
    """One PDF holding each referral, each from a new page with its own page numbers."""
    return render_people(TITLE, docs, _flowables, large_print=large_print, progress=progress)


def _flowables(doc: CafReferralDoc, s: Styles) -> list[Flowable]:
    h, r = doc.header, doc.referral
    out: list[Flowable] = [letterhead_block(h.letterhead, s), gap(s),
                           text(f"Referral to {r.service}", s.title),
                           facts([("Young person", h.person_name),
                                  ("Date of birth", long_date(h.date_of_birth)),
                                  ("Printed on", long_date(h.printed_on))], s)]
    out += _sensitivity_note(doc, s)
    out += [*heading("The referral", s), facts([
        ("Referred to", r.service), ("Route", r.route), ("Date sent", long_date(r.sent_on)),
        ("Reason for referral", r.reason or "not recorded"),
        ("Consent reference", r.consent_reference or "not recorded"),
        ("Follow-up due", long_date(r.follow_up_due))], s)]
    out += [*heading("The young person", s), _person(doc, s)]
    out += [*heading("CAF episode", s), *_episode(doc.episode, s)]
    out += [*heading("Assessment summary", s), *_assessment(doc.assessment, s)]
    out.append(KeepTogether([*heading("Referred by", s), adviser_block(h, s),
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
    return facts(rows, s)


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
    out: list[Flowable] = [facts(rows, s),
                           _subheading("Team Around the Child meetings", s)]
    if not episode.meetings:
        return [*out, none_recorded("meetings", s)]
    return [*out, grid(["Date", "Who attended", "Actions agreed"],
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
    out: list[Flowable] = [facts([("Assessed on", long_date(summary.assessed_on)),
                                        ("Level of need", summary.level_of_need),
                                        ("Summary", summary.summary or "none written")], s)]
    if not summary.areas:
        return [*out, text("No needs are shown for this assessment.", s.body)]
    for area in summary.areas:
        out += [_subheading(area.label, s),
                grid(["Need", "Rating", "Notes"],
                           [(f.label, f"{f.rating} {f.rating_label}", f.note or "-")
                            for f in area.factors], s, FACTOR_WIDTHS)]
    return out
