"""Printing from a newcomer's shell: the letterhead, one record, a batch, and failures."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import PASSPHRASE
from pdf_tools import LETTERHEAD, page_texts
from sqlalchemy import func, select

from paclient.models import AuditEvent, PrintedDocument
from paclient.services.bundle import open_services
from paclient.storage.store import Store


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A 40-person demo store made by the command line, shared by the module."""
    home = tmp_path_factory.mktemp("print") / "home"
    env = {**os.environ, "PACLIENT_HOME": str(home), "PACLIENT_PASSPHRASE": PASSPHRASE}
    assert run_cli(env, "init", "--name", "Pat Adviser").returncode == 0
    made = run_cli(env, "demo", "--people", "40", "--contacts", "2", "--seed", "7")
    assert made.returncode == 0, made.stderr
    return env


@pytest.fixture(scope="module")
def with_letterhead(env: dict[str, str]) -> dict[str, str]:
    address = [arg for line in LETTERHEAD["address"] for arg in ("--address", line)]
    result = run_cli(env, "letterhead", "--authority", LETTERHEAD["authority"], *address,
                     "--phone", LETTERHEAD["phone"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [LETTERHEAD["authority"], "County Hall"]
    return env


def first_person(env: dict[str, str], worklist: str | None = None) -> dict[str, object]:
    args = ("--worklist", worklist) if worklist else ()
    result = run_cli(env, "people", "--json", "--limit", "1", *args)
    return json.loads(result.stdout.splitlines()[0])


def logged(env: dict[str, str]) -> tuple[int, int]:
    store = Store.unlock(Path(env["PACLIENT_HOME"]), PASSPHRASE)
    try:
        with store.read() as session:
            prints = session.scalar(select(func.count()).select_from(PrintedDocument))
            events = session.scalar(select(func.count()).where(AuditEvent.action == "print"))
        return prints or 0, events or 0
    finally:
        store.close()


def test_a_demo_store_has_a_letterhead(tmp_path):
    env = {**os.environ, "PACLIENT_HOME": str(tmp_path / "home"),
           "PACLIENT_PASSPHRASE": PASSPHRASE}
    assert run_cli(env, "init", "--name", "Pat Adviser").returncode == 0
    assert run_cli(env, "demo", "--people", "2", "--contacts", "1").returncode == 0
    shown = run_cli(env, "letterhead")
    assert shown.returncode == 0 and "Demoshire" in shown.stdout and "logo: set" in shown.stdout


def test_without_a_letterhead_printing_says_how_to_set_one(tmp_path):
    env = {**os.environ, "PACLIENT_HOME": str(tmp_path / "home"),
           "PACLIENT_PASSPHRASE": PASSPHRASE}
    assert run_cli(env, "init", "--name", "Pat Adviser").returncode == 0
    roll = tmp_path / "roll.csv"
    roll.write_text("given_name,family_name,date_of_birth,gender\nAmy,Roll,04/05/2009,F\n")
    assert run_cli(env, "import", "cohort", str(roll)).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli(env, "print", "activity-record", str(first_person(env)["id"]), "-o",
                     str(out / "r.pdf"))
    assert result.returncode == 1 and "paclient letterhead" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(out.iterdir())


def test_one_record_by_short_id_is_written_and_logged(with_letterhead, tmp_path):
    env, person = with_letterhead, first_person(with_letterhead)
    before = logged(env)
    out = tmp_path / "record.pdf"
    result = run_cli(env, "print", "activity-record", str(person["id"])[-8:], "--large-print",
                     "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out}: activity record for 1 young person")
    text = "".join(page_texts(out.read_bytes()))
    assert str(person["family_name"]) in text and LETTERHEAD["authority"] in text
    assert logged(env) == (before[0] + 1, before[1] + 1)


def test_a_work_list_prints_as_one_pdf_with_each_persons_pages_numbered(with_letterhead,
                                                                        tmp_path):
    env = with_letterhead
    members = run_cli(env, "people", "--worklist", "approaching-18", "--json").stdout
    count = len(members.splitlines())
    assert count >= 1
    out = tmp_path / "batch.pdf"
    result = run_cli(env, "print", "activity-record", "--worklist", "approaching-18", "-o",
                     str(out))
    assert result.returncode == 0, result.stderr
    pages = page_texts(out.read_bytes())
    assert sum(bool(re.search(r"Page 1 of \d", page)) for page in pages) == count


def test_a_path_that_cannot_be_written_leaves_nothing_and_logs_nothing(with_letterhead,
                                                                       tmp_path):
    env, person = with_letterhead, first_person(with_letterhead)
    before = logged(env)
    locked = tmp_path / "locked"
    locked.mkdir()
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file, not a folder")
    for target in (tmp_path / "missing" / "r.pdf", blocked / "r.pdf", locked):
        result = run_cli(env, "print", "activity-record", str(person["id"]), "-o", str(target))
        assert result.returncode == 1, target
        assert result.stderr.startswith("paclient: Could not write"), result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked", "not-a-folder"]
    assert not list(locked.iterdir())
    assert logged(env) == before


def test_an_unknown_person_or_no_person_is_one_sentence(with_letterhead, tmp_path):
    out = str(tmp_path / "r.pdf")
    for args in (["nobody00"], []):
        result = run_cli(with_letterhead, "print", "activity-record", *args, "-o", out)
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_a_logo_that_is_not_an_image_is_refused(with_letterhead, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("not a picture")
    result = run_cli(with_letterhead, "letterhead", "--authority", "X", "--logo", str(fake))
    assert result.returncode == 1 and "PNG or JPEG" in result.stderr
    shown = run_cli(with_letterhead, "letterhead")
    assert shown.stdout.splitlines()[0] == LETTERHEAD["authority"]  # unchanged


def test_a_guidance_summary_and_an_action_plan_print_for_a_person(with_letterhead, tmp_path):
    env = with_letterhead
    person = first_person(env, "reviews-overdue")
    before = logged(env)
    summary, plan = tmp_path / "summary.pdf", tmp_path / "plan.pdf"
    printed = [run_cli(env, "print", "guidance-summary", str(person["id"]), "--include-sensitive",
                       "--large-print", "-o", str(summary)),
               run_cli(env, "print", "action-plan", str(person["id"])[-8:], "-o", str(plan))]
    assert [r.returncode for r in printed] == [0, 0], [r.stderr for r in printed]
    assert "Your guidance summary" in "".join(page_texts(summary.read_bytes()))
    assert "Action plan" in "".join(page_texts(plan.read_bytes()))
    assert logged(env) == (before[0] + 2, before[1] + 2)


def test_a_subject_access_export_writes_both_files_and_logs_an_export(with_letterhead,
                                                                      tmp_path):
    env, person = with_letterhead, first_person(with_letterhead)
    out = tmp_path / "sar"
    result = run_cli(env, "export", "subject-access", str(person["id"]), "-o", str(out))
    assert result.returncode == 0, result.stderr
    files = sorted(p.suffix for p in out.iterdir())
    assert files == [".json", ".pdf"]
    pack = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert pack["person_id"] == person["id"]
    store = Store.unlock(Path(env["PACLIENT_HOME"]), PASSPHRASE)
    try:
        with store.read() as session:
            kinds = session.scalars(select(PrintedDocument.destination).where(
                PrintedDocument.kind == "subject-access")).all()
    finally:
        store.close()
    assert kinds == ["export"]


def test_a_caf_referral_prints_unless_the_young_person_refused_sharing(with_letterhead,
                                                                       tmp_path):
    env = with_letterhead
    store = Store.unlock(Path(env["PACLIENT_HOME"]), PASSPHRASE)
    try:
        services = open_services(store)
        [agrees, refuses] = [services.people.add_person(
            given_name="Cara", family_name=name, date_of_birth=dt.date(2009, 2, 3),
            gender="F").id for name in ("Agrees", "Refuses")]
        for person in (agrees, refuses):
            services.safeguarding.record_consent(person, purpose="referral", decision="given",
                                                 given_by="young_person",
                                                 recorded_on=dt.date.today(), agency="CAMHS")
            services.referrals.refer(person, service="camhs", sent_on=dt.date.today(),
                                     reason="Low mood")
        services.safeguarding.refuse_sharing(refuses, given_by="young_person",
                                             on=dt.date.today())
    finally:
        store.close()
    out = tmp_path / "caf.pdf"
    ok = run_cli(env, "print", "caf-referral", str(agrees), "-o", str(out))
    assert ok.returncode == 0, ok.stderr
    assert "Low mood" in "".join(page_texts(out.read_bytes()))
    refused = run_cli(env, "print", "caf-referral", str(refuses), "-o", str(tmp_path / "x.pdf"))
    assert refused.returncode == 1 and "refused information sharing" in refused.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_the_caseload_review_lists_everyone(with_letterhead, tmp_path):
    out = tmp_path / "review.pdf"
    result = run_cli(with_letterhead, "print", "caseload-review", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = "".join(page_texts(out.read_bytes()))
    everyone = run_cli(with_letterhead, "people", "--json").stdout.splitlines()
    # long names wrap inside their cell, so look for the start of each
    assert all(json.loads(line)["family_name"][:8] in text for line in everyone)
