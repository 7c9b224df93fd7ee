"""The precision/recall gates CI enforces: `quotes eval --fail-under` on the seed gold and on
PolNeAR dev, with thresholds (eval/gates.json) no lower than the committed results."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from paths import POLNEAR, ROOT

GOLD = {"polnear-dev": POLNEAR / "dev", "seeds": ROOT / "annotations" / "seeds.jsonl"}
GATES = json.loads((ROOT / "eval" / "gates.json").read_text(encoding="utf-8"))
CASES = [(gold, system) for gold, systems in GATES.items() for system in systems]


@pytest.mark.parametrize(("gold", "system"), CASES)
def test_gates_hold(gold: str, system: str) -> None:
    gates = [f"{metric}={value}" for metric, value in GATES[gold][system].items()]
    result = subprocess.run([sys.executable, "-m", "quotes.cli", "eval", "--gold", str(GOLD[gold]),
                             "--model", system, *(a for g in gates for a in ("--fail-under", g))],
                            capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert result.returncode == 0, result.stderr + result.stdout[-2000:]


@pytest.mark.parametrize(("gold", "system"), CASES)
def test_gates_are_the_committed_numbers(gold: str, system: str) -> None:
    committed = json.loads((ROOT / "eval" / "results" / gold / f"{system}.json").read_text())["metrics"]
    for metric, gate in GATES[gold][system].items():
        assert gate >= math.floor(committed[metric] * 1000) / 1000, (gold, system, metric)
