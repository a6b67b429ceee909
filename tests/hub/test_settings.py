"""The authority's settings on the hub (issue 14, findings 12 and 16): an admin sets them over
HTTP or with `ccis-hub settings`, every user reads them, each value is checked at its bounds,
and a transfer to 004, to the authority itself or to a code that is no LA is refused."""

from __future__ import annotations

import pytest
from hub.conftest import HubEnv
from hub.hubkit import Api, error_code

from ccis_hub import cli


@pytest.fixture
def admin(env: HubEnv) -> Api:
    return env.user("root", "admin")


def test_an_admin_sets_the_settings_and_every_user_reads_them(env: HubEnv, admin: Api) -> None:
    pa = env.user("pa")
    changed = admin.post("/v1/settings", {"settings": {"own_la": "202",
                                                       "review_weeks_level_1": "8"}})
    assert changed.status_code == 200, changed.text
    assert pa.get("/v1/settings").json() == {
        "settings": {"own_la": "202", "review_weeks_level_1": "8"}}
    refused = pa.post("/v1/settings", {"settings": {"review_weeks_level_1": "4"}})
    assert (refused.status_code, error_code(refused)) == (403, "admin_only")
    assert pa.get("/v1/settings").json()["settings"]["review_weeks_level_1"] == "8"


@pytest.mark.parametrize(("key", "value", "accepted"), [
    ("review_weeks_level_1", "26", True), ("review_weeks_level_1", "27", False),
    ("review_weeks_level_1", "1", True), ("review_weeks_level_1", "0", False),
    ("neet_currency_months", "6", True), ("neet_currency_months", "7", False),
    ("age_out_send", "26", True), ("age_out_send", "27", False),
    ("own_la", "873", True), ("own_la", "004", False), ("own_la", "999", False),
    ("own_la", "87", False), ("no_such_setting", "1", False),
])
def test_each_setting_is_checked_at_its_bounds(admin: Api, key: str, value: str,
                                               accepted: bool) -> None:
    answer = admin.post("/v1/settings", {"settings": {key: value}})
    if accepted:
        assert answer.status_code == 200, answer.text
        assert answer.json()["settings"][key] == value
    else:
        assert (answer.status_code, error_code(answer)) == (422, "invalid_setting")
        assert key in answer.json()["detail"]["message"]
        assert admin.get("/v1/settings").json()["settings"] == {}


def test_the_age_outs_cannot_cross(admin: Api) -> None:
    assert admin.post("/v1/settings", {"settings": {"age_out_send": "21"}}).status_code == 200
    assert admin.post("/v1/settings", {"settings": {"age_out": "21"}}).status_code == 200
    crossed = admin.post("/v1/settings", {"settings": {"age_out": "22"}})
    assert error_code(crossed) == "invalid_setting"


@pytest.mark.parametrize(("to_la", "code"), [
    ("004", "transfer_la_unknown"), ("202", "transfer_la_self"), ("999", "la_code"),
    ("835", "la_code_in_force")])  # Dorset's old number, replaced by 838 in 2019
def test_a_transfer_to_004_the_own_la_or_no_la_is_refused(
        env: HubEnv, admin: Api, to_la: str, code: str) -> None:
    assert admin.post("/v1/settings", {"settings": {"own_la": "202"}}).status_code == 200
    pa = env.user("pa")
    pid = pa.add_person()
    refused = pa.post(f"/v1/people/{pid}/transfer", {"to_la": to_la})
    assert (refused.status_code, error_code(refused)) == (422, code)
    assert refused.json()["detail"]["message"].startswith("Transfer refused: ")
    assert pa.get("/v1/sync/digest").json()["count"] == 1  # still in the caseload
    assert pa.post(f"/v1/people/{pid}/transfer", {"to_la": "873"}).status_code == 200


def test_without_an_own_la_a_transfer_to_004_is_still_refused(env: HubEnv) -> None:
    pa = env.user("pa")
    pid = pa.add_person()
    assert error_code(pa.post(f"/v1/people/{pid}/transfer", {"to_la": "004"})) \
        == "transfer_la_unknown"


def test_the_command_line_shows_and_changes_the_settings(
        env: HubEnv, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["settings", "--db", db_url, "own_la=873", "approaching_18_weeks=52"]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert "own_la=873\tthe authority's own LA code" in shown
    assert any(line.startswith("approaching_18_weeks=52\t") for line in shown)
    assert any(line.startswith("review_months_other=6\t") and line.endswith("(default)")
               for line in shown)
    assert cli.main(["settings", "--db", db_url, "approaching_18_weeks=53"]) == 1
    assert "approaching_18_weeks" in capsys.readouterr().err
    pa = env.user("pa")
    assert pa.get("/v1/settings").json()["settings"] == {
        "own_la": "873", "approaching_18_weeks": "52"}
