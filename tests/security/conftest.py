"""The security tests use the hub's fixtures (an in-process hub on SQLite and on a real
PostgreSQL server) and the shared store fixtures of `tests/conftest.py`."""

from hub.conftest import *  # noqa: F403
