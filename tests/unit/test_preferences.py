"""The adviser's preferences kept in the store: the idle lock time, bounded, and the layout;
and the authority's settings as the hub sent them (own LA, time rules)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import TODAY

from ccis.errors import ValidationError, ValidationErrors
from paclient.services.bundle import open_services
from paclient.services.preferences import IDLE_LOCK, IDLE_LOCK_DEFAULT
from paclient.storage import store_settings


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


# --- the authority's settings (issue 14, finding 12) -----------------------------------------

def _level_1_plan_review(services, today, given_name="Rowan"):
    person = services.people.add_person(given_name=given_name, family_name="Hask",
                                         date_of_birth=dt.date(2010, 5, 4), gender="M")
    services.plans.record_assessment(person.id, assessed_on=today, level_of_need=1,
                                     factors={"attendance": (2, "")})
    return services.plans.start_plan(person.id, started_on=today).next_review_on


def test_the_authoritys_settings_kept_in_the_store_apply_when_it_opens(services, store):
    assert _level_1_plan_review(services, TODAY) == TODAY + dt.timedelta(weeks=12)
    services.authority.keep({"review_weeks_level_1": "8", "own_la": "202"})

    reopened = open_services(store, today=lambda: TODAY)
    assert reopened.policy.review_weeks_level_1 == 8
    assert reopened.ctx.authority.own_la == "202"
    # the boundary: the 56th day, not the 84th
    assert _level_1_plan_review(reopened, TODAY, "Robin") == TODAY + dt.timedelta(days=56)


def test_settings_the_hub_sends_apply_at_once_to_every_service(services):
    services.authority.keep({"neet_currency_months": "2"})
    assert services.policy.neet_currency_months == 2
    assert services.activities._ctx.policy.neet_currency_months == 2  # one shared object
    services.authority.keep({})  # the hub dropped it: the default again
    assert services.policy.neet_currency_months == 3


def test_a_value_out_of_range_from_the_store_is_not_applied(services, store):
    services.authority.keep({"review_weeks_level_1": "27", "review_months_other": "12"})
    rows = {row.key: row for row in services.authority.rows()}
    assert (rows["review_weeks_level_1"].value, rows["review_weeks_level_1"].is_default) == (
        "12", True)
    assert (rows["review_months_other"].value, rows["review_months_other"].is_default) == (
        "12", False)
    assert open_services(store).policy.review_weeks_level_1 == 12


def test_only_a_laptop_signed_in_as_an_admin_may_change_them(services, store):
    with pytest.raises(ValidationErrors) as refused:
        services.authority.check_change({"review_weeks_level_1": "8"})
    assert refused.value.errors[0].rule == "admin_only"
    with store.write.begin() as session:
        store_settings.put(session, store_settings.HUB_ROLE, "admin")
    assert services.authority.check_change({"review_weeks_level_1": "26"}) == {
        "review_weeks_level_1": "26"}
    with pytest.raises(ValidationErrors) as out_of_range:
        services.authority.check_change({"review_weeks_level_1": "27", "own_la": "004"})
    assert [e.field for e in out_of_range.value.errors] == ["review_weeks_level_1", "own_la"]


# --- transfers to another LA (issue 14, finding 16) ------------------------------------------

@pytest.mark.parametrize(("code", "rule"), [
    ("004", "transfer_la_unknown"), ("202", "transfer_la_self"), ("999", "la_code")])
def test_a_transfer_to_004_the_own_la_or_no_la_is_refused_on_the_laptop(services, code, rule):
    services.authority.keep({"own_la": "202"})
    with pytest.raises(ValidationError) as refused:
        services.transfer.check_to_la(code)
    assert refused.value.rule == rule
    assert services.transfer.check_to_la("873") == "873"


def test_the_age_out_setting_decides_who_must_have_send(services):
    born = TODAY.replace(year=TODAY.year - 19)  # 19 today
    services.people.add_person(given_name="Alys", family_name="Rhys", date_of_birth=born,
                               gender="F")
    services.authority.keep({"age_out": "19"})
    with pytest.raises(ValidationErrors):  # aged out at 19 now (the rule's wording: finding 13)
        services.people.add_person(given_name="Bryn", family_name="Rhys", date_of_birth=born,
                                   gender="M")
    services.people.add_person(given_name="Cai", family_name="Rhys",  # 19 tomorrow
                               date_of_birth=born + dt.timedelta(days=1), gender="M")
