"""`quotes annotate push/pull/import` against a real doccano 1.8.4 (one server for the module).

The server is installed into its own cached venv on first use (see doccano_server.py). The
tests skip only when QUOTES_SKIP_DOCCANO=1 is set outside CI; in CI a failed install fails.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from doccano_client import DoccanoClient
from doccano_server import PASSWORD, USER, DoccanoServer, doccano_venv, free_port
from typer.testing import CliRunner

from quotes.annotate.export import export_tasks
from quotes.cli import app
from quotes.gold.doccano import read_gold
from quotes.schema import Span

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def doccano(tmp_path_factory):
    if os.environ.get("QUOTES_SKIP_DOCCANO") == "1" and os.environ.get("CI") != "true":
        pytest.skip("QUOTES_SKIP_DOCCANO=1")
    server = DoccanoServer(doccano_venv(), tmp_path_factory.mktemp("doccano-home"))
    server.setup()
    try:
        server.start_webserver()
        server.start_worker()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def tasks(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tasks") / "seeds.jsonl"
    count, errors = export_tasks([ROOT / "seeds"], path, kind="all")  # QUOTE and CONTENT spans
    assert count == 5 and not errors
    return path


def annotate(doccano: DoccanoServer, *args: str, password: str = PASSWORD):
    env = {"QUOTES_DOCCANO_URL": doccano.url, "QUOTES_DOCCANO_USER": USER,
           "QUOTES_DOCCANO_PASSWORD": password}
    return runner.invoke(app, ["annotate", *map(str, args)], env=env)


def client(doccano: DoccanoServer) -> DoccanoClient:
    result = DoccanoClient(doccano.url)
    result.login(USER, PASSWORD)
    return result


def project_id(api: DoccanoClient, name: str) -> int:
    return next(p.id for p in api.list_projects() if p.name == name)


def test_round_trip_brings_back_the_annotators_change_and_nothing_else(doccano, tasks, tmp_path):
    first = annotate(doccano, "push", tasks, "--project", "seeds")
    assert first.exit_code == 0, first.stderr
    assert "uploaded 5 tasks" in first.stderr
    again = annotate(doccano, "push", tasks, "--project", "seeds")
    assert again.exit_code == 0 and "uploaded 0 tasks to 'seeds'; 5 were already there" in again.stderr
    api = client(doccano)
    pid = project_id(api, "seeds")
    project = api.find_project_by_id(pid)
    assert project.use_relation and project.allow_overlapping
    assert {t.text for t in api.list_label_types(pid, "span")} == {"QUOTE", "CUE", "SPEAKER", "CONTENT"}
    assert {t.text for t in api.list_label_types(pid, "relation")} == {"SAID_BY", "CUE"}
    examples = list(api.list_examples(pid))
    assert len(examples) == 5

    # As an annotator would: move one quote's speaker to another mention in the text.
    expected = {d.id: d for d in read_gold(tasks)}
    assert {q.kind for d in expected.values() for q in d.quotes} == {"direct", "indirect"}
    doc = next(d for d in expected.values() if any(q.speaker_mention for q in d.quotes))
    quote = next(q for q in doc.quotes if q.speaker_mention is not None and q.kind == "direct")
    word_start = doc.text.index("said") if "said" in doc.text else 0
    new_mention = Span.of(doc.text, word_start, word_start + 4)
    assert new_mention != quote.speaker_mention
    example = next(e for e in examples if e.meta["doc_id"] == doc.id)
    types = {t.text: t.id for t in api.list_label_types(pid, "span")}
    spans = api.list_spans(pid, example.id)
    old = next(s for s in spans if s.label == types["SPEAKER"]
               and (s.start_offset, s.end_offset) == (quote.speaker_mention.start,
                                                      quote.speaker_mention.end))
    quote_span = next(s for s in spans if s.label == types["QUOTE"]
                      and (s.start_offset, s.end_offset) == (quote.start, quote.end))
    api.delete_span(pid, example.id, old.id)
    added = api.create_span(pid, example.id, new_mention.start, new_mention.end, "SPEAKER")
    api.create_relation(pid, example.id, quote_span.id, added.id, "SAID_BY")
    others = [q for q in doc.quotes if q is not quote and q.speaker_mention == quote.speaker_mention]
    for other in others:  # the deleted span was shared: those quotes lose their speaker too
        other.speaker_mention = None
    quote.speaker_mention = new_mention

    export = tmp_path / "export.zip"
    pulled = annotate(doccano, "pull", "--project", "seeds", "-o", export)
    assert pulled.exit_code == 0, pulled.stderr
    assert zipfile.ZipFile(export).namelist() == ["all.jsonl"]
    gold = tmp_path / "gold.jsonl"
    imported = annotate(doccano, "import", export, "-o", gold)
    assert imported.exit_code == 0, imported.stderr
    assert {d.id: d for d in read_gold(gold)} == expected


def test_login_and_connection_failures_are_one_line(doccano, tasks):
    wrong = annotate(doccano, "push", tasks, "--project", "seeds", password="not-the-password")
    assert wrong.exit_code == 1
    assert wrong.stderr == (f"error: doccano at {doccano.url} refused the login of 'admin': "
                            "wrong user name or password\n")
    nowhere = runner.invoke(app, ["annotate", "pull", "--project", "seeds", "-o", "x.zip",
                                  "--url", f"http://127.0.0.1:{free_port()}",
                                  "--password", "secret-word"])
    assert nowhere.exit_code == 1 and len(nowhere.stderr.splitlines()) == 1
    assert "cannot reach doccano" in nowhere.stderr and "secret-word" not in nowhere.output


def test_a_rejected_upload_is_reported_and_a_fixed_rerun_completes(doccano, tasks, tmp_path):
    lines = tasks.read_text().splitlines()
    bad = tmp_path / "bad.jsonl"
    # A hand-edited line with one extra key: doccano wants the same meta keys on every line.
    bad.write_text("\n".join([lines[0][:-1] + ', "note": "check"}'] + lines[1:]) + "\n")
    result = annotate(doccano, "push", bad, "--project", "rejected")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: doccano rejected the upload of {bad}: ")
    assert len(result.stderr.splitlines()) == 1
    fixed = annotate(doccano, "push", tasks, "--project", "rejected")
    assert fixed.exit_code == 0, fixed.stderr
    assert len(list(client(doccano).list_examples(project_id(client(doccano), "rejected")))) == 5


def test_a_pull_cut_by_a_server_crash_keeps_the_old_file_and_a_rerun_completes(
        doccano, tasks, tmp_path):
    assert annotate(doccano, "push", tasks, "--project", "crash").exit_code == 0
    export = tmp_path / "export.zip"
    export.write_bytes(b"the previous pull")
    doccano.stop_worker()  # the export task now waits, so the pull is mid-way when we kill
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QUOTES_DOCCANO_URL": doccano.url,
           "QUOTES_DOCCANO_PASSWORD": PASSWORD}
    pull = subprocess.Popen([sys.executable, "-c", "from quotes.cli import main; main()",
                             "annotate", "pull", "--project", "crash", "-o", str(export)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(6)
        assert pull.poll() is None, pull.communicate()
        doccano.kill_webserver()
        _, stderr = pull.communicate(timeout=60)
    finally:
        if pull.poll() is None:
            pull.kill()
        doccano.start_webserver()
        doccano.start_worker()
    assert pull.returncode == 1
    assert stderr.startswith(f"error: cannot reach doccano at {doccano.url}")
    assert len(stderr.splitlines()) == 1
    assert export.read_bytes() == b"the previous pull"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.zip"]
    rerun = annotate(doccano, "pull", "--project", "crash", "-o", export)
    assert rerun.exit_code == 0, rerun.stderr
    assert zipfile.ZipFile(export).namelist() == ["all.jsonl"]


def test_the_server_answers_on_loopback_only_and_its_worker_stops_cleanly(doccano, tasks, tmp_path):
    with urllib.request.urlopen(f"{doccano.url}/v1/health", timeout=10) as answer:
        assert answer.status == 200
    if sys.platform == "linux":  # all of 127/8 is loopback there: a 0.0.0.0 bind would answer
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.2", doccano.port), timeout=5).close()
    assert annotate(doccano, "push", tasks, "--project", "loopback").exit_code == 0
    worker = doccano.worker
    assert doccano.stop_worker() == 0
    assert not doccano.group_alive(worker)
    assert "Warm shutdown" in doccano.log("worker.log")
    doccano.start_worker()  # a restarted worker takes the exports again
    export = tmp_path / "export.zip"
    pulled = annotate(doccano, "pull", "--project", "loopback", "-o", export)
    assert pulled.exit_code == 0, pulled.stderr
    assert zipfile.ZipFile(export).namelist() == ["all.jsonl"]
