"""Sharing for a referral, driven only from a shell against a real `ccis-hub serve`.

Adviser pa1 shares a young person with pa2; pa2 syncs and has them, writes a note, and both
sync: pa1 has the note. pa1 ends the share; pa2 syncs and the person leaves pa2's caseload.
"""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import run_cli
from laptops import PASSPHRASE, laptop, ok

UPN = "U886400818628"
COHORT = f"upn,given_name,family_name,date_of_birth,gender\n{UPN},Sam,Example,14/03/2009,F\n"




def notes(env: dict[str, str]) -> set[str]:
    lines = ok(env, "person", "contacts", UPN, "--json").splitlines()
    return {str(json.loads(line)["discussion"]) for line in lines}


def test_share_a_person_write_on_both_sides_and_end_the_share(hub, tmp_path, file_keyring):
    pa1, pa2 = laptop(tmp_path, "pa1", hub.url), laptop(tmp_path, "pa2", hub.url)
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(COHORT, encoding="utf-8")
    ok(pa1, "import", "cohort", str(cohort))
    ok(pa1, "sync")
    ok(pa2, "sync")
    assert run_cli(pa2, "person", "show", UPN).returncode != 0  # not pa2's: nothing there

    shared = ok(pa1, "share", UPN, "--with", "pa2", "--reason", "CAMHS referral",
                "--until", "31/12/2099")
    assert "shared with pa2" in shared
    ok(pa2, "sync")
    assert json.loads(ok(pa2, "person", "show", UPN, "--json"))["family_name"] == "Example"
    assert hub.query("SELECT reason, until FROM person_share") == \
        [("CAMHS referral", "2099-12-31")]

    ok(pa2, "note", UPN, "Referral sent by pa2.")
    ok(pa2, "sync")
    ok(pa1, "sync")
    assert "Referral sent by pa2." in notes(pa1)

    refused = run_cli(pa2, "share", UPN, "--end", "pa2")  # only the owner's side ends it
    assert refused.returncode != 0 and "caseload" in refused.stderr, refused.stderr
    ok(pa1, "share", UPN, "--end", "pa2")
    left = ok(pa2, "sync")
    assert "1 record(s) left the caseload" in left, left
    assert run_cli(pa2, "person", "show", UPN).returncode != 0
    assert "Referral sent by pa2." in notes(pa1)


def test_a_sharing_refusal_stops_a_share_before_anything_is_sent(tmp_path, file_keyring):
    import datetime as dt

    from paclient.services.bundle import open_services
    from paclient.storage.store import Store

    pa1 = laptop(tmp_path, "pa1", "http://127.0.0.1:9")  # never reached
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(COHORT, encoding="utf-8")
    ok(pa1, "import", "cohort", str(cohort))
    store = Store.unlock(Path(pa1["PACLIENT_HOME"]), PASSPHRASE)
    try:
        services = open_services(store)
        person = services.people.find(UPN)
        services.safeguarding.refuse_sharing(person.id, given_by="young_person",
                                             on=dt.date.today())
    finally:
        store.close()
    refused = run_cli(pa1, "share", UPN, "--with", "pa2", "--reason", "CAMHS referral")
    assert refused.returncode == 1 and "refused information sharing" in refused.stderr


def test_a_shared_laptop_gets_no_sensitive_note_and_its_digest_still_matches(
        hub, tmp_path, file_keyring):
    # issue 14, finding 7: the hub sends sensitive rows to the owner and team leader only
    pa1, pa2 = laptop(tmp_path, "pa1", hub.url), laptop(tmp_path, "pa2", hub.url)
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(COHORT, encoding="utf-8")
    ok(pa1, "import", "cohort", str(cohort))
    ok(pa1, "note", UPN, "Talked about college.")
    ok(pa1, "note", UPN, "Disclosed a pregnancy.", "--sensitive")
    ok(pa1, "sync")
    ok(pa1, "share", UPN, "--with", "pa2", "--reason", "Careers referral")

    ok(pa2, "sync")

    assert notes(pa2) == {"Talked about college."}
    again = ok(pa2, "sync")
    assert "Up to date." in again and "download" not in again.lower(), again
    assert notes(pa1) == {"Talked about college.", "Disclosed a pregnancy."}
