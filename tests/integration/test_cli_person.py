"""`paclient person show|set` and `paclient note`, as real subprocesses."""

from __future__ import annotations

import json
import os

import pytest
from cli_runner import run_cli
from conftest import PASSPHRASE


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("person") / "home"
    env = {**os.environ, "PACLIENT_HOME": str(home), "PACLIENT_PASSPHRASE": PASSPHRASE}
    assert run_cli(env, "init", "--name", "Pat Adviser").returncode == 0
    assert run_cli(env, "demo", "--people", "2", "--contacts", "1").returncode == 0
    return env


def first_person(env: dict[str, str]) -> str:
    result = run_cli(env, "people", "--json")
    return str(json.loads(result.stdout.splitlines()[0])["id"])


def show(env: dict[str, str], person: str) -> dict[str, object]:
    result = run_cli(env, "person", "show", person, "--json")
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_set_changes_details_through_the_rules_and_show_reads_them(env):
    person = first_person(env)
    changed = run_cli(env, "person", "set", person[-8:], "town=Leeds", "sen_support=yes",
                      "leaver_notified_on=01/11/2026")
    assert changed.returncode == 0, changed.stderr
    details = show(env, person)
    assert (details["town"], details["sen_support"]) == ("Leeds", True)
    assert details["leaver_notified_on"] == "2026-11-01"


@pytest.mark.parametrize(("value", "said"), [
    ("level_of_need=9", "level_of_need: must be"), ("date_of_birth=31/02/2009", "cannot read"),
    ("nosuch=1", "nosuch: is not a detail"), ("id=1", "id: is not a detail")])
def test_a_refused_value_says_why_and_changes_nothing(env, value, said):
    person = first_person(env)
    before = show(env, person)
    refused = run_cli(env, "person", "set", person, value)
    assert refused.returncode == 1 and said in refused.stderr
    assert show(env, person) == before


def test_note_records_a_contact(env):
    person = first_person(env)
    noted = run_cli(env, "note", person, "Talked about the college open day.")
    assert noted.returncode == 0, noted.stderr
    assert noted.stdout.startswith("Contact ")


def test_note_marks_a_note_sensitive_only_when_asked_and_the_listing_says_so(env):
    person = first_person(env)
    for args in (("--sensitive",), ()):
        noted = run_cli(env, "note", person, f"Note{len(args)} for the flag.", *args)
        assert noted.returncode == 0, noted.stderr
    listed = run_cli(env, "person", "contacts", person, "--json")
    flags = {row["discussion"]: row["sensitive"]
             for row in map(json.loads, listed.stdout.splitlines())}
    assert (flags["Note1 for the flag."], flags["Note0 for the flag."]) == (True, False)
    plain = run_cli(env, "person", "contacts", person).stdout.splitlines()
    assert [line for line in plain if "[sensitive]" in line and "Note1" in line]
    assert not [line for line in plain if "[sensitive]" in line and "Note0" in line]
