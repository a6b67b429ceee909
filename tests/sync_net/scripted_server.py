"""A tiny HTTP server answering from a script, to test the client's retries and token rules
without the hub (the end-to-end tests use the real `ccis-hub`)."""

from __future__ import annotations

import json
import threading
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DROP = "drop"  # close the connection without answering


@dataclass
class Seen:
    method: str
    path: str
    authorization: str | None
    body: Any


@dataclass
class Script:
    answers: dict[tuple[str, str], deque[Any]] = field(default_factory=lambda: defaultdict(deque))
    seen: list[Seen] = field(default_factory=list)

    def add(self, method: str, path: str, *answers: Any) -> None:
        """Queue answers: (status, body) tuples or DROP. The last one repeats."""
        self.answers[(method, path)].extend(answers)

    def next(self, method: str, path: str) -> Any:
        queue = self.answers[(method, path.split("?")[0])]
        if not queue:
            return (404, {"detail": {"code": "not_found", "message": "Not scripted."}})
        return queue.popleft() if len(queue) > 1 else queue[0]


class ScriptedServer:
    def __init__(self) -> None:
        self.script = Script()
        script = self.script

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                script.seen.append(Seen(self.command, self.path,
                                        self.headers.get("Authorization"),
                                        json.loads(raw) if raw else None))
                answer = script.next(self.command, self.path)
                if answer == DROP:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                status, body = answer
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
