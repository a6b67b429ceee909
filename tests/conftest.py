"""Shared fixtures: a real encrypted store in a temporary folder, services on a fixed date."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pdf_tools import LETTERHEAD

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from paclient.services.bundle import Services, open_services, register_adviser
from paclient.services.documents.service import DocumentService
from paclient.storage.store import Store

PASSPHRASE = "correct horse battery staple"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def passphrase() -> str:
    """The passphrase of every test store."""
    return PASSPHRASE


@pytest.fixture
def today() -> dt.date:
    """The date services believe it is."""
    return TODAY


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty folder for a store."""
    return tmp_path / "home"


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    """A new encrypted store with its adviser registered."""
    created, _ = Store.create(home, PASSPHRASE)
    register_adviser(created, username="pa.test", name="Pat Adviser", team="North")
    yield created
    created.close()


@pytest.fixture
def services(store: Store) -> Services:
    """Every service of the store, with today fixed at TODAY."""
    return open_services(store, today=lambda: TODAY)


@pytest.fixture
def cli_env(home: Path) -> dict[str, str]:
    """Environment for running `paclient` as a subprocess against `home`."""
    return {**os.environ, "PACLIENT_HOME": str(home), "PACLIENT_PASSPHRASE": PASSPHRASE}


@pytest.fixture
def documents(services: Services) -> DocumentService:
    """The document service of `services`, with the authority's letterhead set."""
    made = services.documents
    made.set_letterhead(**LETTERHEAD)
    return made
