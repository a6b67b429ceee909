"""The issue's scenario driven only from a shell: one adviser, two laptops, one hub.

Laptop A adds a young person and syncs; laptop B syncs and gets them. Offline, both change
the same person: A the town and B the phone (different fields), both the preferred name (the
same field), and each writes a note. Both sync: the fields merge, the preferred name becomes a
conflict with both values, every note arrives. A keeps its own value; after both sync again
the two laptops agree on every detail and every note, and the hub has no open conflict.
"""

from __future__ import annotations

import json

from cli_runner import run_cli
from laptops import laptop, ok

COHORT = ("upn,given_name,family_name,date_of_birth,gender\n"
          "U886400818628,Sam,Example,14/03/2009,F\n")




def person(env: dict[str, str], upn: str) -> dict[str, object]:
    return dict(json.loads(ok(env, "person", "show", upn, "--json")))


def conflicts(env: dict[str, str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in ok(env, "conflicts", "--json").splitlines()]


def notes(env: dict[str, str], upn: str) -> set[str]:
    lines = ok(env, "person", "contacts", upn, "--json").splitlines()
    return {str(json.loads(line)["discussion"]) for line in lines}


def test_edit_offline_on_two_laptops_sync_resolve_and_both_agree(hub, tmp_path, file_keyring):
    a = laptop(tmp_path, "laptop-a", hub.url, username="pa1")
    b = laptop(tmp_path, "laptop-b", hub.url, username="pa1")
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(COHORT, encoding="utf-8")
    ok(a, "import", "cohort", str(cohort))
    ok(a, "sync")
    ok(b, "sync")
    upn = "U886400818628"
    assert person(b, upn)["family_name"] == "Example"

    ok(a, "person", "set", upn, "town=Leeds", "preferred_name=Sammy")  # offline, on A
    ok(a, "note", upn, "Met on laptop A.")
    ok(b, "person", "set", upn, "phone=01632 960123", "preferred_name=Sam E")  # and on B
    ok(b, "note", upn, "Met on laptop B.")
    ok(a, "sync")
    second = run_cli(b, "sync")  # B's preferred name meets A's: a conflict needing attention
    assert second.returncode == 1 and "conflict" in second.stdout.lower(), second.stdout
    ok(a, "sync")  # A learns of B's phone

    [conflict] = conflicts(b)
    assert (conflict["field"], conflict["local_value"], conflict["hub_value"]) == \
        ("preferred_name", "Sam E", "Sammy")
    ok(b, "resolve-conflict", conflict["id"], "--keep", "device")
    ok(b, "sync")
    ok(a, "sync")

    on_a, on_b = person(a, upn), person(b, upn)
    for field in ("town", "phone", "preferred_name"):
        assert on_a[field] == on_b[field], field
    assert (on_a["town"], on_a["phone"], on_a["preferred_name"]) == \
        ("Leeds", "01632 960123", "Sam E")
    assert conflicts(a) == conflicts(b) == []
    assert hub.query("SELECT count(*) FROM conflict WHERE resolved_at IS NULL") == [(0,)]
    assert notes(a, upn) == notes(b, upn) == {"Met on laptop A.", "Met on laptop B."}
