"""Creating a store: the values are checked before anything is written."""

from __future__ import annotations

import pytest
from conftest import PASSPHRASE

from ccis.errors import ValidationErrors
from paclient.errors import StoreExists, WeakPassphrase
from paclient.services.first_run import create_store
from paclient.storage.paths import StorePaths


@pytest.mark.parametrize(("values", "rule"), [
    ({"name": " "}, ("name", "required")),
    ({"name": "x" * 121}, ("name", "name_length")),
    ({"name": "Pat", "hub_url": "ccis.example.gov.uk"}, ("hub_url", "hub_url")),
    ({"name": "Pat", "hub_url": "ftp://ccis.example.gov.uk"}, ("hub_url", "hub_url")),
])
def test_a_refused_value_names_its_field_and_creates_nothing(home, values, rule):
    with pytest.raises(ValidationErrors) as raised:
        create_store(home, passphrase=PASSPHRASE, **values)
    assert rule in {(e.field, e.rule) for e in raised.value.errors}
    assert not StorePaths(home).db.exists()


def test_a_weak_passphrase_or_an_existing_store_is_refused(home):
    with pytest.raises(WeakPassphrase):
        create_store(home, passphrase="short", name="Pat")
    assert not StorePaths(home).db.exists()
    create_store(home, passphrase=PASSPHRASE, name="Pat", username="pat")[0].close()
    with pytest.raises(StoreExists):
        create_store(home, passphrase=PASSPHRASE, name="Pat")
