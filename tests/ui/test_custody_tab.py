"""The record's custody tab: episodes, the resettlement checklist, liaison, the transfer pack,
release and admission, each driven through the tab's widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog, QFormLayout, QMessageBox

from paclient.ui.forms import set_date
from paclient.ui.person.custody_tab import CustodyTab

D = dt.date
SITE = "HMYOI Brimstone Fell"


@pytest.fixture(autouse=True)
def no_error_boxes(monkeypatch):
    """A refusal must land beside its field: an error box would fail the test (not hang it)."""
    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: boxes.append(a[2]))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self.text()))
    yield
    assert boxes == []


@pytest.fixture
def answers(monkeypatch):
    """Answers the confirmation boxes give, in order; the questions asked are kept."""
    given = {"answers": [], "asked": []}

    def question(_parent, _title, text, *rest):
        given["asked"].append(text)
        return given["answers"].pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    return given


@pytest.fixture
def person(app_ctx):
    return app_ctx.services.people.add_person(given_name="Ezra", family_name="Sallow",
                                              date_of_birth=D(2009, 7, 7), gender="M",
                                              lead_la="886").id


@pytest.fixture
def episode(app_ctx, person):
    custody = app_ctx.services.custody
    admitted = custody.admit(person, establishment=SITE, admitted_on=D(2026, 9, 1),
                             expected_release_on=D(2027, 3, 1), home_la="886")
    custody.tick(admitted.id, "cv", D(2026, 10, 1))
    return admitted.id


def open_tab(qtbot, app_ctx, person) -> CustodyTab:
    tab = CustodyTab(app_ctx, person)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def cells(table, row):
    model = table.model()
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_the_tab_shows_the_episode_and_its_checklist(qtbot, app_ctx, person, episode):
    tab = open_tab(qtbot, app_ctx, person)

    assert cells(tab.episodes, 0) == [SITE, "01/09/2026", "01/03/2027", "in custody", "886"]
    assert tab.checklist.model().rowCount() == 8
    assert cells(tab.checklist, 0) == ["✓", "CV", "01/10/2026"]
    assert cells(tab.checklist, 7) == ["", "Advice on disclosing offences", ""]
    assert "1 of 8" in tab.progress.text() and "not yet" in tab.progress.text()
    assert not tab.admit_button.isEnabled() and tab.release_button.isEnabled()


def test_relevance_is_a_cheap_read_of_the_custody_service(app_ctx, person):
    assert not app_ctx.services.custody.has_episodes(person)
    app_ctx.services.custody.admit(person, establishment=SITE, admitted_on=D(2026, 9, 1))
    assert app_ctx.services.custody.has_episodes(person)


def test_admission_is_refused_beside_its_fields_then_saved(qtbot, app_ctx, person):
    tab = open_tab(qtbot, app_ctx, person)
    assert "No custody episode" in tab.progress.text()
    assert tab.admit_button.isEnabled() and not tab.tick_button.isEnabled()
    form = tab.admit()
    assert form.home_la.currentData() == "886"  # the lead LA
    set_date(form.admitted_on, D(2026, 11, 1))
    set_date(form.expected_release_on, D(2026, 10, 1))
    form.accept()
    assert form.error_text("establishment") == "is required"
    assert form.error_text("expected_release_on") == "cannot be before the day after admission"
    assert form.isVisible() and form.home_la.currentData() == "886"
    form.establishment.setText(SITE)
    set_date(form.expected_release_on, D(2027, 5, 1))
    form.accept()

    assert form.result() == QDialog.DialogCode.Accepted
    assert cells(tab.episodes, 0) == [SITE, "01/11/2026", "01/05/2027", "in custody", "886"]
    assert not tab.admit_button.isEnabled() and tab.tick_button.isEnabled()


def test_ticking_the_chosen_item(qtbot, app_ctx, person, episode):
    tab = open_tab(qtbot, app_ctx, person)
    tab.checklist.selectRow(2)
    form = tab.tick()
    assert form.item.currentData() == "job_search"
    set_date(form.on, D(2026, 8, 1))  # before the admission
    form.accept()
    assert form.error_text("on") == "cannot be before the admission"
    assert form.item.currentData() == "job_search"
    set_date(form.on, D(2026, 11, 2))
    form.accept()

    assert form.result() == QDialog.DialogCode.Accepted
    assert cells(tab.checklist, 2) == ["✓", "Job search", "02/11/2026"]
    assert "2 of 8" in tab.progress.text()


def test_changing_the_day_of_a_done_item_asks_first(qtbot, app_ctx, person, episode, answers):
    tab = open_tab(qtbot, app_ctx, person)
    tab.checklist.selectRow(0)
    form = tab.tick()
    set_date(form.on, D(2026, 10, 5))
    answers["answers"] = [QMessageBox.StandardButton.No]
    form.accept()
    assert form.isVisible() and "CV was marked done on 01/10/2026" in answers["asked"][0]
    assert cells(tab.checklist, 0)[2] == "01/10/2026"
    answers["answers"] = [QMessageBox.StandardButton.Yes]
    form.accept()
    assert cells(tab.checklist, 0)[2] == "05/10/2026"


def test_liaison_and_the_transfer_pack_are_recorded(qtbot, app_ctx, person, episode):
    tab = open_tab(qtbot, app_ctx, person)
    form = tab.liaison()
    form.accept()
    assert form.error_text("contact") == "is required" and form.isVisible()
    form.contact.setText("Resettlement officer, Kent")
    form.accept()
    assert "22/11/2026, with Resettlement officer, Kent" in tab.progress.text()

    pack = tab.transfer_pack()
    set_date(pack.on, D(2026, 12, 1))  # tomorrow is not yet
    pack.accept()
    assert pack.error_text("on") == "cannot be in the future"
    set_date(pack.on, D(2026, 11, 20))
    pack.accept()
    assert "transfer pack sent 20/11/2026" in tab.progress.text()


def test_release_asks_first_then_ends_the_episode(qtbot, app_ctx, person, episode, answers):
    tab = open_tab(qtbot, app_ctx, person)
    form = tab.release()
    set_date(form.on, D(2026, 11, 21))
    answers["answers"] = [QMessageBox.StandardButton.No]
    form.accept()
    assert form.isVisible() and "ends the custody episode" in answers["asked"][0]
    assert app_ctx.services.custody.episodes(person)[0].released_on is None
    answers["answers"] = [QMessageBox.StandardButton.Yes]
    form.accept()

    assert cells(tab.episodes, 0)[3] == "21/11/2026"
    assert tab.admit_button.isEnabled() and not tab.release_button.isEnabled()


@pytest.mark.parametrize("opener", ["admit", "tick", "liaison", "transfer_pack", "release"])
def test_every_field_is_named_and_reached_by_its_mnemonic(qtbot, app_ctx, person, episode,
                                                          opener):
    tab = open_tab(qtbot, app_ctx, person)
    form = getattr(tab, opener)()
    labels = [form.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
              for row in range(form.form.rowCount())]
    assert set(form.fields.values()) <= {item.widget().buddy() for item in labels if item}
    assert all(widget.accessibleName() for widget in form.fields.values())
    for button in (tab.admit_button, tab.tick_button, tab.liaison_button, tab.pack_button,
                   tab.release_button):
        assert "&" in button.text() and button.accessibleName()
