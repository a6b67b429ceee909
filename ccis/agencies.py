"""Agencies named in words, matched against the referral services of the code lists.

A consent names its agency in words (a CAF consent lists several) and an action names the
agency that owns it, while a referral names its service by code. A name matches a service when
it is the service's code or label in any version of the code lists, ignoring case, spacing and
underscores: "CAMHS", "camhs" and "Youth Offending Service" match; "Leeds youth offending team"
does not (a local team's own name is not recognised, so it is not taken for consent).
"""

from __future__ import annotations

from collections.abc import Iterable

from ccis.codes import CodeBook

SERVICES = "referral_service"


def plain(name: str) -> str:
    """A name as it is compared: lower case, single spaces, underscores as spaces."""
    return " ".join(name.replace("_", " ").casefold().split())


def names_of(codebook: CodeBook, codes: Iterable[str]) -> frozenset[str]:
    """The plain names (code and label) of the services `codes`."""
    wanted = set(codes)
    return frozenset(plain(name) for entry in codebook.entries(SERVICES)
                     if entry.code in wanted for name in (entry.code, entry.label))


def names_service(codebook: CodeBook, name: str | None, service: str) -> bool:
    """Whether the agency named `name` is the referral service `service`."""
    return name is not None and plain(name) in names_of(codebook, [service])
