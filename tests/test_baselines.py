"""The baselines run as scripts on PolNeAR dev and are scored by `quotes eval`."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from paths import DEV, ROOT
from typer.testing import CliRunner

from quotes.cli import app

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason=f"PolNeAR dev not found at {DEV}")


def baseline(name: str, out: Path) -> subprocess.CompletedProcess:
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.run([sys.executable, "-m", f"eval.baselines.{name}", "--gold", str(DEV),
                           "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)


def scores(pred: Path, tmp_path: Path, *gates: str) -> tuple[int, dict]:
    report = tmp_path / f"{pred.stem}.json"
    gate_args = [arg for gate in gates for arg in ("--fail-under", gate)]
    result = CliRunner().invoke(app, ["eval", "--gold", str(DEV), "--pred", str(pred),
                                      "--report-json", str(report), *gate_args])
    return result.exit_code, json.loads(report.read_text())


def test_marks_floor_finds_nine_in_ten_gold_quotes_and_no_speakers(tmp_path):
    pred = tmp_path / "marks.jsonl"
    assert baseline("marks", pred).returncode == 0
    code, report = scores(pred, tmp_path, "quote_f1_overlap=0.90")
    assert code == 0, report["metrics"]
    assert report["metrics"]["speaker_mention_acc"] == 0.0
    assert report["metrics"]["who_said_what_f1"] == 0.0


@pytest.mark.skipif(importlib.util.find_spec("textacy") is None, reason="textacy not installed")
def test_textacy_baseline_scores_and_reports_its_failures(tmp_path):
    pred = tmp_path / "textacy.jsonl"
    run = baseline("textacy_quotes", pred)
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in pred.read_text().splitlines()]
    failed = [r for r in records if "error" in r]
    assert len(records) == len(list((DEV / "text").glob("*.txt")))
    assert 0 < len(failed) < len(records) / 2
    assert f"{len(failed)} failed" in run.stderr
    code, report = scores(pred, tmp_path, "quote_f1_overlap=0.45", "who_said_what_f1=0.35")
    assert code == 0, report["metrics"]
    assert report["failed_documents"] == len(failed)
    assert report["metrics"]["who_said_what_f1"] < report["metrics"]["quote_f1_overlap"]
