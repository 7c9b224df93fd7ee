"""Scale: worker processes give the same documents in the same order, bad ones included, the
progress bar shows only on a terminal, and a document of megabytes on one line costs what its
articles cost apart. Speed itself is measured by eval/bench.py and eval/stress.py."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from paths import POLNEAR, ROOT
from typer.testing import CliRunner

import quotes
from quotes.cli import app
from quotes.pipeline import MAX_CHARS

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


def _closes_its_quotes(text: str) -> bool:
    """Every paragraph closes the quotes it opens: joined on one line, the marks pair as apart."""
    return all(line.count('"') % 2 == 0 and line.count("“") == line.count("”") for line in text.split("\n"))


def test_a_multi_megabyte_line_gives_the_quotes_of_its_articles_at_their_rate():
    articles = [d["text"] for d in real_documents(dev=84) if _closes_its_quotes(d["text"])]
    started = time.process_time()
    apart = list(quotes.extract_many(articles))
    apart_cpu = time.process_time() - started
    # The articles over and over on one line (line breaks made spaces: offsets stay put), their
    # marks blanked in all copies but the middle one, which alone has quotes to parse.
    copies = 2_000_000 // sum(len(t) + 1 for t in articles) + 1
    blank = str.maketrans({mark: " " for mark in '"“”'})
    texts = [(t if copy == copies // 2 else t.translate(blank)).replace("\n", " ")
             for copy in range(copies) for t in articles]
    line = " ".join(texts)
    assert "\n" not in line and 2_000_000 < len(line) <= MAX_CHARS
    started = time.process_time()
    doc = next(quotes.extract_many([line]))
    line_cpu = time.process_time() - started
    assert doc.error is None
    expected, offset = {}, sum(len(t) + 1 for t in texts[: copies // 2 * len(articles)])
    for text, found in zip(articles, apart, strict=True):
        expected.update({(q.start + offset, q.end + offset): q for q in found.quotes})
        offset += len(text) + 1
    got = {(q.start, q.end): q for q in doc.quotes}
    assert len(expected) > 500
    assert len(set(got) & set(expected)) >= 0.99 * len(expected)  # at their places in the line
    assert len(set(got) - set(expected)) <= 0.01 * len(expected)  # headlines read as prose there
    assert all(q.text == line[q.start : q.end] for q in doc.quotes)
    same_mention = sum(k in got and (got[k].speaker_mention and got[k].speaker_mention.start) ==
                       (q.speaker_mention and q.speaker_mention.start + k[0] - q.start)
                       for k, q in expected.items())
    assert same_mention >= 0.85 * len(expected)  # a quote's context is its sentences now
    # linear: a character of the line costs no more than it did apart (main took hours)
    assert line_cpu / len(line) < apart_cpu / sum(map(len, articles))
