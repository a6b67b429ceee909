"""The new young person form: refusals beside fields, person and activity saved together,
the caseload showing them after, the keyboard moving through it in order."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from PySide6.QtWidgets import QFormLayout, QLabel, QMessageBox

from paclient.ui.forms import set_date
from paclient.ui.main_window import MainWindow
from paclient.ui.people.new_person import NewPersonDialog


def open_form(qtbot, app_ctx, parent=None) -> NewPersonDialog:
    form = NewPersonDialog(app_ctx, parent)
    if parent is None:
        qtbot.addWidget(form)
    form.show()
    return form


def fill(form: NewPersonDialog, **text: str) -> None:
    values = {"given_name": "Rhys", "family_name": "Newcomer", "postcode": "SW1A 1AA",
              "school_name": "Hillside Academy", **text}
    for name, value in values.items():
        form.text[name].setText(value)
    set_date(form.date_of_birth, dt.date(2009, 10, 12))
    form.gender.setEditText("Male")


def people(app_ctx) -> list[str]:
    return [r.family_name for r in app_ctx.services.caseload.rows()]


def test_refusals_show_beside_their_fields_and_keep_what_was_typed(qtbot, app_ctx):
    form = open_form(qtbot, app_ctx)
    form.text["given_name"].setText("Rhys")
    form.text["upn"].setText("A12345678901")  # 12 characters, not 13
    form.accept()

    assert form.error_text("family_name") == "is required"
    assert form.error_text("date_of_birth") == "is required"
    assert form.error_text("upn") != "" and form.error_text("given_name") == ""
    assert form.isVisible() and form.text["given_name"].text() == "Rhys"
    assert people(app_ctx) == []


def test_a_refused_activity_leaves_no_half_made_person(qtbot, app_ctx):
    form = open_form(qtbot, app_ctx)
    fill(form)
    form.code.setEditText(next(form.code.itemText(i) for i in range(form.code.count())
                               if form.code.itemText(i).startswith("280 ")))  # SEND only

    form.accept()

    assert "SEND" in form.error_text("code") and form.isVisible()
    assert people(app_ctx) == []
    form.send.setChecked(True)  # with an EHC plan, 280 is allowed
    form.accept()
    assert not form.isVisible() and people(app_ctx) == ["Newcomer"]


def test_a_saved_person_shows_on_the_caseload_and_their_record_opens(qtbot, app_ctx):
    main = MainWindow(app_ctx)
    qtbot.addWidget(main)
    main.caseload.reload()
    form = open_form(qtbot, app_ctx, main)
    fill(form, preferred_name="Ree", upn="", uln="")
    form.code.setEditText("619 Seeking employment, education or training")
    set_date(form.start_date, dt.date(2026, 11, 16))
    set_date(form.neet_start_date, dt.date(2026, 9, 1))

    with qtbot.waitSignal(form.saved) as saved:
        form.accept()

    person_id = saved.args[0]
    assert [r.id for r in main.caseload.visible_rows()] == [person_id]
    person = app_ctx.services.people.get(person_id, audited=False)
    assert (person.preferred_name, person.gender, person.postcode, person.school_name) == (
        "Ree", "M", "SW1A 1AA", "Hillside Academy")
    current = app_ctx.services.activities.current(person_id)
    assert (current.code, current.neet_start_date, current.date_ascertained) == (
        "619", dt.date(2026, 9, 1), dt.date(2026, 11, 22))
    main.open_record(person_id)
    [record] = main.records
    assert "Rhys Newcomer" in record.banner.text()
    main.close()


def test_tab_follows_the_layout_and_each_label_moves_to_its_field(qtbot, app_ctx):
    form = open_form(qtbot, app_ctx)
    fields = list(form.fields.values())
    for before, after in pairwise(fields):
        assert next_focus(before) is after or after.isAncestorOf(next_focus(before))
    buddies = [form.form.itemAt(row, QFormLayout.ItemRole.LabelRole) for row in
               range(form.form.rowCount())]
    linked = [item.widget().buddy() for item in buddies
              if item is not None and isinstance(item.widget(), QLabel)]
    assert [w for w in linked if w is not None] == fields
    assert all(w.accessibleName() for w in fields)


def test_cancelling_with_something_typed_asks_first(qtbot, app_ctx, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.No)
    form = open_form(qtbot, app_ctx)
    form.text["family_name"].setText("Half")
    form.reject()
    assert asked and form.isVisible()


def next_focus(widget):
    """The next widget Tab reaches from `widget` (skipping its own inner parts)."""
    step = widget.nextInFocusChain()
    while step is not widget and (widget.isAncestorOf(step)
                                  or step.focusPolicy().value == 0 or not step.isVisible()):
        step = step.nextInFocusChain()
    return step


def test_someone_on_record_already_is_refused_with_a_way_to_their_record(qtbot, app_ctx):
    """Issue 14, finding 4: the same names (any case or accents) and date of birth."""
    existing = app_ctx.services.people.add_person(
        given_name="Rhŷs", family_name="Newcomer", date_of_birth=dt.date(2009, 10, 12))
    main = MainWindow(app_ctx)
    qtbot.addWidget(main)
    form = main.new_person()
    fill(form, given_name="RHYS", family_name="newcomer")

    form.accept()

    said = form.error_text("date_of_birth")
    assert "already on record" in said and "Rh" not in said and "ewcomer" not in said
    shown = form.errors["date_of_birth"]  # wrapped over two lines, and shown whole
    assert shown.height() >= shown.heightForWidth(shown.width()) > shown.fontMetrics().height()
    assert form.isVisible() and form.open_existing.isVisible()
    assert people(app_ctx) == ["Newcomer"]
    form.open_existing.click()
    [record] = main.records
    assert "Rhŷs Newcomer" in record.banner.text() and form.existing == existing.id
    set_date(form.date_of_birth, dt.date(2009, 10, 13))  # born a day later: someone else
    with qtbot.waitSignal(form.saved):
        form.accept()
    assert sorted(people(app_ctx)) == ["Newcomer", "newcomer"]
    main.close()
