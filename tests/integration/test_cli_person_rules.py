"""`paclient person set` and the daily age-out through the command line, on the boundary days
of today's real date (the command line has no fake clock): the same rules as the form."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import PASSPHRASE

from ccis import rules
from paclient.services.bundle import open_services, register_adviser
from paclient.storage.store import Store

DAY = dt.timedelta(days=1)


def made_on(home: Path, day: dt.date, people: dict[str, dict[str, object]],
            pregnant: tuple[str, ...] = ()) -> dict[str, uuid.UUID]:
    """A store whose people were added on `day` (with characteristic 180 from `day` for
    those named in `pregnant`), closed again; their ids by name."""
    store, _ = Store.create(home, PASSPHRASE)
    try:
        register_adviser(store, username="pa.test", name="Pat Adviser")
        services = open_services(store, today=lambda: day)
        ids = {}
        for name, values in people.items():
            ids[name] = services.people.add_person(
                given_name=name, family_name="Cli", gender="F", **values).id
        for name in pregnant:
            services.safeguarding.add_characteristic(ids[name], code="180", start_date=day)
    finally:
        store.close()
    return ids


def show(env: dict[str, str], person: uuid.UUID) -> dict[str, object]:
    result = run_cli(env, "person", "show", str(person), "--json")
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


@pytest.fixture
def today() -> dt.date:
    return dt.date.today()


def test_records_past_their_age_out_birthday_become_a_when_paclient_opens(home, cli_env,
                                                                           today):
    ids = made_on(home, today - DAY, {
        "Twenty": {"date_of_birth": rules.birthday(today, -20)},
        "Nineteen": {"date_of_birth": rules.birthday(today + DAY, -20)}})
    assert show(cli_env, ids["Twenty"])["cohort_status"] == "A"
    assert show(cli_env, ids["Nineteen"])["cohort_status"] == "P"


@pytest.mark.parametrize("name", ["leaver_notified_on", "lda_completed_on",
                                  "confidentiality_explained_on"])
def test_set_refuses_a_date_after_today(home, cli_env, today, name):
    ids = made_on(home, today, {"Dated": {"date_of_birth": rules.birthday(today, -17)}})
    later = run_cli(cli_env, "person", "set", str(ids["Dated"]),
                    f"{name}={today + DAY:%d/%m/%Y}")
    assert later.returncode == 1 and f"{name}: cannot be in the future" in later.stderr
    assert show(cli_env, ids["Dated"])[name] is None
    now = run_cli(cli_env, "person", "set", str(ids["Dated"]), f"{name}={today:%d/%m/%Y}")
    assert now.returncode == 0, now.stderr
    assert show(cli_env, ids["Dated"])[name] == today.isoformat()


def test_set_checks_identifiers_gender_and_the_age_bounds(home, cli_env, today):
    ids = made_on(home, today, {"Many": {"date_of_birth": rules.birthday(today, -17)}},
                  pregnant=("Many",))
    person = str(ids["Many"])
    said = {value: run_cli(cli_env, "person", "set", person, value) for value in (
        "ccis_id=abc", "gender=M", f"date_of_birth={rules.birthday(today, -20):%d/%m/%Y}")}
    assert all(result.returncode == 1 for result in said.values())
    assert "ccis_id: must be 13 digits" in said["ccis_id=abc"].stderr
    assert "gender: cannot be M while characteristic 180" in said["gender=M"].stderr
    assert ("date_of_birth: gives an age of 20 or over: the caseload keeps young people to "
            "their 20th birthday") in said[next(v for v in said if v.startswith("date"))].stderr
    day_after = f"date_of_birth={rules.birthday(today + DAY, -20):%d/%m/%Y}"
    ok = run_cli(cli_env, "person", "set", person, "ccis_id=4440000123456", day_after)
    assert ok.returncode == 0, ok.stderr
    assert show(cli_env, ids["Many"])["ccis_id"] == "4440000123456"
