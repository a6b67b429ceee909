"""The record's custody tab: each custody episode, and for the chosen one the resettlement
checklist, pre-release liaison with the home LA, the education transfer pack and the release.

The record shows this tab only when it is relevant: `CustodyService.has_episodes(person_id)`
is the cheap check to make in the record's read (or the adviser chooses "Admit to custody").
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from paclient.services.casework.custody import CHECKLIST
from paclient.services.casework.records import CustodyEpisodeRecord
from paclient.ui.context import AppContext
from paclient.ui.forms import FormDialog, british
from paclient.ui.person.custody_forms import (
    AdmitForm,
    LiaisonForm,
    ReleaseForm,
    TickForm,
    TransferPackForm,
    item_label,
)
from paclient.ui.person.tab import RecordTab
from paclient.ui.rows_model import Column, RowsTable

translate = QCoreApplication.translate


@dataclass(frozen=True, slots=True)
class CustodyData:
    """What the tab shows, read in one go."""

    episodes: list[CustodyEpisodeRecord]  # newest first
    lead_la: str | None  # the usual home LA of a new episode


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    """One resettlement item of the chosen episode."""

    item: str
    done_on: dt.date | None


class CustodyTab(RecordTab):
    """Custody episodes of one young person, and the work towards a planned release."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, person_id, parent)
        self.data: CustodyData | None = None
        self.form: FormDialog | None = None
        self.episodes: RowsTable = RowsTable(_episode_columns(), self.tr("Custody episodes"),
                                             self)
        self.checklist: RowsTable = RowsTable(_checklist_columns(),
                                              self.tr("Resettlement checklist"), self)
        self.progress = QLabel(self)
        self.progress.setWordWrap(True)
        self.progress.setAccessibleName(self.tr("Liaison and transfer pack"))
        self.admit_button = self._button(self.tr("Ad&mit to custody…"), self.admit)
        self.tick_button = self._button(self.tr("Mark item d&one…"), self.tick)
        self.liaison_button = self._button(self.tr("Pre-release &liaison…"), self.liaison)
        self.pack_button = self._button(self.tr("&Transfer pack sent…"), self.transfer_pack)
        self.release_button = self._button(self.tr("&Release…"), self.release)
        self.episodes.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # newest first, as read
        self.checklist.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # checklist order
        self.checklist.activated.connect(lambda _index: self.tick())
        self._lay_out()

    def read(self) -> CustodyData:
        services = self.ctx.services
        person = services.people.get(self.person_id, audited=False)  # the record is open
        return CustodyData(services.custody.episodes(self.person_id), person.lead_la)

    def show_data(self, data: CustodyData) -> None:
        chosen = self.episode()
        self.data = data
        self.episodes.show_rows(data.episodes)
        row = next((i for i, e in enumerate(data.episodes) if chosen and e.id == chosen.id), 0)
        if data.episodes:
            self.episodes.selectRow(row)
        self._show_episode()

    def episode(self) -> CustodyEpisodeRecord | None:
        """The episode chosen in the list (the newest until another is chosen)."""
        chosen: CustodyEpisodeRecord | None = self.episodes.chosen()
        return chosen

    # --- the forms ----------------------------------------------------------------------------

    def admit(self) -> FormDialog:
        """Open the admission form, the home LA defaulting to the person's lead LA."""
        lead_la = self.data.lead_la if self.data else None
        return self._open(AdmitForm(self.ctx, self.person_id, lead_la, self))

    def tick(self) -> FormDialog:
        """Open the form for a checklist item done (the chosen item, else the first not done)."""
        line: ChecklistLine | None = self.checklist.chosen()
        return self._open(TickForm(self.ctx, self._episode(), line.item if line else None,
                                   self))

    def liaison(self) -> FormDialog:
        """Open the pre-release liaison form."""
        return self._open(LiaisonForm(self.ctx, self._episode(), self))

    def transfer_pack(self) -> FormDialog:
        """Open the transfer pack form."""
        return self._open(TransferPackForm(self.ctx, self._episode(), self))

    def release(self) -> FormDialog:
        """Open the release form (it asks before ending the episode)."""
        return self._open(ReleaseForm(self.ctx, self._episode(), self))

    def _episode(self) -> CustodyEpisodeRecord:
        episode = self.episode()
        assert episode is not None  # the buttons are disabled without one
        return episode

    def _open(self, form: FormDialog) -> FormDialog:
        self.form = form
        form.finished.connect(form.deleteLater)
        form.open()
        return form

    # --- what is shown ------------------------------------------------------------------------

    def _show_episode(self) -> None:
        episode = self.episode()
        episodes = self.data.episodes if self.data else []
        self.admit_button.setEnabled(all(e.released_on is not None for e in episodes))
        for button in (self.tick_button, self.liaison_button, self.pack_button):
            button.setEnabled(episode is not None)
        self.release_button.setEnabled(episode is not None and episode.released_on is None)
        done = episode.checklist if episode else {}
        self.checklist.show_rows([ChecklistLine(i, done.get(i)) for i in CHECKLIST]
                                 if episode else [])
        self.progress.setText(self._progress_html(episode))

    def _progress_html(self, episode: CustodyEpisodeRecord | None) -> str:
        if episode is None:
            return self.tr("No custody episode recorded.")
        liaison = (self.tr("Pre-release liaison with the home LA: {0}, with {1}.").format(
            british(episode.pre_release_liaison_on), escape(episode.liaison_contact or ""))
            if episode.pre_release_liaison_on else
            self.tr("Pre-release liaison with the home LA: <b>not yet</b>."))
        pack = (self.tr("Education transfer pack sent {0}.").format(
            british(episode.transfer_pack_sent_on)) if episode.transfer_pack_sent_on else
            self.tr("Education transfer pack: <b>not sent</b>."))
        done = len(episode.checklist)
        return "<br>".join((self.tr("{0} of {1} resettlement items done.").format(
            done, len(CHECKLIST)), liaison, pack))

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda: slot())
        return button

    def _lay_out(self) -> None:
        self.episodes.selectionModel().selectionChanged.connect(self._show_episode)
        top = QHBoxLayout()
        top.addWidget(self.admit_button)
        top.addStretch(1)
        work = QGroupBox(self.tr("Resettlement of the chosen episode"), self)
        buttons = QHBoxLayout()
        for button in (self.tick_button, self.liaison_button, self.pack_button,
                       self.release_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        inner = QVBoxLayout(work)
        inner.addWidget(self.progress)
        inner.addLayout(buttons)
        inner.addWidget(self.checklist)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.episodes, 1)
        layout.addWidget(work, 3)


