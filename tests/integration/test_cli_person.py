"""`paclient person show|set` and `paclient note`, as real subprocesses."""

from __future__ import annotations

import json
import os

import pytest
from cli_runner import run_cli
from conftest import PASSPHRASE

from ccis.identifiers import upn_check_letter


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


def test_set_refuses_an_identifier_or_name_another_person_holds_and_names_their_record(env):
    """Issue 14, finding 4: two records for one young person cannot be made with `set`."""
    first, second = (json.loads(line)["id"]
                     for line in run_cli(env, "people", "--json").stdout.splitlines()[:2])
    upn = upn_check_letter("886400120123") + "886400120123"
    assert run_cli(env, "person", "set", first, f"upn={upn}").returncode == 0
    theirs = show(env, first)
    before = show(env, second)

    for values in ([f"upn={upn.lower()}"],
                   [f"given_name={str(theirs['given_name']).upper()}",
                    f"family_name={theirs['family_name']}",
                    f"date_of_birth={theirs['date_of_birth']}"]):
        refused = run_cli(env, "person", "set", second, *values)
        assert refused.returncode == 1, refused.stdout
        assert f"'paclient person show {first[-8:]}' shows their record" in refused.stderr
        assert str(theirs["family_name"]) not in refused.stderr
        assert show(env, second) == before
    assert run_cli(env, "person", "show", upn).returncode == 0  # the UPN still finds one


def test_set_checks_an_la_against_the_list_in_force_today(env):
    """Issue 14, finding 10: Dorset's 835 was replaced by 838 on 1 April 2019."""
    person = first_person(env)
    refused = run_cli(env, "person", "set", person, "lead_la=835")
    assert refused.returncode == 1
    assert "lead_la: LA 835 (Dorset) was replaced on 01/04/2019" in refused.stderr
    changed = run_cli(env, "person", "set", person, "lead_la=838", "educated_la=943")
    assert changed.returncode == 0, changed.stderr
    assert (show(env, person)["lead_la"], show(env, person)["educated_la"]) == ("838", "943")
