"""The main window around the caseload: its columns and filters, places, status line and the
layout it remembers."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from paclient.ui.caseload.table_model import CaseloadColumn
from paclient.ui.caseload.view import FIRST_PAGE
from paclient.ui.main_window import MainWindow
from paclient.ui.people.leaver import LeaverDialog


@pytest.fixture
def window(qtbot, app_ctx):
    main = MainWindow(app_ctx)
    qtbot.addWidget(main)
    main.show()
    main.start()
    return main


@pytest.fixture
def pip(app_ctx, today):
    """A NEET young person with an action due, looked after, in custody."""
    s = app_ctx.services
    person = s.people.add_person(given_name="Pip", family_name="Columns", gender="M",
                                 date_of_birth=dt.date(2008, 10, 1), school_name="Riverside")
    began = today - dt.timedelta(days=45)
    s.activities.record_activity(person.id, code="540", start_date=began,
                                 date_ascertained=began, neet_start_date=began)
    plan = s.plans.start_plan(person.id, started_on=today)
    s.plans.add_action(plan.id, description="Visit the college", owner="young_person",
                       due_on=today + dt.timedelta(days=7))
    s.safeguarding.add_characteristic(person.id, code="110", start_date=dt.date(2020, 1, 1))
    s.custody.admit(person.id, establishment="HMYOI Example", admitted_on=today)
    return person.id


def shown(window, person_id, column):
    model = window.caseload.model
    [line] = [r for r in range(model.rowCount()) if model.row_at(r).id == person_id]
    return model.index(line, column).data()


def test_the_table_shows_days_neet_next_action_and_flags(window, pip, today):
    window.caseload.reload()
    assert shown(window, pip, CaseloadColumn.DAYS_NEET) == "45"
    due = today + dt.timedelta(days=7)
    assert shown(window, pip, CaseloadColumn.NEXT_ACTION) == f"{due:%d/%m/%Y}"
    assert shown(window, pip, CaseloadColumn.FLAGS) == "LAC, Custody"


def test_filters_narrow_the_caseload_and_combine(window, demo_rows, pip):
    view = window.caseload
    view.reload()
    total = view.visible_row_count()
    view.filters.group.setCurrentIndex(view.filters.group.findData("neet"))
    neet = view.visible_rows()
    assert 0 < len(neet) < total and all(r.activity_group == "neet" for r in neet)
    view.filters.flag.setCurrentIndex(view.filters.flag.findData("custody"))
    assert [r.id for r in view.visible_rows()] == [pip]
    assert "shown of" in view.status_text()
    for box in view.filters.boxes():
        box.setCurrentIndex(0)
    assert view.visible_row_count() == total


def test_quick_search_keeps_the_filters_and_sort(window, demo_rows):
    view = window.caseload
    view.reload()
    view.table.sortByColumn(CaseloadColumn.AGE, Qt.SortOrder.AscendingOrder)
    family = demo_rows[0].family_name
    view.search_box.setText(family[:4])
    kept = view.visible_rows()
    assert kept and all(family[:4].casefold() in (r.family_name + " " + r.given_name + " "
                                                  + (r.school_name or "")).casefold()
                        or r.postcode for r in kept)
    births = [r.date_of_birth for r in kept]
    assert births == sorted(births, reverse=True)  # youngest first, as sorted before searching


def test_a_large_caseload_shows_a_first_page_then_everyone(qtbot, app_ctx, monkeypatch):
    calls = []
    caseload = app_ctx.services.caseload
    real = caseload.rows
    monkeypatch.setattr(caseload, "rows", lambda **kw: calls.append(kw) or real(**kw))
    from paclient.services.demo.build import build_demo
    build_demo(app_ctx.services.ctx, people=FIRST_PAGE + 20, seed=3, contacts_per_person=1)
    main = MainWindow(app_ctx)
    qtbot.addWidget(main)
    main.caseload.reload()
    assert calls == [{"limit": FIRST_PAGE}, {}]
    assert main.caseload.visible_row_count() == caseload.count()


def test_places_are_reached_from_the_bar_and_the_keyboard(window):
    window.place_actions[2].trigger()
    assert window.places.currentWidget() is window.sync
    assert "Changes not sent yet" in window.sync.summary.text()
    window.place_actions[1].trigger()
    assert window.places.currentWidget() is window.team
    window.search_action.trigger()
    assert window.places.currentIndex() == 0 and window.caseload.search_box.hasFocus()
    shortcuts = {a.shortcut().toString() for a in window.place_actions}
    assert shortcuts == {"Ctrl+1", "Ctrl+2", "Ctrl+3"}


def test_the_status_line_counts_changes_not_sent(window, app_ctx):
    before = window.status_line.status.unsent
    app_ctx.services.people.add_person(given_name="New", family_name="Unsent", gender="F",
                                       date_of_birth=dt.date(2010, 1, 1))
    window.status_line.refresh()
    assert window.status_line.status.unsent > before
    assert "not sent" in window.status_line.sync_state.text()
    assert "Unlocked" in window.status_line.lock_state.text()
    window.show_lock_warning(30)
    assert "30" in window.status_line.lock_state.text()
    window.clear_lock_warning()
    assert "Unlocked" in window.status_line.lock_state.text()


def test_the_window_and_column_layout_is_remembered(qtbot, app_ctx):
    first = MainWindow(app_ctx)
    qtbot.addWidget(first)
    first.resize(900, 600)
    first.split.setSizes([300, 600])
    header = first.caseload.table.horizontalHeader()
    header.resizeSection(CaseloadColumn.SCHOOL, 333)
    first.close()  # saved as it closes
    second = MainWindow(app_ctx)
    qtbot.addWidget(second)
    assert second.caseload.table.horizontalHeader().sectionSize(CaseloadColumn.SCHOOL) == 333
    assert second.layout_state()["main.split"] == first.layout_state()["main.split"]


def test_the_young_people_menu_adds_someone_and_opens_their_record(window, app_ctx):
    from paclient.ui.forms import set_date

    form = window.new_person()
    for name, value in {"given_name": "Rhys", "family_name": "Menu", "postcode": "SW1A 1AA"
                        }.items():
        form.text[name].setText(value)
    set_date(form.date_of_birth, dt.date(2009, 10, 12))
    form.gender.setEditText("Male")
    form.accept()
    assert [r.family_name for r in window.caseload.visible_rows()].count("Menu") == 1
    [record] = window.records
    assert "Rhys Menu" in record.banner.text()
    assert window.new_person_action.shortcut().toString() == "Ctrl+Shift+N"


def test_a_leaver_notice_needs_one_person_selected(window, app_ctx, pip):
    window.caseload.reload()
    assert window.for_selected(lambda *_a: None) is None  # nobody selected: says so
    assert "Select one" in window.statusBar().currentMessage()
    view = window.caseload
    [line] = [r for r in range(view.model.rowCount()) if view.model.row_at(r).id == pip]
    view.table.selectRow(line)
    window.leaver_action.trigger()
    [leaver] = window.findChildren(LeaverDialog)
    assert leaver.isVisible() and leaver.person_id == pip
    leaver.close()