def _date_column(heading: str, day: Callable[[CustodyEpisodeRecord], dt.date | None],
                 empty: str = "") -> Column[CustodyEpisodeRecord]:
    return Column(heading, lambda e: british(day(e), empty),
                  lambda e: (day(e) or dt.date.max).isoformat())


def _episode_columns() -> list[Column[CustodyEpisodeRecord]]:
    return [Column(translate("CustodyTab", "Establishment"), lambda e: e.establishment),
            _date_column(translate("CustodyTab", "Admitted"), lambda e: e.admitted_on),
            _date_column(translate("CustodyTab", "Expected release"),
                         lambda e: e.expected_release_on),
            _date_column(translate("CustodyTab", "Released"), lambda e: e.released_on,
                         translate("CustodyTab", "in custody")),
            Column(translate("CustodyTab", "Home LA"), lambda e: e.home_la or "")]


def _checklist_columns() -> list[Column[ChecklistLine]]:
    return [Column(translate("CustodyTab", "Done"),
                   lambda c: "✓" if c.done_on else "", lambda c: c.done_on is not None),
            Column(translate("CustodyTab", "Item"), lambda c: item_label(c.item)),
            Column(translate("CustodyTab", "Done on"), lambda c: british(c.done_on),
                   lambda c: (c.done_on or dt.date.max).isoformat())]
