"""Locking: after idle time (with a warning first) or on demand, the store closes and the
passphrase is asked again; cancelling quits."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import PASSPHRASE
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from paclient.desktop import Session
from paclient.errors import StoreLocked
from paclient.services.bundle import open_services
from paclient.services.casework.drafts import draft_key
from paclient.ui.lock import IdleLocker
from paclient.ui.preferences import PreferencesDialog
from paclient.ui.unlock import UnlockDialog


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def locker(qtbot, clock) -> IdleLocker:
    made = IdleLocker(idle_seconds=600, warn_seconds=60, clock=clock)
    made.start()
    yield made
    made.stop()


def press_a_key() -> None:
    target = QApplication.instance()
    QApplication.sendEvent(target, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                             Qt.KeyboardModifier.NoModifier, "a"))


def test_idle_time_warns_in_the_last_minute_then_locks(locker, clock, qtbot):
    warned, idle = [], []
    locker.warned.connect(warned.append)
    locker.idle.connect(lambda: idle.append(True))
    clock.now += 500
    locker.tick()
    assert warned == [] and idle == []
    clock.now += 45  # 55 s left
    locker.tick()
    assert warned == [55] and idle == []
    clock.now += 55
    locker.tick()
    assert idle == [True]


def test_a_key_press_during_the_warning_starts_the_count_again(locker, clock):
    resumed = []
    locker.resumed.connect(lambda: resumed.append(True))
    clock.now += 590
    locker.tick()
    press_a_key()
    assert resumed == [True] and locker.seconds_left() == 600


def test_a_short_idle_lock_warns_in_its_last_half(qtbot, clock):
    locker = IdleLocker(idle_seconds=60, warn_seconds=60, clock=clock)
    warned = []
    locker.warned.connect(warned.append)
    clock.now += 20
    locker.tick()
    assert warned == []
    clock.now += 15  # 25 s left
    locker.tick()
    assert warned == [25]


@pytest.fixture
def session(qtbot, tasks, store, home, clock):
    made = Session(home, tasks, store, IdleLocker(clock=clock))
    made.show()
    yield made
    made.close()


def test_lock_now_closes_the_store_and_the_passphrase_opens_it_again(session, monkeypatch):
    first_window, first_store = session.window, session.store
    asked = []

    def ask(parent, tasks, attempt):
        asked.append(True)
        assert session.window is None  # nothing of the caseload is on screen
        return attempt(PASSPHRASE)

    monkeypatch.setattr(UnlockDialog, "ask", ask)
    first_window.lock_action.trigger()

    assert asked and session.store is not first_store
    assert session.window is not None and session.window is not first_window
    with pytest.raises(StoreLocked):  # the old store's key is gone: it cannot be read
        with first_store.read() as db:
            db.execute(text("SELECT 1")).all()


def test_idle_lock_then_cancel_quits_the_app(session, clock, monkeypatch):
    quit_called = []
    monkeypatch.setattr(UnlockDialog, "ask", lambda *args: None)
    monkeypatch.setattr(QApplication, "quit", lambda: quit_called.append(True))
    clock.now += 601
    session.locker.tick()
    assert quit_called == [True] and session.store is None and session.window is None


def test_the_window_says_when_it_will_lock(session, clock):
    clock.now += 570
    session.locker.tick()
    assert "Locking in 30 seconds" in session.window.statusBar().currentMessage()
    press_a_key()
    assert session.window.statusBar().currentMessage() == ""


def test_a_note_being_typed_survives_the_lock_as_a_draft(session, monkeypatch):
    person = open_services(session.store).people.add_person(
        given_name="Dee", family_name="Draft", date_of_birth=dt.date(2009, 1, 2), gender="F").id
    session.window.open_record(person)
    form = session.window.records[0].new_contact()
    form.discussion.setPlainText("Typed just before lunch")
    monkeypatch.setattr(UnlockDialog, "ask", lambda parent, tasks, attempt: attempt(PASSPHRASE))

    session.locker.idle.emit()

    kept = open_services(session.store).drafts.load(draft_key("contact", person))
    assert kept is not None and kept.fields["discussion"] == "Typed just before lunch"


def test_the_idle_lock_waits_as_long_as_the_advisers_preference(qtbot, tasks, store, home,
                                                                clock):
    open_services(store).preferences.set_idle_lock_minutes(2)
    made = Session(home, tasks, store, IdleLocker(clock=clock))
    made.show()
    try:
        assert made.locker.seconds_left() == 120
    finally:
        made.close()


def test_a_time_chosen_in_preferences_applies_at_once(session, clock, monkeypatch):
    session.window.preferences_action.trigger()
    [dialog] = session.window.findChildren(PreferencesDialog)
    dialog.idle_lock.setValue(3)
    dialog.save_button.click()
    assert session.locker.seconds_left() == 180
    asked = []
    monkeypatch.setattr(UnlockDialog, "ask", lambda *args: asked.append(True))
    monkeypatch.setattr(QApplication, "quit", lambda: None)

    clock.now += 179
    session.locker.tick()
    assert asked == []
    clock.now += 1
    session.locker.tick()
    assert asked == [True]  # locked after three minutes, not ten
