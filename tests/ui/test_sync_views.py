"""The Sync place's lists without a hub: hub answers are taken in as the engine takes them
(`acknowledge`), then Combine, Keep the hub's and Discard are driven through the widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from paclient.models import new_id
from paclient.storage import outbox
from paclient.sync.acknowledge import acknowledge
from paclient.ui.main_window import MainWindow
from paclient.ui.sync import conflicts_view
from paclient.ui.sync.states import StateBadge


@pytest.fixture
def boxes(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kw: shown.append(args[2]) or QMessageBox.StandardButton.Yes)
    return shown


@pytest.fixture
def answered(services):
    """Two people: the hub kept another postcode for the first, and rejected the second."""
    people = [services.people.add_person(given_name=name, family_name="Example", gender="F",
                                         date_of_birth=dt.date(2009, 1, 1))
              for name in ("Ann", "Bo")]
    with services.ctx.read() as session:
        inserts = {p.row_id: p for p in outbox.pending(session, limit=1000)}
    services.people.update_person(people[0].id, postcode="ME14 1XX")
    with services.ctx.read() as session:
        [update] = [p for p in outbox.pending(session, limit=1000) if p.op == "update"]
    with services.ctx.write.begin() as session:
        acknowledge(session, [
            {"change_id": str(inserts[people[0].id].change_id), "status": "applied", "rev": 10,
             "reason": None, "conflicts": []},
            {"change_id": str(update.change_id), "status": "conflict", "rev": 12, "reason": None,
             "conflicts": [{"conflict_id": str(new_id()), "field": "postcode",
                            "device_value": "ME14 1XX", "hub_value": "CT1 1AA", "hub_rev": 11}]},
            {"change_id": str(inserts[people[1].id].change_id), "status": "rejected",
             "rev": None, "reason": "out of scope", "conflicts": []}])
    return people


@pytest.fixture
def window(qtbot, app_ctx):
    main = MainWindow(app_ctx)
    qtbot.addWidget(main)
    main.show()
    return main


def test_combine_starts_from_both_values_and_resolves_with_the_edit(window, answered,
                                                                    monkeypatch, boxes):
    started = []

    def combine(parent, row):
        started.append((row.conflict.device_value, row.conflict.hub_value))
        return "ME14 1AA"

    monkeypatch.setattr(conflicts_view, "ask_combined", combine)
    window.status_line.refresh()  # the answers were taken in behind the window's back
    window.go_to(2)
    conflicts = window.sync.conflicts
    assert [r.person_name for r in conflicts.rows] == ["Ann Example"]
    assert window.sync.lists.tabText(0) == "Con&flicts (1)"
    conflicts.combine.click()
    assert started == [("ME14 1XX", "CT1 1AA")] and conflicts.rows == []
    assert conflicts.empty.isVisibleTo(conflicts)
    assert window._ctx.services.people.get(answered[0].id, audited=False).postcode == "ME14 1AA"
    assert "Postcode of Ann Example" in window.sync.result.text() and boxes == []


def test_keep_the_hubs_asks_first_and_a_no_changes_nothing(window, answered, monkeypatch,
                                                          services):
    window.go_to(2)
    conflicts = window.sync.conflicts
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    conflicts.keep_hub.click()
    assert len(conflicts.rows) == 1
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    conflicts.keep_hub.click()
    assert conflicts.rows == [] and services.conflicts.open_conflicts() == []
    assert services.people.get(answered[0].id, audited=False).postcode == "CT1 1AA"


def test_discard_is_refused_where_something_would_be_lost(window, answered, boxes):
    window.go_to(2)
    attention = window.sync.attention
    [row] = attention.rows
    assert (row.person_name, row.reason) == ("Bo Example", "out of scope")
    attention.discard.click()
    assert "The hub will never receive it" in boxes[0]
    assert "cannot be discarded" in boxes[1]  # the one error presenter said why
    assert len(attention.rows) == 1


def test_the_badge_and_state_column_follow_the_record(qtbot, window, answered, app_ctx):
    window.go_to(2)
    badge = StateBadge(app_ctx, answered[1].id)
    qtbot.addWidget(badge)
    assert badge.text() == "Sync: Needs attention"
    window.caseload.reload()
    window.states.load_visible()
    model = window.caseload.model
    states = {model.row_at(r).id: model.index(r, 9).data() for r in range(model.rowCount())}
    assert states == {answered[0].id: "Conflict", answered[1].id: "Needs attention"}
    window.sync.attention.send_again.click()
    assert badge.text() == "Sync: Not sent"


def test_sync_place_controls_have_names_and_no_hub_is_said(window, boxes):
    window.go_to(2)
    place = window.sync
    for widget in place.findChildren(QWidget):
        if widget.focusPolicy() != widget.focusPolicy().NoFocus and widget.isVisibleTo(place):
            assert widget.accessibleName(), widget
    assert window.sync.sync_action.shortcut().toString() == "F5"
    window.sync.sync_action.trigger()
    assert "No hub address is set" in place.result.text() and boxes == []
