"""The pieces every form and tab shares: British dates, pickers, the rows model."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from paclient.ui.forms import chosen, code_entries, date_edit, date_of, picker, set_date
from paclient.ui.rows_model import RECORD_ROLE, SORT_ROLE, Column, RowsModel, RowsTable

COLUMNS = [Column("Name", lambda r: r[0]), Column("Born", lambda r: f"{r[1]:%d/%m/%Y}",
                                                    lambda r: r[1].isoformat())]
ROWS = [("Ann", dt.date(2009, 12, 1)), ("Bo", dt.date(2010, 1, 2)), ("Cy", dt.date(2008, 5, 3))]


def test_the_rows_model_passes_the_model_tester(qtmodeltester):
    model = RowsModel(COLUMNS)
    qtmodeltester.check(model)
    model.set_rows(ROWS)
    qtmodeltester.check(model)


def test_rows_sort_by_their_key_not_their_text(qtbot):
    table = RowsTable(COLUMNS, "People")
    qtbot.addWidget(table)
    table.show_rows(ROWS)
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    proxy = table.model()
    assert [proxy.index(r, 0).data() for r in range(3)] == ["Cy", "Ann", "Bo"]
    assert proxy.index(0, 1).data(SORT_ROLE) == "2008-05-03"
    table.selectRow(2)
    assert table.chosen() == ROWS[1] == proxy.index(2, 0).data(RECORD_ROLE)


def test_dates_are_shown_and_read_the_british_way(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    edit = date_edit(parent, dt.date(2026, 12, 3))
    assert edit.text() == "03/12/2026"
    assert date_of(edit) == dt.date(2026, 12, 3)
    optional = date_edit(parent, None, optional=True)
    assert date_of(optional) is None and optional.text().strip() == ""
    set_date(optional, dt.date(2027, 1, 31))
    assert date_of(optional) == dt.date(2027, 1, 31)


def test_a_picker_shows_national_codes_with_their_number(qtbot, services):
    parent = QWidget()
    qtbot.addWidget(parent)
    entries = code_entries(services.ctx.codebook, "activity", dt.date(2026, 12, 3))
    box = picker(parent, entries, optional=True)
    assert box.itemData(0) is None
    neet = next(label for code, label in entries if code == "540")
    assert neet.startswith("540 ")
    box.setEditText(neet)
    assert chosen(box) == "540"
    box.setEditText("no such code")
    assert chosen(box) is None


def test_a_form_label_is_the_buddy_of_its_field_so_its_mnemonic_works(qtbot, app_ctx):
    from PySide6.QtWidgets import QLabel, QLineEdit

    from paclient.ui.forms import FormDialog

    form = FormDialog(app_ctx, "Example", None)
    qtbot.addWidget(form)
    field = form.add_field("name", "&Name:", QLineEdit(form))
    [label] = [w for w in form.findChildren(QLabel) if w.text() == "&Name:"]
    assert label.buddy() is field and field.accessibleName() == "Name"


def test_a_form_closed_by_the_app_never_waits_on_a_question(qtbot, app_ctx, monkeypatch):
    from PySide6.QtWidgets import QLineEdit, QMessageBox

    from paclient.ui.forms import FormDialog

    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a))
    form = FormDialog(app_ctx, "Example", None)
    qtbot.addWidget(form)
    field = form.add_field("name", "&Name:", QLineEdit(form))
    form.values = lambda: {"name": field.text()}  # type: ignore[method-assign]
    form.show()
    field.setText("typed")
    form.close()  # as the idle lock closes every window: not the adviser's own close
    assert asked == [] and form.isHidden()
    form.show()
    form.reject()  # Escape or Cancel: the adviser's own, so they are asked
    assert len(asked) == 1
