"""The one error type the hub raises for an expected failure, with its wire code."""

from __future__ import annotations


class HubError(Exception):
    """A refusal the caller can act on: HTTP `status`, machine `code`, one plain sentence."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def out_of_scope() -> HubError:
    """The caller may not reach this record (or it does not exist: the two look the same)."""
    return HubError(403, "out_of_scope", "That record is not in your caseload.")


def not_found(what: str) -> HubError:
    """Something named in the path does not exist."""
    return HubError(404, "not_found", f"No such {what}.")
