"""Scale: worker processes give the same documents in the same order, bad ones included, and
the progress bar shows only on a terminal. Speed itself is measured by eval/bench.py."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from paths import POLNEAR, ROOT
from typer.testing import CliRunner

import quotes
from quotes.cli import app

SEEDS = ROOT / "seeds"


def real_documents(dev: int = 6) -> list[dict[str, str]]:
    """The seeds and the first `dev` PolNeAR dev texts (when PolNeAR is there) as records."""
    paths = sorted(SEEDS.glob("*.txt")) + sorted((POLNEAR / "dev" / "text").glob("*.txt"))[:dev]
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in paths]


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_two_processes_give_what_one_gives_in_order_with_bad_documents():
    docs = real_documents()
    items = [*docs[:3], {"id": "no-text"}, *docs[3:], 42, {"id": "not-a-string", "text": ["x"]}]
    one = [d.to_dict() for d in quotes.extract_many(items, batch_size=2)]
    two = [d.to_dict() for d in quotes.extract_many(items, batch_size=2, n_process=2)]
    assert two == one
    assert [d["id"] for d in two] == [*(d["id"] for d in docs[:3]), "no-text",
                                      *(d["id"] for d in docs[3:]), str(len(docs) + 1), "not-a-string"]
    assert sum(len(d["quotes"]) for d in two) > 20
    assert [d["id"] for d in two if "error" in d] == ["no-text", str(len(docs) + 1), "not-a-string"]


def test_cli_n_process_writes_the_same_file(tmp_path):
    source = write_jsonl(real_documents(dev=2), tmp_path / "in.jsonl")
    runner = CliRunner()
    for n in (1, 2):
        result = runner.invoke(app, ["extract", str(source), "-o", str(tmp_path / f"{n}.jsonl"),
                                     "--n-process", str(n), "--batch-size", "3"])
        assert result.exit_code == 0, result.output
        assert result.stderr == ""  # not a terminal: no progress bar
    assert (tmp_path / "2.jsonl").read_text() == (tmp_path / "1.jsonl").read_text()
    assert len((tmp_path / "1.jsonl").read_text().splitlines()) == 7


def _stderr_on_a_terminal(*args: str) -> str:
    """Run `quotes extract ARGS` with stderr on a pseudo-terminal; what the terminal showed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    code = "import sys; from quotes.cli import app; sys.argv[0] = 'quotes'; app()"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-c", code, "extract", *args], stdout=subprocess.DEVNULL,
                          stderr=follower, env=env, check=False, timeout=300)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed and drained
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert proc.returncode == 0, shown
    return shown.decode("utf-8", "replace")


def test_progress_bar_only_on_a_terminal_and_not_when_quiet():
    seeds = str(SEEDS)
    shown = _stderr_on_a_terminal(seeds)
    assert "5/5" in shown and "doc/s" in shown  # counted from the folder: the bar has an end
    assert _stderr_on_a_terminal(seeds, "--quiet") == ""
