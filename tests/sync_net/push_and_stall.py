"""Run by test_faults: sync one store, but stop dead after the hub has answered the first push
and before the answer is recorded, until the test kills this process with SIGKILL."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from devices import FAST, PASSPHRASE
from hubproc import HUB_PASSWORD

from paclient.storage.store import Store
from paclient.sync.engine import sync_once
from paclient.sync.http import HubClient
from paclient.sync.tokens import TokenStore, account_for


class StallingClient(HubClient):
    def push(self, changes: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        results = super().push(changes)  # the hub has applied them and answered
        print(f"PUSHED {len(changes)}", flush=True)
        sys.stdin.readline()  # never returns: the test kills us here
        return results


def main() -> None:
    home, url, username = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    store = Store.unlock(home, PASSPHRASE)
    client = StallingClient(url, TokenStore(account_for(home, url, username)), retry=FAST)
    client.connect(username, "laptop", lambda: HUB_PASSWORD)
    sync_once(store, client, chunk=int(sys.argv[4]))


if __name__ == "__main__":
    main()
