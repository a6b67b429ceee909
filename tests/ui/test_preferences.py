"""File > Preferences: the idle lock time, shown as kept, bounded, saved and announced."""

from __future__ import annotations

import pytest

from paclient.services.preferences import IDLE_LOCK
from paclient.ui.main_window import MainWindow
from paclient.ui.preferences import PreferencesDialog


@pytest.fixture
def window(qtbot, app_ctx):
    main = MainWindow(app_ctx)
    qtbot.addWidget(main)
    main.show()
    return main


def open_preferences(window) -> PreferencesDialog:
    window.preferences_action.trigger()  # the inline runner reads what is kept at once
    [dialog] = window.findChildren(PreferencesDialog)
    assert dialog.isVisible()
    return dialog


def test_the_form_shows_the_kept_time_within_its_bounds(window, app_ctx):
    app_ctx.services.preferences.set_idle_lock_minutes(15)

    dialog = open_preferences(window)

    spin = dialog.idle_lock
    assert spin.value() == 15 and (spin.minimum(), spin.maximum()) == (1, 60)
    assert spin.accessibleName() == "Lock after no use for"


def test_typing_past_the_bounds_stays_within_them(window, qtbot):
    spin = open_preferences(window).idle_lock
    spin.selectAll()
    qtbot.keyClicks(spin, "90")
    spin.interpretText()
    assert spin.value() <= 60
    spin.setValue(5)
    spin.stepBy(-10)
    assert spin.value() == 1


def test_saving_keeps_the_time_and_tells_the_app(window, app_ctx, qtbot):
    dialog = open_preferences(window)
    dialog.idle_lock.setValue(25)

    with qtbot.waitSignal(window.idle_lock_changed) as changed:
        dialog.save_button.click()

    assert changed.args == [25]
    assert app_ctx.services.preferences.idle_lock_minutes() == 25
    assert not dialog.isVisible()


def test_a_refused_time_is_said_beside_the_field_and_nothing_is_kept(window, app_ctx, qtbot):
    dialog = open_preferences(window)
    dialog.idle_lock.setRange(0, 100)  # as if the form let a bad value through
    dialog.idle_lock.setValue(0)
    announced = []
    window.idle_lock_changed.connect(announced.append)

    dialog.save_button.click()

    assert "from 1 to 60" in dialog.error_text(IDLE_LOCK)
    assert dialog.isVisible() and announced == []
    assert app_ctx.services.preferences.idle_lock_minutes() == 10


def test_preferences_are_on_the_file_menu(window):
    [file_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    assert window.preferences_action in file_menu.actions()
