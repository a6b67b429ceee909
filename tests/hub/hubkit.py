"""Helpers for the hub tests: row builders in the shape paclient pushes, and a small client."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

STAMP = "2026-11-22T10:00:00"


class HttpClient(Protocol):
    def post(self, url: str, **kwargs: Any) -> httpx.Response: ...
    def get(self, url: str, **kwargs: Any) -> httpx.Response: ...


def new_id() -> str:
    return str(uuid.uuid4())


def change(table: str, row_id: str, op: str, fields: dict[str, Any] | None = None,
           base_rev: int | None = None) -> dict[str, Any]:
    """One push entry."""
    return {"change_id": new_id(), "table": table, "row_id": row_id, "op": op,
            "fields": fields or {}, "base_rev": base_rev}


def _synced(by: str) -> dict[str, Any]:
    return {"created_at": STAMP, "updated_at": STAMP, "updated_by": by, "deleted_at": None}


def person(by: str = "pa", **extra: Any) -> dict[str, Any]:
    return {**_synced(by), "given_name": "Sam", "family_name": "Jones",
            "date_of_birth": "2009-03-04", "gender": "F", "send": False, "sen_support": False,
            "cohort_status": "P", **extra}


def consent(person_id: str, by: str = "pa", **extra: Any) -> dict[str, Any]:
    return {**_synced(by), "person_id": person_id, "purpose": "referral",
            "given_by": "young_person", "decision": "given", "recorded_on": "2026-11-01",
            **extra}


def contact(person_id: str, by: str = "pa", **extra: Any) -> dict[str, Any]:
    return {**_synced(by), "person_id": person_id, "occurred_at": STAMP,
            "method": "face_to_face", "setting": "school", "topics": ["careers"],
            "discussion": "Talked.",
            "agreed": "Apply.", "did_not_attend": False, "sensitive": False, **extra}


def addendum(contact_id: str, by: str = "pa", **extra: Any) -> dict[str, Any]:
    return {**_synced(by), "contact_id": contact_id, "text": "Later note.",
            "written_at": STAMP, "signed_by": "P. Adviser", **extra}


def team(by: str = "pa") -> dict[str, Any]:
    return {**_synced(by), "name": "North"}


@dataclass
class Api:
    """One logged-in device talking to a hub."""

    http: HttpClient
    tokens: dict[str, Any]
    headers: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.headers = {"Authorization": f"Bearer {self.tokens['access_token']}"}

    def push(self, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        response = self.http.post("/v1/sync/push", json={"changes": changes},
                                  headers=self.headers)
        assert response.status_code == 200, response.text
        results: list[dict[str, Any]] = response.json()["results"]
        return results

    def push_one(self, entry: dict[str, Any]) -> dict[str, Any]:
        return self.push([entry])[0]

    def add_person(self, **extra: Any) -> str:
        person_id = new_id()
        result = self.push_one(change("young_person", person_id, "insert", person(**extra)))
        assert result["status"] == "applied", result
        return person_id

    def pull_page(self, cursor: int, limit: int = 500) -> dict[str, Any]:
        response = self.http.get("/v1/sync/pull", params={"cursor": cursor, "limit": limit},
                                 headers=self.headers)
        assert response.status_code == 200, response.text
        page: dict[str, Any] = response.json()
        return page

    def pull_all(self, cursor: int = 0, limit: int = 500) -> tuple[list[dict[str, Any]],
                                                                    list[dict[str, Any]], int]:
        rows: list[dict[str, Any]] = []
        exits: list[dict[str, Any]] = []
        while True:
            page = self.pull_page(cursor, limit)
            rows += page["rows"]
            exits += page["exits"]
            cursor = page["cursor"]
            if not page["more"]:
                return rows, exits, cursor

    def get(self, url: str) -> httpx.Response:
        return self.http.get(url, headers=self.headers)

    def post(self, url: str, body: Any) -> httpx.Response:
        return self.http.post(url, json=body, headers=self.headers)


def error_code(response: httpx.Response) -> str:
    code: str = response.json()["detail"]["code"]
    return code
