"""`paclient checklist` and `paclient factors` as real subprocesses: the same services and
rules as the record's Approaching 18 tab and File > Assessment factors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cli_runner import run_cli


@pytest.fixture
def person(cli_env: dict[str, str], tmp_path: Path) -> str:
    """A young person whose approaching-18 checklist opened in the last few days."""
    assert run_cli(cli_env, "init", "--name", "Pat Adviser").returncode == 0
    eighteenth = dt.date.today() + dt.timedelta(weeks=12)
    born = eighteenth.replace(year=eighteenth.year - 18, day=min(eighteenth.day, 28))
    csv = tmp_path / "cohort.csv"
    csv.write_text(f"given_name,family_name,date_of_birth\nFfion,Ayres,{born:%d/%m/%Y}\n")
    imported = run_cli(cli_env, "import", "cohort", str(csv))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    listed = run_cli(cli_env, "people", "--json")
    return str(json.loads(listed.stdout.splitlines()[0])["id"])


def test_checklist_ticks_through_the_same_rules(cli_env, person):
    shown = run_cli(cli_env, "checklist", person, "--json")
    opens = dt.date.fromisoformat(json.loads(shown.stdout)["opens_on"])

    early = run_cli(cli_env, "checklist", person, "--tick", "adult_services_consent",
                    "--on", f"{opens - dt.timedelta(days=1):%d/%m/%Y}")
    ticked = run_cli(cli_env, "checklist", person, "--tick", "adult_services_consent",
                     "--on", f"{opens:%d/%m/%Y}")

    assert early.returncode == 1
    assert "cannot be before the checklist opened" in early.stderr
    assert ticked.returncode == 0, ticked.stderr
    assert f"[x] adult_services_consent   {opens:%d/%m/%Y} ticked" in ticked.stdout
    assert "[ ] activity_record_printed" in ticked.stdout


def test_factors_are_listed_and_changed_only_by_an_administrator(cli_env, person):
    listed = run_cli(cli_env, "factors")
    added = run_cli(cli_env, "factors", "add", "Gambling", "--area", "personal")

    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 18
    assert added.returncode == 1
    assert "Only an administrator can change the assessment factors" in added.stderr
