"""The first-run wizard: passphrase strength, the adviser, the hub, the recovery key."""

from __future__ import annotations

import pytest
from conftest import PASSPHRASE
from PySide6.QtWidgets import QDialog, QWizard

from paclient.models import Setting
from paclient.services.bundle import open_services
from paclient.services.first_run import passphrase_strength
from paclient.storage.keys import MIN_PASSPHRASE
from paclient.storage.store import Store
from paclient.ui.first_run import FirstRunWizard, RecoveryKeyDialog


@pytest.fixture
def wizard(qtbot, tasks, home) -> FirstRunWizard:
    shown = FirstRunWizard(tasks, home)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def fill(wizard: FirstRunWizard, *, passphrase: str = PASSPHRASE, again: str | None = None,
         name: str = "Pat Adviser", hub: str = "") -> None:
    page = wizard.passphrase_page
    page.first.setText(passphrase)
    page.second.setText(passphrase if again is None else again)
    wizard.adviser_page.name.setText(name)
    wizard.adviser_page.team.setText("North")
    wizard.hub_page.address.setText(hub)


def test_a_short_or_common_passphrase_cannot_go_on_and_the_hint_says_why(wizard):
    page = wizard.passphrase_page
    page.first.setText("password1")
    page.second.setText("password1")
    assert not page.isComplete()
    assert "weak" in page.hint.text()
    assert f"at least {MIN_PASSPHRASE} characters" in page.hint.text()
    page.first.setText(PASSPHRASE)
    assert not page.isComplete() and "differ" in page.hint.text()
    page.second.setText(PASSPHRASE)
    assert page.isComplete() and "very strong" in page.hint.text()


def test_strength_grows_with_unusual_words():
    scores = [passphrase_strength(p).score for p in
              ("aaaaaaaaaaaa", "password12345", "quiet lamp orbit velvet")]
    assert scores == sorted(scores) and scores[0] < scores[-1]
    assert not passphrase_strength("short").acceptable


def test_the_name_is_required_and_a_hub_address_must_be_a_web_address(wizard):
    assert not wizard.adviser_page.isComplete()
    wizard.adviser_page.name.setText("  ")
    assert not wizard.adviser_page.isComplete()
    wizard.hub_page.address.setText("ccis hub")
    assert not wizard.hub_page.isComplete() and "web address" in wizard.hub_page.problem.text()
    wizard.hub_page.address.setText("https://ccis.example.gov.uk/")
    assert wizard.hub_page.isComplete() and wizard.hub_page.problem.text() == ""


def test_finishing_creates_the_store_with_its_adviser_and_hub(wizard, home):
    fill(wizard, hub="https://ccis.example.gov.uk/")
    wizard.accept()

    assert wizard.result() == QDialog.DialogCode.Accepted and wizard.recovery_key is None
    wizard.store.close()
    store = Store.unlock(home, PASSPHRASE)
    try:
        services = open_services(store)
        assert services.ctx.actor.adviser_id is not None
        assert services.documents.adviser().name == "Pat Adviser"
        with store.read() as session:
            assert session.get(Setting, "hub.url").value == "https://ccis.example.gov.uk"
    finally:
        store.close()


def test_a_recovery_key_is_shown_once_and_must_be_confirmed(wizard, home, monkeypatch):
    seen = []

    def look(dialog: RecoveryKeyDialog) -> int:
        seen.append(dialog.key.text())
        assert not dialog.ok.isEnabled()
        dialog.show()
        dialog.reject()  # Escape does not skip it
        assert dialog.isVisible()
        dialog.written.setChecked(True)
        assert dialog.ok.isEnabled()
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RecoveryKeyDialog, "exec", look)
    fill(wizard)
    wizard.passphrase_page.with_recovery.setChecked(True)
    wizard.accept()

    assert seen == [wizard.recovery_key] and wizard.recovery_key
    wizard.store.close()
    Store.unlock(home, recovery_key=wizard.recovery_key).close()


def test_a_refused_store_keeps_the_wizard_open_to_try_again(wizard, home, monkeypatch):
    Store.create(home, PASSPHRASE)[0].close()  # made meanwhile, by another window
    before = sorted(p.name for p in home.iterdir())
    shown = []
    monkeypatch.setattr("paclient.ui.first_run.show_error",
                        lambda parent, exc: shown.append(type(exc).__name__))
    fill(wizard)
    wizard.accept()
    assert shown == ["StoreExists"] and wizard.store is None
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert sorted(p.name for p in home.iterdir()) == before


def test_an_empty_passphrase_is_very_weak_not_an_error():
    assert passphrase_strength("") == passphrase_strength("")
    assert passphrase_strength("").score == 0 and not passphrase_strength("").acceptable
