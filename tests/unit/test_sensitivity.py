"""The one sensitivity policy every printed document follows, read from the shipped code lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccis.codes import CodeBook, load_codebook, shipped_codes_dir
from ccis.sensitivity import (
    REFERRAL_SUBJECTS,
    SensitivityPolicy,
    is_sensitive,
    kept,
    row_sensitive,
)

# DOMAIN.md §3 and the README's list, transcribed independently of the data files.
SENSITIVE = {
    "activity": {"130", "290", "650", "710"},  # custody, custody education, pregnancy
    "topic": {"sexual_health", "substance_use", "offending", "pregnancy"},
    "assessment_factor": {"sexual_health", "substance_use", "offending"},
    "referral_service": {"yot", "substance_misuse", "sexual_health", "social_care"},
    # safeguarding: looked after and care leaver (the same history), youth offending team;
    # substance misuse, pregnancy, mental health
    "characteristic": {"110", "150", "160", "170", "180", "210"},
}


@pytest.fixture(scope="module")
def book() -> CodeBook:
    return load_codebook()


@pytest.fixture(scope="module")
def policy(book: CodeBook) -> SensitivityPolicy:
    return SensitivityPolicy(book)


# --- leaving out and counting -------------------------------------------------------------


def test_kept_leaves_out_the_sensitive_items_in_order_and_counts_them() -> None:
    shown, left_out = kept(iter([1, 2, 3, 4, 5]), False, lambda n: n % 2 == 0)

    assert (shown, left_out) == ([1, 3, 5], 2)


def test_kept_keeps_everything_and_counts_nothing_when_sensitive_items_are_asked_for() -> None:
    asked: list[int] = []

    def sensitive(n: int) -> bool:
        asked.append(n)
        return True

    shown, left_out = kept([1, 2, 3], True, sensitive)

    assert (shown, left_out, asked) == ([1, 2, 3], 0, [])


def test_kept_of_nothing_is_nothing() -> None:
    assert kept([], False, lambda n: True) == ([], 0)


# --- the codes ----------------------------------------------------------------------------


@pytest.mark.parametrize("list_name", sorted(SENSITIVE))
def test_the_domain_categories_are_sensitive_and_nothing_else(
        book: CodeBook, policy: SensitivityPolicy, list_name: str) -> None:
    codes = {e.code for e in book.entries(list_name)}

    assert {c for c in codes if policy.code(list_name, c)} == SENSITIVE[list_name]


def test_the_named_kinds_agree_with_their_lists(policy: SensitivityPolicy) -> None:
    assert policy.activity("710") and policy.activity("650")
    assert not policy.activity("540") and not policy.activity("310")
    assert policy.topic("sexual_health") and not policy.topic("careers")
    assert policy.service("yot") and not policy.service("housing")
    assert policy.factor("offending") and not policy.factor("attainment")


def test_an_unknown_code_is_not_sensitive(policy: SensitivityPolicy) -> None:
    assert not policy.topic("no_such_topic") and not policy.activity("999")
    assert not is_sensitive(None)


def test_every_version_of_a_code_is_read(book: CodeBook, policy: SensitivityPolicy) -> None:
    for list_name in SENSITIVE:
        for version in book.versions:
            for code, entry in version.lists[list_name].items():
                assert policy.code(list_name, code) == entry.sensitive, (version.name, code)


def test_the_policy_follows_the_code_lists_not_a_list_of_its_own(tmp_path: Path) -> None:
    for source in shipped_codes_dir().iterdir():
        if source.name.endswith(".json"):
            doc = json.loads(source.read_text(encoding="utf-8"))
            lists = doc.get("lists", {"topic": [], "referral_service": []})  # or changes only
            for entry in lists["topic"] + lists["referral_service"]:
                if entry["code"] in ("money", "housing"):
                    entry["sensitive"] = True
            (tmp_path / source.name).write_text(json.dumps(doc), encoding="utf-8")

    policy = SensitivityPolicy(load_codebook(tmp_path))

    assert policy.topic("money") and policy.service("housing") and policy.agency("Housing")


# --- actions owned by an agency -----------------------------------------------------------


@pytest.mark.parametrize("name", ["Youth offending service", "YOT", "  youth   OFFENDING\tservice ",
                                  "substance misuse", "Substance_Misuse", "Sexual Health Service",
                                  "sexual_health"])
def test_a_sensitive_service_is_recognised_by_its_code_or_label(policy: SensitivityPolicy,
                                                                name: str) -> None:
    assert policy.agency(name)
    assert policy.action("agency", name)


@pytest.mark.parametrize("name", [None, "", "   ", "Housing", "CAMHS", "Jobcentre Plus",
                                  "Leeds youth offending team", "youth offending"])
def test_other_agencies_are_not_sensitive(policy: SensitivityPolicy, name: str | None) -> None:
    # a free-text name is matched whole: a local team's own name is not recognised
    assert not policy.agency(name)
    assert not policy.action("agency", name)


def test_only_an_agency_owned_action_is_judged_by_its_owner_name(
        policy: SensitivityPolicy) -> None:
    assert not policy.action("young_person", "Youth offending service")
    assert not policy.action("adviser", "YOT")


# --- assessment factors -------------------------------------------------------------------


def test_a_factor_stored_as_sensitive_stays_sensitive(policy: SensitivityPolicy) -> None:
    assert policy.factor("attainment", flagged=True)
    assert policy.factor("offending", flagged=False)


@pytest.mark.parametrize(("service", "factor"), [("yot", "offending"),
                                                 ("substance_misuse", "substance_use"),
                                                 ("sexual_health", "sexual_health")])
def test_the_subject_of_a_referral_goes_with_it(policy: SensitivityPolicy, service: str,
                                                factor: str) -> None:
    assert policy.factor(factor, flagged=True)
    assert not policy.factor(factor, flagged=True, referred_to=service)


def test_other_sensitive_factors_stay_out_of_a_referral(policy: SensitivityPolicy) -> None:
    assert policy.factor("sexual_health", referred_to="yot")
    assert policy.factor("offending", referred_to="housing")
    assert not policy.factor("attainment", referred_to="yot")


def test_every_sensitive_service_has_sensitive_subjects_in_the_code_lists(
        book: CodeBook, policy: SensitivityPolicy) -> None:
    services = {e.code for e in book.entries("referral_service") if e.sensitive}

    assert set(REFERRAL_SUBJECTS) == services
    assert all(policy.factor(f) for subjects in REFERRAL_SUBJECTS.values() for f in subjects)


# --- synced rows (the hub's rule, issue 14 finding 7) --------------------------------------


@pytest.mark.parametrize(("table", "fields", "expected"), [
    ("contact", {"topics": ["careers"], "sensitive": False}, False),
    ("contact", {"topics": ["careers", "pregnancy"], "sensitive": False}, True),
    ("contact", {"topics": [], "sensitive": True}, True),
    ("characteristic", {"code": "110", "sensitive": False}, True),
    ("characteristic", {"code": "140", "sensitive": False}, False),
    ("referral", {"service": "social_care"}, True),
    ("activity", {"code": "710"}, True),
    ("activity", {"code": "230"}, False),
    ("custody_episode", {"establishment": "HMP Example"}, True),
    ("young_person", {"lead_la": "886"}, False),
])
def test_a_synced_row_is_sensitive_by_its_flag_its_table_or_its_codes(
        book: CodeBook, table: str, fields: dict[str, object], expected: bool) -> None:
    assert row_sensitive(book, table, fields) is expected
