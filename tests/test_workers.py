"""Supervised workers: a killed worker costs nothing but time, a stop signal leaves no worker
behind and a well-formed output, and a document that kills every worker becomes an error
record while the run goes on."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from test_scale import real_documents, write_jsonl

import quotes

CODE = Path(quotes.__file__).resolve().parents[1]  # the quotes under test, in the subprocess too


def stream(n: int) -> list[dict[str, str]]:
    """`n` records cycling through the seeds and some PolNeAR dev texts, each with its own id."""
    docs = real_documents(dev=4)
    return [{**docs[i % len(docs)], "id": f"{i}-{docs[i % len(docs)]['id']}"} for i in range(n)]


def start_extract(source: Path, out: Path, *args: str) -> subprocess.Popen:
    """`quotes extract SOURCE ARGS` writing JSONL to `out` (a file, so that it can be watched)."""
    code = "import sys; from quotes.cli import app; sys.argv[0] = 'quotes'; app()"
    env = {**os.environ, "PYTHONPATH": str(CODE)}
    with out.open("w") as stdout:
        return subprocess.Popen([sys.executable, "-c", code, "extract", str(source), *args],
                                stdout=stdout, stderr=subprocess.PIPE, text=True, env=env)


def wait_for_lines(out: Path, n: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while out.read_text().count("\n") < n:
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.05)


def workers_of(pid: int) -> list[int]:
    """The forked children of `pid` (its command line; not a helper it started with exec)."""
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    children = [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
                for c in (task / "children").read_text().split()]
    return [c for c in children if alive(c) and Path(f"/proc/{c}/cmdline").read_bytes() == cmdline]


def alive(pid: int) -> bool:
    """Whether `pid` exists and is not a zombie (which has exited: only its entry is left)."""
    try:
        os.kill(pid, 0)
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (ProcessLookupError, FileNotFoundError):
        return False


def test_cli_a_killed_worker_costs_nothing_but_time(tmp_path):
    records = stream(24)
    out = tmp_path / "out.jsonl"
    proc = start_extract(write_jsonl(records, tmp_path / "in.jsonl"), out, "--n-process", "2",
                         "--batch-size", "2")
    wait_for_lines(out, 4, proc)
    os.kill(workers_of(proc.pid)[0], signal.SIGKILL)  # as the OOM killer would
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert stderr.count("\n") == 1 and "killed by SIGKILL" in stderr and "redoing" in stderr
    docs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [d["id"] for d in docs] == [r["id"] for r in records]
    assert not [d for d in docs if "error" in d]
    by_text: dict[str, list] = {}
    for record, doc in zip(records, docs, strict=True):
        by_text.setdefault(record["text"], []).append(doc["quotes"])
    assert all(copy == copies[0] for copies in by_text.values() for copy in copies)  # redone alike
    assert sum(len(d["quotes"]) for d in docs) > 100


@pytest.mark.parametrize(("signum", "code", "message"), [(signal.SIGTERM, 143, "error: stopped by SIGTERM"),
                                                         (signal.SIGINT, 130, "error: interrupted")])
def test_cli_stop_signal_ends_workers_and_leaves_whole_records(tmp_path, signum, code, message):
    records = stream(60)
    out = tmp_path / "out.jsonl"
    proc = start_extract(write_jsonl(records, tmp_path / "in.jsonl"), out, "--n-process", "2",
                         "--batch-size", "2")
    wait_for_lines(out, 4, proc)
    workers = workers_of(proc.pid)
    assert len(workers) == 2
    try:
        os.kill(proc.pid, signum)
        _, stderr = proc.communicate(timeout=60)
        assert [w for w in workers if alive(w)] == []
    finally:
        for worker in workers:  # what a failure left behind
            if alive(worker):
                os.kill(worker, signal.SIGKILL)
    assert proc.returncode == code
    assert stderr == message + "\n"
    lines = out.read_text().split("\n")
    assert lines[-1] == ""  # ends after a whole line
    docs = [json.loads(line) for line in lines[:-1]]
    assert 4 <= len(docs) < len(records)
    assert [d["id"] for d in docs] == [r["id"] for r in records[:len(docs)]]


def _worker_pids() -> set[int]:
    """The live child processes, read from /proc: `multiprocessing.active_children()` reaps
    children, and a thread reaping them races the pool's own wait for their exit codes."""
    pids: set[int] = set()
    for children in Path(f"/proc/{os.getpid()}/task").glob("*/children"):
        pids.update(int(pid) for pid in children.read_text().split())
    return pids


def test_api_survives_a_killed_worker():
    records = stream(8)
    one = [d.to_dict() for d in quotes.extract_many(records, batch_size=2)]
    before = _worker_pids()
    two = []
    for doc in quotes.extract_many(records, batch_size=2, n_process=2):
        if len(two) == 2:
            os.kill(min(_worker_pids() - before), signal.SIGKILL)
        two.append(doc.to_dict())
    assert two == one
    assert _worker_pids() <= before  # none left once the stream is done


def test_api_a_document_that_kills_every_worker_is_an_error_record_and_the_run_goes_on():
    records = stream(3)
    before = _worker_pids()
    done = threading.Event()

    def kill_every_worker() -> None:
        while not done.is_set():
            for pid in _worker_pids() - before:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.001)

    killer = threading.Thread(target=kill_every_worker)
    killer.start()
    try:
        docs = list(quotes.extract_many(records, batch_size=2, n_process=2))
    finally:
        done.set()
        killer.join()
    assert [d.id for d in docs] == [r["id"] for r in records]
    for doc in docs:
        assert doc.error == f"{doc.id}: a worker process died twice extracting it (last killed by SIGKILL)"
        assert doc.quotes == []


def test_cli_shares_a_large_input_among_workers_by_default_with_what_one_process_gives(tmp_path):
    from quotes.parallel import AUTO_BYTES, auto_processes

    records = stream(40)
    source = write_jsonl(records, tmp_path / "in.jsonl")
    assert source.stat().st_size >= AUTO_BYTES
    expected = auto_processes(source.stat().st_size)  # one per CPU of this machine, at most 4
    out, alone = tmp_path / "out.jsonl", tmp_path / "alone.jsonl"
    proc = start_extract(source, out)
    seen = 0  # the most workers seen at once, watched for the whole run (they end with it)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            seen = max(seen, len(workers_of(proc.pid)))
        except (FileNotFoundError, ProcessLookupError):  # a process exited while being read
            pass
        time.sleep(0.01)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert seen == (expected if expected > 1 else 0)
    single = start_extract(source, alone, "--n-process", "1")
    assert single.wait(timeout=300) == 0
    assert out.read_text() == alone.read_text()
    small = start_extract(write_jsonl(records[:2], tmp_path / "small.jsonl"), tmp_path / "small-out.jsonl")
    time.sleep(0.5)
    assert workers_of(small.pid) == [] and small.wait(timeout=300) == 0  # a small input: no workers
