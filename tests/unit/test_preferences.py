"""The adviser's preferences kept in the store: the idle lock time, bounded, and the layout."""

from __future__ import annotations

import pytest
from conftest import TODAY

from ccis.errors import ValidationErrors
from paclient.services.bundle import open_services
from paclient.services.preferences import IDLE_LOCK, IDLE_LOCK_DEFAULT


def test_the_idle_lock_is_ten_minutes_until_the_adviser_chooses(services):
    assert services.preferences.idle_lock_minutes() == IDLE_LOCK_DEFAULT == 10


def test_a_chosen_idle_lock_time_is_kept_in_the_store(services, store):
    assert services.preferences.set_idle_lock_minutes(25) == 25

    reopened = open_services(store, today=lambda: TODAY)
    assert reopened.preferences.idle_lock_minutes() == 25
    assert reopened.preferences.load()[IDLE_LOCK] == "25"


@pytest.mark.parametrize("minutes", [1, 60])
def test_the_bounds_themselves_are_allowed(services, minutes):
    services.preferences.set_idle_lock_minutes(minutes)
    assert services.preferences.idle_lock_minutes() == minutes


@pytest.mark.parametrize("minutes", [0, 61, -5, 1440, 1.5, "15", None, True])
def test_an_idle_lock_time_out_of_bounds_is_refused_clearly_and_not_kept(services, minutes):
    services.preferences.set_idle_lock_minutes(30)

    with pytest.raises(ValidationErrors) as refused:
        services.preferences.set_idle_lock_minutes(minutes)

    [error] = refused.value.errors
    assert (error.field, error.rule) == (IDLE_LOCK, "range")
    assert "whole number of minutes from 1 to 60" in error.message
    assert repr(minutes) in error.message  # says what was refused
    assert services.preferences.idle_lock_minutes() == 30


@pytest.mark.parametrize("kept", ["0", "999", "ten", ""])
def test_an_unreadable_kept_value_gives_the_default(services, kept):
    services.preferences.save({IDLE_LOCK: kept})  # as an older or damaged store might hold
    assert services.preferences.idle_lock_minutes() == IDLE_LOCK_DEFAULT


def test_saving_the_window_layout_keeps_the_idle_lock_time(services):
    services.preferences.set_idle_lock_minutes(5)
    services.preferences.save({"main.geometry": "AAAA", "main.split": "BBBB"})

    assert services.preferences.idle_lock_minutes() == 5
    assert services.preferences.load() == {IDLE_LOCK: "5", "main.geometry": "AAAA",
                                           "main.split": "BBBB"}
