"""Expected failures of the shared domain: a value that breaks a rule, an unreadable file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class ExpectedError(Exception):
    """An expected failure the user can understand and act on; it carries data, not prose."""

    def __str__(self) -> str:
        return self.sentence()

    def sentence(self) -> str:
        """One plain sentence for the command line, the hub's answer and local logs."""
        return "The action could not be completed."


@dataclass
class ValidationError(ExpectedError):
    """A value broke a rule. `field` names the field, `rule` is a stable rule id."""

    field: str
    rule: str
    message: str

    def sentence(self) -> str:
        return f"{self.field}: {self.message}"


@dataclass
class ValidationErrors(ExpectedError):
    """Several rule breaks found together; nothing was written."""

    errors: list[ValidationError] = field(default_factory=list)

    def sentence(self) -> str:
        return "; ".join(e.sentence() for e in self.errors)


@dataclass
class TransferFileInvalid(ExpectedError):
    """An offline transfer file that the code does not open: wrong code, damaged or not one."""

    path: Path
    detail: str

    def sentence(self) -> str:
        return (f"The transfer file {self.path} cannot be read ({self.detail}): check the "
                "one-time code, or write the file again.")
