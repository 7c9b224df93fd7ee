"""A real doccano 1.8.4 server for the annotation tests, in its own cached virtualenv.

doccano pins Django, pandas 1 and pydantic-free libraries that cannot share the project's venv,
so it is installed once into `QUOTES_DOCCANO_VENV` (default ~/.cache/quotes-doccano-venv) and
run from there with its data (SQLite, media, Celery broker) under a temporary DOCCANO_HOME.
The webserver is served on 127.0.0.1 only, by scripts/doccano_loopback.py (`doccano
webserver` binds 0.0.0.0), as the README says to. The webserver and the Celery worker each get
their own process group: `stop_*` stops one as a user would (SIGTERM: gunicorn's graceful
stop, Celery's warm shutdown) and checks that its whole group is gone; `kill_webserver`
simulates a crash.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

DOCCANO_PIP = ["doccano==1.8.4", "marshmallow<4", "numpy<2"]
USER, PASSWORD = "admin", "pass"
LOOPBACK = Path(__file__).resolve().parents[1] / "scripts" / "doccano_loopback.py"


def doccano_venv() -> Path:
    """The cached venv with doccano, installed on first use; a marker file says it is complete."""
    venv = Path(os.environ.get("QUOTES_DOCCANO_VENV",
                               Path.home() / ".cache" / "quotes-doccano-venv")).expanduser()
    marker = venv / ".quotes-complete"
    if marker.exists():
        return venv
    shutil.rmtree(venv, ignore_errors=True)  # an interrupted install is redone from scratch
    venv.parent.mkdir(parents=True, exist_ok=True)
    python = shutil.which("python3.11") or sys.executable
    subprocess.run([python, "-m", "venv", str(venv)], check=True, capture_output=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", *DOCCANO_PIP], check=True,
                   capture_output=True)
    marker.write_text(" ".join(DOCCANO_PIP) + "\n")
    return venv


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DoccanoServer:
    """doccano's webserver and task worker on a free loopback port; `stop_*`/`start_*` per part."""

    def __init__(self, venv: Path, home: Path, port: int | None = None):
        self.doccano = str(venv / "bin" / "doccano")
        self.python = str(venv / "bin" / "python")
        self.home = home
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DOCCANO_HOME": str(home), "DEBUG": "False"}
        self.webserver: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None

    def setup(self) -> None:
        for args in (["init"], ["createuser", "--username", USER, "--password", PASSWORD]):
            subprocess.run([self.doccano, *args], env=self.env, check=True, capture_output=True,
                           timeout=300)

    def _spawn(self, command: list[str], log: str) -> subprocess.Popen:
        with open(self.home / log, "ab") as out:
            return subprocess.Popen(command, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)

    def start_webserver(self, timeout: float = 90) -> None:
        self.webserver = self._spawn([self.python, str(LOOPBACK), "--port", str(self.port),
                                      "--workers", "2"], "webserver.log")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.webserver.poll() is not None:
                raise RuntimeError(f"doccano webserver exited: {self.log('webserver.log')}")
            try:
                urllib.request.urlopen(f"{self.url}/v1/health", timeout=2)
                return
            except urllib.error.HTTPError:
                return  # it answers, even if not on this path
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"doccano did not answer on {self.url}: {self.log('webserver.log')}")

    def start_worker(self) -> None:
        self.worker = self._spawn([self.doccano, "task", "--concurrency", "1"], "worker.log")

    @staticmethod
    def group_alive(process: subprocess.Popen) -> bool:
        """Whether any process of `process`'s group (it leads one) is still there."""
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    @classmethod
    def _stop(cls, process: subprocess.Popen | None, timeout: float = 60) -> int | None:
        """SIGTERM to the leader, as a user stops it; its exit code, once its group is gone. A
        process that outstays `timeout` is killed with its group, and that is an error."""
        if process is None or process.poll() is not None:
            return None
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=timeout)
            deadline = time.monotonic() + 10
            while cls.group_alive(process) and time.monotonic() < deadline:
                time.sleep(0.2)
            if not cls.group_alive(process):
                return code
        except subprocess.TimeoutExpired:
            pass
        cls._kill(process)
        raise RuntimeError(f"{process.args} did not stop within {timeout} s of SIGTERM")

    @staticmethod
    def _kill(process: subprocess.Popen | None) -> None:
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_webserver(self) -> int | None:
        return self._stop(self.webserver)

    def kill_webserver(self) -> None:
        """A crash: the webserver and its workers die at once."""
        self._kill(self.webserver)

    def stop_worker(self) -> int | None:
        return self._stop(self.worker)

    def stop(self) -> None:
        try:
            self.stop_webserver()
            self.stop_worker()
        finally:  # whatever failed, nothing is left running
            self._kill(self.webserver)
            self._kill(self.worker)

    def log(self, name: str) -> str:
        path = self.home / name
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""
