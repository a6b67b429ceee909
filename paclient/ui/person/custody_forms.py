"""The custody tab's forms: admission, a resettlement item done, pre-release liaison with the
home LA, the education transfer pack, and the release (which asks first: it ends the episode)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QWidget

from paclient.services.casework.custody import CHECKLIST
from paclient.services.casework.records import CustodyEpisodeRecord
from paclient.services.changes import Changes
from paclient.ui.context import AppContext
from paclient.ui.forms import (
    FormDialog,
    british,
    choose,
    chosen,
    date_edit,
    date_of,
    picker,
    set_date,
)

translate = QCoreApplication.translate


def item_label(item: str) -> str:
    """What the resettlement checklist calls `item`."""
    labels = {"cv": translate("custody", "CV"),
              "interview_skills": translate("custody", "Interview skills"),
              "job_search": translate("custody", "Job search"),
              "learning_provider": translate("custody", "Learning provider"),
              "housing": translate("custody", "Housing"),
              "benefits_and_debt": translate("custody", "Benefits and debt"),
              "bank_account": translate("custody", "Bank account"),
              "disclosure_advice": translate("custody", "Advice on disclosing offences")}
    return labels.get(item, item.replace("_", " ").capitalize())


class CustodyForm(FormDialog):
    """A form about one custody episode; every change touches this person's record."""

    def __init__(self, ctx: AppContext, title: str, episode: CustodyEpisodeRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, episode.person_id, parent)
        self.episode = episode
        self.on = date_edit(self, ctx.services.today())

    def published(self, result: Any) -> Changes:
        return Changes(people=True, person_id=self.person_id)  # the caseload flags custody


class AdmitForm(FormDialog):
    """A new custody episode: where, since when, expected release, home LA."""

    def __init__(self, ctx: AppContext, person_id: uuid.UUID, home_la: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("AdmitForm", "Admit to custody"), person_id, parent)
        book, today = ctx.services.codebook, ctx.services.today()
        self.establishment = QLineEdit(self)
        self.admitted_on = date_edit(self, today)
        self.expected_release_on = date_edit(self, None, optional=True)
        self.home_la = picker(self, [(e.code, f"{e.code} {e.label}")
                                     for e in book.codes("la", today)], optional=True)
        choose(self.home_la, home_la)
        self.add_field("establishment", self.tr("&Establishment:"), self.establishment)
        self.add_field("admitted_on", self.tr("&Admitted on:"), self.admitted_on)
        self.add_field("expected_release_on", self.tr("E&xpected release:"),
                       self.expected_release_on)
        self.add_field("home_la", self.tr("&Home LA:"), self.home_la)

    def values(self) -> dict[str, Any]:
        return {"establishment": self.establishment.text().strip(),
                "admitted_on": date_of(self.admitted_on),
                "expected_release_on": date_of(self.expected_release_on),
                "home_la": chosen(self.home_la) or self.home_la.currentText().strip() or None}

    def save(self, values: dict[str, Any]) -> CustodyEpisodeRecord:
        assert self.person_id is not None
        return self.ctx.services.custody.admit(self.person_id, **values)

    def published(self, result: Any) -> Changes:
        return Changes(people=True, person_id=self.person_id)


class TickForm(CustodyForm):
    """A resettlement item done on a day; changing a day already recorded asks first."""

    def __init__(self, ctx: AppContext, episode: CustodyEpisodeRecord, item: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("TickForm", "Resettlement item done"), episode, parent)
        self.item = QComboBox(self)
        for code in CHECKLIST:
            self.item.addItem(item_label(code), code)
        choose(self.item, item or next((c for c in CHECKLIST if c not in episode.checklist),
                                       CHECKLIST[0]))
        self.add_field("item", self.tr("&Item:"), self.item)
        self.add_field("on", self.tr("&Done on:"), self.on)

    def values(self) -> dict[str, Any]:
        return {"item": self.item.currentData(), "on": date_of(self.on)}

    def save(self, values: dict[str, Any]) -> CustodyEpisodeRecord:
        return self.ctx.services.custody.tick(self.episode.id, **values)

    def accept(self) -> None:
        done = self.episode.checklist.get(self.item.currentData())
        if done is not None and done != date_of(self.on) and QMessageBox.question(
                self, self.tr("Change the day?"),
                self.tr("{0} was marked done on {1}. Record {2} instead?").format(
                    self.item.currentText(), british(done), british(date_of(self.on)))) \
                != QMessageBox.StandardButton.Yes:
            return
        super().accept()


class LiaisonForm(CustodyForm):
    """Pre-release liaison with the home LA: when, and with whom."""

    def __init__(self, ctx: AppContext, episode: CustodyEpisodeRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("LiaisonForm", "Pre-release liaison"), episode, parent)
        if episode.pre_release_liaison_on is not None:
            set_date(self.on, episode.pre_release_liaison_on)
        self.contact = QLineEdit(episode.liaison_contact or "", self)
        self.add_field("on", self.tr("&On:"), self.on)
        self.add_field("contact", self.tr("&With (name and role):"), self.contact)

    def values(self) -> dict[str, Any]:
        return {"on": date_of(self.on), "contact": self.contact.text().strip()}

    def save(self, values: dict[str, Any]) -> CustodyEpisodeRecord:
        return self.ctx.services.custody.record_liaison(self.episode.id, **values)


class TransferPackForm(CustodyForm):
    """The day the education transfer pack was sent."""

    def __init__(self, ctx: AppContext, episode: CustodyEpisodeRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("TransferPackForm", "Education transfer pack sent"),
                         episode, parent)
        self.add_field("on", self.tr("&Sent on:"), self.on)

    def values(self) -> dict[str, Any]:
        return {"on": date_of(self.on)}

    def save(self, values: dict[str, Any]) -> CustodyEpisodeRecord:
        return self.ctx.services.custody.record_transfer_pack(self.episode.id, **values)


class ReleaseForm(CustodyForm):
    """The release, which ends the episode: confirmed before it is saved."""

    def __init__(self, ctx: AppContext, episode: CustodyEpisodeRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, translate("ReleaseForm", "Release from custody"), episode, parent)
        self.add_field("on", self.tr("&Released on:"), self.on)

    def values(self) -> dict[str, Any]:
        return {"on": date_of(self.on)}

    def save(self, values: dict[str, Any]) -> CustodyEpisodeRecord:
        return self.ctx.services.custody.release(self.episode.id, **values)

    def accept(self) -> None:
        if QMessageBox.question(
                self, self.tr("Record the release?"),
                self.tr("Record the release from {0} on {1}? This ends the custody episode: "
                        "resettlement work after that day cannot be added to it.").format(
                    self.episode.establishment, british(date_of(self.on)))) \
                == QMessageBox.StandardButton.Yes:
            super().accept()
