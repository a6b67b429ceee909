"""`paclient activity PERSON CODE --start ...` records through the form's service and rules
(issue 14): a Year 11 leaver's post-16 code on its boundary day, the form's defaults, and
refusals as sentences with exit code 1."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run_cli
from conftest import PASSPHRASE

from ccis import rules
from paclient.services.bundle import Services, open_services
from paclient.storage.store import Store

TODAY = dt.date.today()  # the command runs on the real date
LEAVER = dt.date(TODAY.year - 17, 3, 15)  # left Year 11 in June last year
LEAVING = rules.school_leaving_date(LEAVER)
DAY = dt.timedelta(days=1)


def _in_store(home: Path, work: Callable[[Services], Any]) -> Any:
    store = Store.unlock(home, PASSPHRASE)
    try:
        return work(open_services(store))
    finally:
        store.close()


@pytest.fixture
def person(home: Path, cli_env: dict[str, str]) -> uuid.UUID:
    """A Year 11 leaver of last June, in a store made by `paclient init`."""
    assert run_cli(cli_env, "init", "--name", "Pat Adviser").returncode == 0
    return _in_store(home, lambda s: s.people.add_person(
        given_name="Lee", family_name="Leaver", date_of_birth=LEAVER, gender="M").id)


def _history(home: Path, person: uuid.UUID) -> list[Any]:
    return list(_in_store(home, lambda s: s.activities.history(person)))


def test_finding_05_a_post16_code_from_the_day_after_leaving_school(home, cli_env, person):
    refused = run_cli(cli_env, "activity", person.hex[-8:], "310",
                      "--start", f"{LEAVING:%d/%m/%Y}")
    assert refused.returncode == 1, refused.stderr
    assert "code: activity 310 is a post-16 code" in refused.stderr
    assert _history(home, person) == []
    made = run_cli(cli_env, "activity", person.hex[-8:], "310",
                   "--start", f"{LEAVING + DAY:%d/%m/%Y}")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Activity 310 (Apprenticeship) from ")
    [recorded] = _history(home, person)
    assert (recorded.code, recorded.start_date, recorded.date_ascertained) == (
        "310", LEAVING + DAY, TODAY)  # ascertained defaults to today, as on the form


def test_a_neet_start_carries_on_the_current_neet_spell(home, cli_env, person):
    first, second = LEAVING + 10 * DAY, LEAVING + 40 * DAY
    for code, start in (("619", first), ("610", second)):
        done = run_cli(cli_env, "activity", str(person), code, "--start", f"{start:%d/%m/%Y}",
                       "--ascertained", f"{start:%d/%m/%Y}")
        assert done.returncode == 0, done.stderr
    assert [(a.code, a.neet_start_date) for a in _history(home, person)] == [
        ("610", first), ("619", first)]


SEPTEMBER = f"{dt.date(LEAVING.year, 9, 1):%d/%m/%Y}"  # the leaver's Year 12 begins


@pytest.mark.parametrize(("args", "code", "said"), [
    (["999", "--start", SEPTEMBER], 1, "code: '999' is not an activity code"),
    (["230", "--start", "31/02/2025"], 2, "DD/MM/YYYY"),
    (["260", "--start", SEPTEMBER], 1, "review_date: is required for activity 260"),
    (["230", "--start", SEPTEMBER, "--verified", f"{TODAY + DAY:%d/%m/%Y}"], 1,
     "date_verified: cannot be in the future"),
])
def test_refusals_are_sentences_and_write_nothing(home, cli_env, person, args, code, said):
    refused = run_cli(cli_env, "activity", str(person), *args)
    assert refused.returncode == code and said in refused.stderr, refused.stderr
    assert _history(home, person) == []


def test_help_lists_the_command(cli_env):
    shown = run_cli(cli_env, "--help")
    assert "activity" in shown.stdout
    usage = run_cli(cli_env, "activity", "--help").stdout
    assert all(flag in usage for flag in ("--start", "--ascertained", "--verified",
                                          "--neet-start", "--predicted-end", "--review"))
