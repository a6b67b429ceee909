"""The authority's settings (DOMAIN §4, "defaults, configurable"): its own LA code and the
time rules. Declared once here, so the hub (which keeps them and lets an admin change them)
and a laptop (which receives them at sync) check every value with the same rule.

Values travel and are kept as text, by key; `policy_from` turns them into the `RulePolicy` the
time rules read, falling back to the default for any value that is missing or out of range.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from ccis.codes import CodeBook
from ccis.errors import ValidationError, ValidationErrors
from ccis.identifiers import check_la_code
from ccis.rules import RulePolicy

OWN_LA = "own_la"


@dataclass(frozen=True)
class Setting:
    """One setting: its key, what it means, and (for a number) its sane range."""

    key: str
    meaning: str
    low: int | None = None  # None: an LA code, not a number
    high: int | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting(OWN_LA, "the authority's own LA code"),
    Setting("neet_currency_months", "months a NEET activity stays current", 1, 6),
    Setting("eet_currency_months", "months an EET activity stays current", 3, 24),
    Setting("leaver_contact_working_days",
            "working days to contact a leaver or a young person who became NEET", 1, 20),
    Setting("referral_follow_up_working_days",
            "working days to follow up a referral", 1, 30),
    Setting("review_weeks_level_1",
            "weeks between action-plan reviews at level of need 1", 1, 26),
    Setting("review_months_other",
            "months between action-plan reviews at other levels of need", 1, 12),
    Setting("approaching_18_weeks",
            "weeks before the 18th birthday the approaching-18 checklist starts", 1, 52),
    Setting("age_out", "age at which a record leaves the active caseload", 18, 25),
    Setting("age_out_send", "age at which a record with SEND leaves the active caseload",
            19, 26),
)
BY_KEY = {setting.key: setting for setting in SETTINGS}


def default(key: str) -> str | None:
    """The value that applies when none is set (None for the own LA: there is no default)."""
    if key == OWN_LA:
        return None
    return str(getattr(RulePolicy(), key))


def check_setting(key: str, value: object, codebook: CodeBook) -> str:
    """`value` as kept (digits, no padding); ValidationError naming the setting's meaning and
    its range when the key is unknown or the value out of bounds."""
    setting = BY_KEY.get(key)
    if setting is None:
        raise ValidationError(key, "setting_unknown", (
            f"is not a setting; the settings are {', '.join(BY_KEY)}"))
    text = str(value).strip()
    if setting.low is None:
        code = check_la_code(text, key, codebook)
        entry = codebook.entry("la", code)
        if entry is not None and entry.attrs.get("pseudo"):
            raise ValidationError(key, "own_la_real", (
                f"({setting.meaning}) must be a local authority, not {entry.label}"))
        return code
    assert setting.high is not None
    if not (text.isdigit() and setting.low <= int(text) <= setting.high):
        raise ValidationError(key, "setting_range", (
            f"({setting.meaning}) must be a whole number from {setting.low} to "
            f"{setting.high}"))
    return str(int(text))


def check_settings(values: Mapping[str, object], codebook: CodeBook,
                   kept: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every value in `values` checked (all problems raised together as ValidationErrors),
    and the ages checked against each other with the settings `kept` already."""
    checked: dict[str, str] = {}
    errors: list[ValidationError] = []
    for key, value in values.items():
        try:
            checked[key] = check_setting(key, value, codebook)
        except ValidationError as exc:
            errors.append(exc)
    merged = {**(kept or {}), **checked}
    policy = policy_from(merged)
    if not errors and policy.age_out > policy.age_out_send:
        errors.append(ValidationError("age_out", "age_out_order", (
            "(age at which a record leaves the active caseload) cannot be above the age for a "
            "record with SEND")))
    if errors:
        raise ValidationErrors(errors)
    return checked


def valid_only(values: Mapping[str, str], codebook: CodeBook) -> dict[str, str]:
    """The values of `values` that pass their check (what a device keeps from its hub)."""
    kept: dict[str, str] = {}
    for key, value in values.items():
        try:
            kept[key] = check_setting(key, value, codebook)
        except ValidationError:
            continue
    return kept


def policy_from(values: Mapping[str, str]) -> RulePolicy:
    """The time rules with each numeric setting in `values` that is within its range."""
    changes: dict[str, int] = {}
    for key, value in values.items():
        setting = BY_KEY.get(key)
        if setting is None or setting.low is None or setting.high is None:
            continue
        if value.isdigit() and setting.low <= int(value) <= setting.high:
            changes[key] = int(value)
    return dataclasses.replace(RulePolicy(), **changes)
