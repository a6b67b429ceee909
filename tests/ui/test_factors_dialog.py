"""File > Assessment factors: an administrator adds, renames, retires and deletes factors;
anyone else sees the list and why they cannot change it; the assessment form offers the
edited list."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from paclient.storage import store_settings
from paclient.ui.forms import choose
from paclient.ui.person.plan_forms import AssessmentForm
from paclient.ui.reference.factors import NOT_ADMIN, FactorsDialog


def be(app_ctx, role: str | None) -> None:
    """What the hub said at this laptop's last sign-in."""
    with app_ctx.services.ctx.write.begin() as session:
        store_settings.put(session, store_settings.HUB_ROLE, role)


@pytest.fixture
def yes(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)


def open_dialog(qtbot, app_ctx) -> FactorsDialog:
    dialog = FactorsDialog(app_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def row_of(dialog: FactorsDialog, label: str) -> int:
    model = dialog.table.model()
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == label)


def cells(dialog: FactorsDialog, label: str) -> list[str]:
    model, row = dialog.table.model(), row_of(dialog, label)
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_an_adviser_sees_the_list_but_cannot_change_it(qtbot, app_ctx):
    be(app_ctx, "adviser")
    dialog = open_dialog(qtbot, app_ctx)
    dialog.table.selectRow(0)

    assert dialog.about.text() == NOT_ADMIN
    assert dialog.table.model().rowCount() == 18
    assert not any(b.isEnabled() for b in (dialog.add_button, dialog.rename_button,
                                           dialog.retire_button, dialog.delete_button))


def test_an_administrator_adds_renames_retires_and_deletes(qtbot, app_ctx, yes):
    be(app_ctx, "admin")
    dialog = open_dialog(qtbot, app_ctx)
    form = dialog.add()
    form.label.setText("Housing")
    form.accept()
    assert form.error_text("label") == "another factor has this label"
    form.label.setText("Online safety")
    choose(form.area, "personal")
    form.sensitive.setChecked(True)
    form.accept()
    assert cells(dialog, "Online safety") == ["Online safety", "Personal and social development",
                                              "Sensitive", "Offered, added here"]

    dialog.table.selectRow(row_of(dialog, "Housing"))
    form = dialog.rename()
    form.label.setText("Housing and homelessness")
    form.accept()
    dialog.table.selectRow(row_of(dialog, "Community and social networks"))
    dialog.retire()
    assert cells(dialog, "Community and social networks")[3] == "Retired"
    assert dialog.reinstate_button.isEnabled() and not dialog.retire_button.isEnabled()
    dialog.grab().save("/tmp/i14-extras-factors-dialog.png")

    dialog.table.selectRow(row_of(dialog, "Online safety"))
    assert dialog.delete_button.isEnabled()
    dialog.delete()
    assert "Online safety" not in [dialog.table.model().index(r, 0).data()
                                   for r in range(dialog.table.model().rowCount())]


def test_the_assessment_form_offers_the_edited_list(qtbot, app_ctx):
    be(app_ctx, "admin")
    factors = app_ctx.services.factors
    factors.add(label="Online safety", area="personal")
    factors.rename("housing", "Housing and homelessness")
    factors.retire("community")
    person = app_ctx.services.people.add_person(
        given_name="Nia", family_name="Assess", date_of_birth=dt.date(2009, 3, 4),
        gender="F").id

    form = AssessmentForm(app_ctx, person, None)
    qtbot.addWidget(form)
    offered = set(form.ratings)

    assert "la_online_safety" in offered and "community" not in offered
    assert "housing" in offered
    assert form.ratings["housing"][0].accessibleName() == "Housing and homelessness: rating"
