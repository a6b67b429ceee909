"""The authority's settings reach a laptop at sync (issue 14, finding 12), against a real
`ccis-hub serve`: an admin sets them at the hub (its command line, or `paclient settings` on an
admin's laptop), an adviser's laptop syncs, shows them, and its services apply them; an
adviser cannot change them."""

from __future__ import annotations

from cli_runner import run_cli
from laptops import PASSPHRASE, laptop, ok

from paclient.services.bundle import open_services
from paclient.storage.store import Store


def test_settings_set_at_the_hub_reach_a_laptop_at_its_next_sync(hub, tmp_path, file_keyring):
    set_at_hub = hub.cli("settings", "own_la=202", "review_weeks_level_1=8")
    assert set_at_hub.returncode == 0, set_at_hub.stderr
    pa1 = laptop(tmp_path, "pa1", hub.url)
    assert "review_weeks_level_1=12\t" in ok(pa1, "settings")  # the default before a sync
    ok(pa1, "sync")
    shown = ok(pa1, "settings").splitlines()
    assert any(line.startswith("review_weeks_level_1=8\t") and not line.endswith("(default)")
               for line in shown)
    assert any(line.startswith("own_la=202\t") for line in shown)
    store = Store.unlock(tmp_path / "pa1", PASSPHRASE)
    try:
        services = open_services(store)
        assert services.policy.review_weeks_level_1 == 8
        assert services.policy.review_months_other == 6  # not set at the hub: the default
        assert services.ctx.authority.own_la == "202"
    finally:
        store.close()
    hub.cli("settings", "review_weeks_level_1=10")
    ok(pa1, "sync")
    assert any(line.startswith("review_weeks_level_1=10\t") for line in ok(pa1, "settings")
               .splitlines())


def test_only_an_admin_changes_the_settings_from_a_laptop(hub, tmp_path, file_keyring):
    hub.add_user("root", "admin")
    pa1, root = laptop(tmp_path, "pa1", hub.url), laptop(tmp_path, "root", hub.url)
    ok(pa1, "sync")
    refused = run_cli(pa1, "settings", "review_weeks_level_1=8")
    assert refused.returncode == 1 and "administrator" in refused.stderr, refused.stderr
    never_signed_in = run_cli(root, "settings", "review_weeks_level_1=8")
    assert never_signed_in.returncode == 1  # the laptop does not know root is an admin yet
    ok(root, "sync")
    out_of_range = run_cli(root, "settings", "review_weeks_level_1=27")
    assert out_of_range.returncode == 1 and "from 1 to 26" in out_of_range.stderr
    assert "review_weeks_level_1=26\t" in ok(root, "settings", "review_weeks_level_1=26")
    assert hub.query("SELECT key, value, updated_by FROM authority_setting") == [
        ("review_weeks_level_1", "26", "root")]
    ok(pa1, "sync")
    assert "review_weeks_level_1=26\t" in ok(pa1, "settings")


UPN = "U886400818628"
COHORT = f"upn,given_name,family_name,date_of_birth,gender\n{UPN},Sam,Example,14/03/2009,F\n"


def test_a_transfer_to_004_or_the_own_la_is_refused_on_the_laptop(hub, tmp_path, file_keyring):
    hub.cli("settings", "own_la=202")
    pa1 = laptop(tmp_path, "pa1", hub.url)
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(COHORT, encoding="utf-8")
    ok(pa1, "import", "cohort", str(cohort))
    ok(pa1, "sync")
    for code, why in (("202", "cannot transfer to the LA itself"),
                      ("004", "cannot transfer to Unknown"), ("999", "is not an LA code")):
        refused = run_cli(pa1, "transfer", UPN, "--to-la", code)
        assert refused.returncode == 1 and why in refused.stderr, refused.stderr
    assert hub.query("SELECT count(*) FROM person WHERE transferred_to_la IS NULL") == [(1,)]
    assert "transferred to LA 873" in ok(pa1, "transfer", UPN, "--to-la", "873")
    assert "1 record(s) left the caseload" in ok(pa1, "sync")
