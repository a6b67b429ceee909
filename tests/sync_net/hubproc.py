"""The real `ccis-hub` as a subprocess on 127.0.0.1, and a TCP proxy that can cut connections."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
HUB = str(Path(sys.executable).with_name("ccis-hub"))
HUB_PASSWORD = "hub password for tests 1"
LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:(\d+))")


class Hub:
    """One ccis-hub process over a SQLite (or PostgreSQL) database; restartable."""

    def __init__(self, db_url: str, workdir: Path) -> None:
        self.db_url = db_url
        self.workdir = workdir
        self.process: subprocess.Popen[str] | None = None
        self.url = ""
        self.port = 0
        self.output: list[str] = []

    def start(self) -> None:
        """Start serving (on the same port as before when restarted) and wait until ready."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.output = []
        self.process = subprocess.Popen(
            [HUB, "serve", "--db", self.db_url, "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
            cwd=self.workdir)
        listening, settled = threading.Event(), threading.Event()
        threading.Thread(target=self._read, args=(self.process, listening, settled),
                         daemon=True).start()
        settled.wait(timeout=60)  # it listens, or its output ends because it stopped
        if not listening.is_set():
            raise AssertionError("the hub did not start:\n" + "".join(self.output))

    def _read(self, process: subprocess.Popen[str], listening: threading.Event,
              settled: threading.Event) -> None:
        assert process.stdout is not None
        try:
            for line in process.stdout:
                self.output.append(line)
                found = LISTENING.search(line)
                if found and not listening.is_set():
                    self.url, self.port = found.group(1), int(found.group(2))
                    listening.set()
                    settled.set()
        finally:
            settled.set()

    def kill(self) -> None:
        """kill -9, as a crash would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)

    def cli(self, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ}
        if password is not None:
            env["CCIS_HUB_PASSWORD"] = password
        return subprocess.run([HUB, *args, "--db", self.db_url], env=env, capture_output=True,
                              text=True, timeout=120, check=False, cwd=self.workdir)

    def add_user(self, name: str, role: str = "adviser", *extra: str) -> None:
        made = self.cli("user", "add", name, "--role", role, *extra, password=HUB_PASSWORD)
        assert made.returncode == 0, made.stdout + made.stderr

    def query(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        """Read the hub's own database (SQLite) to check what it holds."""
        path = self.db_url.removeprefix("sqlite:///")
        with sqlite3.connect(path, timeout=30) as connection:
            return connection.execute(sql, params).fetchall()


class CuttableProxy:
    """A TCP proxy on 127.0.0.1 in front of `target_port`; `cut()` drops every open
    connection and refuses new ones until `restore()`."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._up = threading.Event()
        self._up.set()
        self._lock = threading.Lock()
        self._passed = threading.Condition(self._lock)  # notified as bytes pass
        self._open: list[socket.socket] = []
        self.refused = 0
        self.forwarded = 0  # bytes passed on, both ways
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._closing = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._up.is_set():
                with self._lock:
                    self.refused += 1
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self._before_passing(source)
                sink.sendall(data)
                with self._passed:
                    self.forwarded += len(data)
                    self._passed.notify_all()
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _before_passing(self, source: socket.socket) -> None:
        """Called before each chunk read from `source` is passed on (a subclass may hold it)."""

    def wait_forwarded(self, more_than: int, timeout: float = 30) -> None:
        """Block until more than `more_than` bytes have passed, both ways together."""
        with self._passed:
            if not self._passed.wait_for(lambda: self.forwarded > more_than, timeout):
                raise AssertionError(f"no more than {more_than} bytes through the proxy")

    def cut(self) -> None:
        """Drop every connection now, mid-transfer, and refuse new ones."""
        self._up.clear()
        with self._lock:
            for connection in self._open:
                _reset(connection)
            self._open.clear()

    def restore(self) -> None:
        self._up.set()

    def close(self) -> None:
        self._closing = True
        self.cut()
        self._listener.close()


def _reset(connection: socket.socket) -> None:
    """Close with RST, as a cut cable or a dead router looks to the other end."""
    try:
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
    except OSError:
        pass
