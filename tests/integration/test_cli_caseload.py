"""The caseload commands from a newcomer's shell: demo, worklists, people, bad arguments."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import PASSPHRASE

from paclient.services.caseload.listing import WORKLISTS

JSON_FIELDS = {"id", "given_name", "family_name", "preferred_name", "date_of_birth", "upn",
               "uln", "postcode", "activity_code", "level_of_need"}


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A store made by `paclient init` and filled by `paclient demo`, shared by the module."""
    home = tmp_path_factory.mktemp("cli") / "home"
    env = {**os.environ, "PACLIENT_HOME": str(home), "PACLIENT_PASSPHRASE": PASSPHRASE}
    assert run_cli(env, "init", "--name", "Pat Adviser").returncode == 0
    made = run_cli(env, "demo", "--people", "120", "--contacts", "2", "--seed", "5")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("Demo caseload added: 120 people")
    return env


def people(env: dict[str, str], *args: str) -> list[dict[str, object]]:
    result = run_cli(env, "people", "--json", *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_people_json_has_the_promised_fields_for_everyone(demo_env):
    everyone = people(demo_env)
    assert len(everyone) == 120
    assert all(JSON_FIELDS <= set(person) for person in everyone)


def test_worklists_prints_every_list_and_its_count_matches_people(demo_env):
    result = run_cli(demo_env, "worklists")
    assert result.returncode == 0, result.stderr
    counts = {line.split()[0]: int(line.split()[1]) for line in result.stdout.splitlines()}
    assert set(counts) == set(WORKLISTS)
    assert counts["neet"] > 0
    assert len(people(demo_env, "--worklist", "neet")) == counts["neet"]


def test_the_not_known_list_says_why_each_person_is_on_it(demo_env):
    details = [str(p["detail"]) for p in people(demo_env, "--worklist", "not-known")]
    assert any(d.startswith("Year 11 code ")
               and d.endswith(" kept past Year 11: record the current activity") for d in details)
    assert any(d.startswith("lapsed on ") and d.endswith(": not known until confirmed")
               for d in details)
    shown = run_cli(demo_env, "people", "--worklist", "not-known").stdout
    assert "kept past Year 11: record the current activity" in shown


def test_search_finds_a_person_by_family_name_and_by_upn(demo_env):
    someone = next(p for p in people(demo_env) if p["upn"])
    by_name = people(demo_env, "--search", str(someone["family_name"]))
    by_upn = people(demo_env, "--search", str(someone["upn"]))
    assert someone["id"] in {p["id"] for p in by_name}
    assert [p["id"] for p in by_upn][:1] == [someone["id"]]


@pytest.mark.parametrize("args", [
    ("demo", "--people", "-3"), ("demo", "--people", "many"), ("people", "--limit", "0"),
    ("people", "--worklist", "lapsed", "--within-days", "-1"),
])
def test_bad_numbers_are_refused_before_anything_runs(demo_env, args):
    result = run_cli(demo_env, *args)
    assert result.returncode == 2
    assert "error: argument" in result.stderr and "Traceback" not in result.stderr
    assert len(people(demo_env)) == 120


def test_an_unknown_work_list_is_one_sentence_and_exit_1(demo_env):
    result = run_cli(demo_env, "people", "--worklist", "nope")
    assert (result.returncode, result.stderr) == (1, "paclient: No work list matches 'nope'.\n")


def test_output_into_a_closed_pipe_stops_quietly(demo_env):
    process = subprocess.Popen([sys.executable, "-m", "paclient", "people"], env=demo_env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()  # like `| head -1`: read a line, then hang up
    process.stdout.close()
    error = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert "Traceback" not in error


def test_a_dry_run_import_lists_errors_by_row_and_changes_nothing(demo_env, tmp_path: Path):
    csv = tmp_path / "roll.csv"
    csv.write_text("given_name,family_name,date_of_birth,postcode\n"
                   "Alys,Penhallow,31/02/2010,SW1A 1AA\n"
                   "Ieuan,Trefor,2010-03-04,NOT A CODE\n", encoding="utf-8")
    result = run_cli(demo_env, "import", "cohort", str(csv), "--dry-run")
    assert result.returncode == 1
    assert "row 2, date_of_birth:" in result.stdout and "row 3, postcode:" in result.stdout
    assert len(people(demo_env)) == 120
