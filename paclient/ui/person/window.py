"""A young person's record: the banner, what to know first, the contacts, and printing.

The banner keeps the staff-safety warning and an information-sharing refusal in plain view.
The Print button makes any of the person's documents: the activity record, the action plan,
the guidance summary of the chosen session, the CAF referral of the latest referral.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from paclient import printing
from paclient.printing import Printed
from paclient.services.casework.records import ContactRecord
from paclient.services.changes import Changes
from paclient.services.people.overview import RecordOverview
from paclient.ui.context import AppContext
from paclient.ui.errors import show_error
from paclient.ui.person.activity_tab import ActivityTab
from paclient.ui.person.approaching_18_tab import Approaching18Tab
from paclient.ui.person.consent_tab import ConsentTab
from paclient.ui.person.contact_form import ContactForm
from paclient.ui.person.contacts_tab import ContactsTab
from paclient.ui.person.custody_forms import AdmitForm
from paclient.ui.person.custody_tab import CustodyTab
from paclient.ui.person.details_tab import DetailsTab
from paclient.ui.person.history_tab import HistoryTab
from paclient.ui.person.plan_tab import PlanTab
from paclient.ui.person.referrals_tab import ReferralsTab
from paclient.ui.printing.dialog import PrintDialog
from paclient.ui.sync.states import StateBadge

DATE = "%d/%m/%Y"
WARNING_STYLE = "background: #fde8e8; color: #8a1020; padding: 6px; border-radius: 4px"
REFUSAL_STYLE = "background: #fff3d6; color: #6b4500; padding: 6px; border-radius: 4px"
Document = Callable[[bool, bool], Printed]  # (large print, include sensitive) -> the document


class RecordWindow(QWidget):
    """One young person's record, in a window of its own."""

    def __init__(self, ctx: AppContext, overview: RecordOverview,
                 parent: QWidget | None = None, **asks: Any) -> None:
        super().__init__(parent)
        self._ctx, self.overview, self._asks = ctx, overview, asks
        person = overview.person
        self.setWindowTitle(self.tr("{0} — record").format(person.display_name))
        self.banner = QLabel(self)
        self.banner.setAccessibleName(self.tr("About this young person"))
        self.banner.setWordWrap(True)
        self.contacts = ContactsTab(ctx, person.id, self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Parts of the record"))
        self.tabs.addTab(QLabel(self), self.tr("&Overview"))
        self.details = DetailsTab(ctx, person.id, self)
        self.tabs.addTab(self.details, self.tr("De&tails"))
        self.activity = ActivityTab(ctx, person.id, self)
        self.tabs.addTab(self.activity, self.tr("Acti&vity and destinations"))
        self.tabs.addTab(self.contacts, self.tr("&Contacts and notes"))
        self.plan = PlanTab(ctx, person.id, self)
        self.tabs.addTab(self.plan, self.tr("Assessment and p&lan"))
        self.referrals = ReferralsTab(ctx, person.id, self)
        self.tabs.addTab(self.referrals, self.tr("&Referrals and CAF"))
        self.consent = ConsentTab(ctx, person.id, self)
        self.tabs.addTab(self.consent, self.tr("Consent and sharin&g"))
        self.custody: CustodyTab | None = None  # added when the person is or was in custody
        self.approaching_18: Approaching18Tab | None = None  # added while approaching 18
        self.history = HistoryTab(ctx, person.id, self)
        self.tabs.addTab(self.history, self.tr("Histor&y"))
        self.new_contact_button = QPushButton(self.tr("&New contact…"), self)
        self.new_contact_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_contact_button.clicked.connect(self.new_contact)
        self.form: ContactForm | None = None
        self.print_button = QToolButton(self)
        self.print_button.setText(self.tr("&Print"))
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setMenu(self._print_menu())
        self.alerts = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.alerts)
        self.admit_button = QPushButton(self.tr("Admit to c&ustody…"), self)
        self.admit_button.setAccessibleName(self.tr("Admit to custody"))
        self.admit_button.clicked.connect(self.admit_to_custody)
        actions = QHBoxLayout()
        actions.addWidget(self.new_contact_button)
        actions.addWidget(self.print_button)
        actions.addWidget(self.admit_button)
        actions.addStretch(1)
        self.sync_state = StateBadge(ctx, person.id, self)  # synced, not sent, conflict...
        actions.addWidget(self.sync_state)
        layout.addLayout(actions)
        layout.addWidget(self.tabs)
        self.show_overview(overview)
        ctx.changes.changed.connect(self._on_bus_changed)
        self.resize(980, 720)

    def show_overview(self, overview: RecordOverview) -> None:
        """Show `overview` (after a write to this person the record is read again)."""
        self.overview = overview
        self.banner.setText(_banner_html(overview))
        while (held := self.alerts.takeAt(0)) is not None:
            if (old := held.widget()) is not None:
                old.deleteLater()
        for note, style in _alerts(overview):
            alert = QLabel(note, self)
            alert.setWordWrap(True)
            alert.setStyleSheet(style)
            alert.setAccessibleName(note)
            self.alerts.addWidget(alert)
            alert.show()  # added to a window already on screen
        self.admit_button.setVisible(not overview.custody_known)
        if overview.custody_known and self.custody is None:
            self.custody = CustodyTab(self._ctx, overview.person.id, self)
            self.tabs.insertTab(self.tabs.indexOf(self.history), self.custody,
                                self.tr("C&ustody"))
        if self.approaching_18 is None and self._ctx.services.approaching_18.applies(
                overview.person.date_of_birth):
            self.approaching_18 = Approaching18Tab(
                self._ctx, overview.person.id,
                lambda: self.print_dialog("activity-record"), self)
            self.tabs.insertTab(self.tabs.indexOf(self.history), self.approaching_18,
                                self.tr("Approaching 1&8"))
        current = self.tabs.currentIndex()
        self.tabs.removeTab(0)
        self.tabs.insertTab(0, _overview_tab(overview, self), self.tr("&Overview"))
        self.tabs.setCurrentIndex(max(current, 0))
        self._enable_print_actions()

    # --- a new contact ------------------------------------------------------------------------

    def new_contact(self) -> ContactForm:
        """Open the new-contact form (one at a time); after saving, offer the summary."""
        if self.form is None:
            self.form = ContactForm(self._ctx, self._person_id,
                                    self.overview.person.display_name, self)
            self.form.saved.connect(self._on_contact_saved)
            self.form.finished.connect(self._on_form_closed)
        self.form.show()
        self.form.raise_()
        return self.form

    def _on_form_closed(self) -> None:
        self.form = None

    def admit_to_custody(self) -> AdmitForm:
        """The form admitting this person to custody; the Custody tab appears once saved."""
        form = AdmitForm(self._ctx, self._person_id, self.overview.person.lead_la, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.open()
        return form

    def _on_bus_changed(self, changes: Changes) -> None:
        if changes.person_id != self._person_id:
            return
        self._ctx.tasks.run(partial(self._ctx.services.overview.overview, self._person_id,
                                    audited=False),
                            on_done=self.show_overview, on_error=partial(show_error, self))

    def _on_contact_saved(self, contact: ContactRecord) -> None:
        self._ctx.tasks.run(partial(self._ctx.services.overview.overview, self._person_id,
                                    audited=False),  # the same open record, read again
                            on_done=partial(self._on_reloaded, contact.id),
                            on_error=partial(show_error, self))

    def _on_reloaded(self, contact_id: uuid.UUID, overview: RecordOverview) -> None:
        self.show_overview(overview)
        self.contacts.choose(contact_id)
        if self._offer_summary():
            self.print_dialog("guidance-summary", session=contact_id).open()

    def _offer_summary(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Guidance summary"),
            self.tr("The contact is saved. Print the guidance summary of this session for "
                    "{0} to take away?").format(self.overview.person.display_name))
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.form is not None:
            self.form.close()  # its draft is saved as it closes
        super().closeEvent(event)

    # --- printing ---------------------------------------------------------------------------

    def print_dialog(self, kind: str, *, session: uuid.UUID | None = None) -> PrintDialog:
        """The print dialog for one of this person's documents (see `print_menu`); for the
        guidance summary, `session` (else the chosen or latest session)."""
        titles = {"activity-record": self.tr("Activity record"),
                  "action-plan": self.tr("Action plan"),
                  "guidance-summary": self.tr("Guidance summary"),
                  "caf-referral": self.tr("CAF referral")}
        title, make = titles[kind], self._document(kind, session)

        def made(large: bool, sensitive: bool, _progress: printing.Progress,
                 _cancel: threading.Event) -> Printed:
            return make(large, sensitive)

        return PrintDialog(self._ctx, made, title=self.tr("Print: {0}").format(title),
                           what=self.tr("{0} for {1}.").format(
                               title, self.overview.person.display_name),
                           parent=self, **self._asks)

    def _document(self, kind: str, session: uuid.UUID | None) -> Document:
        """How to make document `kind`; what it needs from the widgets is read here, on the
        UI thread, never by the op that makes it."""
        if kind == "guidance-summary":
            return partial(self._guidance_summary, session or self.chosen_session())
        if kind == "caf-referral":
            return partial(self._caf_referral, self.overview.open_referrals[0].id)
        return self._activity_record if kind == "activity-record" else self._action_plan

    def _print_menu(self) -> QMenu:
        menu = QMenu(self)
        self.print_actions = {}
        for kind, text in (("activity-record", self.tr("&Activity record…")),
                           ("action-plan", self.tr("Action &plan…")),
                           ("guidance-summary", self.tr("&Guidance summary of the chosen "
                                                        "session…")),
                           ("caf-referral", self.tr("&CAF referral (latest referral)…"))):
            action = menu.addAction(text)
            action.triggered.connect(partial(self._open_print_dialog, kind))
            self.print_actions[kind] = action
        self._enable_print_actions()
        return menu

    def _enable_print_actions(self) -> None:
        self.print_actions["guidance-summary"].setEnabled(self.overview.last_session is not None)
        self.print_actions["caf-referral"].setEnabled(bool(self.overview.open_referrals)
                                                      and not self.overview.sharing_refused)

    def _open_print_dialog(self, kind: str) -> None:
        self.print_dialog(kind).open()

    def _activity_record(self, large: bool, sensitive: bool) -> Printed:
        return printing.activity_records(self._ctx.services.documents, [self._person_id],
                                         large_print=large, include_sensitive=sensitive)

    def _action_plan(self, large: bool, sensitive: bool) -> Printed:
        return printing.action_plan(self._ctx.services.guidance, self._person_id,
                                    large_print=large, include_sensitive=sensitive)

    def _guidance_summary(self, session: uuid.UUID, large: bool, sensitive: bool) -> Printed:
        return printing.guidance_summary(self._ctx.services.guidance, session,
                                         large_print=large, include_sensitive=sensitive)

    def _caf_referral(self, referral: uuid.UUID, large: bool, sensitive: bool) -> Printed:
        return printing.caf_referral(self._ctx.services.caf_referrals, referral,
                                     large_print=large, include_sensitive=sensitive)

    def chosen_session(self) -> uuid.UUID:
        """The contact chosen in the Contacts tab, else the latest attended session."""
        chosen = self.contacts.chosen_contact()
        if chosen is not None:
            return chosen
        session = self.overview.last_session
        assert session is not None  # the action is disabled without one
        return session.id

    @property
    def _person_id(self) -> uuid.UUID:
        return self.overview.person.id


def _banner_html(o: RecordOverview) -> str:
    p = o.person
    known = f" (known as {escape(p.preferred_name)})" if p.preferred_name else ""
    activity = (f"{escape(o.current.code)} {escape(o.current.label)}" if o.current
                else "no activity recorded")
    need = f"level of need {p.level_of_need}" if p.level_of_need else "level of need not set"
    flags = " · ".join(escape(f) for f in o.flags)
    return (f"<b style='font-size:15pt'>{escape(p.given_name)} {escape(p.family_name)}</b>"
            f"{known}<br>Born {p.date_of_birth:{DATE}} · Year {p.year_group} · {activity} · "
            f"{need}" + (f"<br>{flags}" if flags else ""))


def _alerts(o: RecordOverview) -> list[tuple[str, str]]:
    alerts = [(f"Staff safety: {w.text}", WARNING_STYLE) for w in o.warnings]
    if o.sharing_refused:
        alerts.append(("Information sharing refused: no referral that sends data can be made.",
                       REFUSAL_STYLE))
    return alerts


def _overview_tab(o: RecordOverview, parent: QWidget) -> QLabel:
    lines = []
    last = o.last_session
    if last is not None:
        lines.append(f"<h3>Last session, {last.occurred_at:{DATE}}</h3>"
                     f"<p>{escape(last.discussion)}</p>"
                     f"<p><b>Agreed:</b> {escape(last.agreed or 'nothing recorded')}</p>")
    else:
        lines.append("<h3>No session recorded yet</h3>")
    actions = "".join(f"<li>{escape(a.description)}, due {a.due_on:{DATE}}</li>"
                      for a in o.open_actions)
    lines.append(f"<h3>Open actions</h3><ul>{actions}</ul>" if actions
                 else "<h3>No open actions</h3>")
    review = f"{o.next_review_on:{DATE}}" if o.next_review_on else "no live plan"
    lines.append(f"<p><b>Next review:</b> {review}</p>")
    follow_ups = "".join(f"<li>{escape(r.service_label)}, follow-up due "
                         f"{r.follow_up_due:{DATE}}</li>" for r in o.open_referrals
                         if r.follow_up_due)
    if follow_ups:
        lines.append(f"<h3>Referrals waiting for an outcome</h3><ul>{follow_ups}</ul>")
    label = QLabel("".join(lines), parent)
    label.setWordWrap(True)
    label.setAccessibleName("Overview")
    label.setAlignment(Qt.AlignmentFlag.AlignTop)
    label.setMargin(12)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
