"""`quotes eval --plots DIR`: the charts exist and the threshold curve behaves."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.image import imread
from paths import DEV, ROOT
from typer.testing import CliRunner

from quotes import extract_many
from quotes.cli import app
from quotes.evaluate import evaluate, prediction_outcomes
from quotes.evaluate.inputs import load_gold
from quotes.evaluate.plots import SPEAKERS_PNG, THRESHOLDS_PNG, threshold_curve

SEED_GOLD = ROOT / "annotations" / "seeds.jsonl"


def test_eval_writes_readable_pngs(tmp_path):
    out = tmp_path / "plots" / "seeds"
    result = CliRunner().invoke(app, ["eval", "--gold", str(SEED_GOLD), "--model", "rules",
                                      "--plots", str(out)])
    assert result.exit_code == 0, result.output
    for name in (SPEAKERS_PNG, THRESHOLDS_PNG):
        path = out / name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert 20_000 < path.stat().st_size < 2_000_000
        image = imread(path)
        assert image.shape[0] >= 400 and image.shape[1] >= 700
        assert image[..., :3].std() > 0.05  # drawn on, not a blank canvas


def test_unwritable_plots_folder_is_a_one_line_error(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    result = CliRunner().invoke(app, ["eval", "--gold", str(SEED_GOLD), "--model", "rules",
                                      "--plots", str(tmp_path / "file" / "plots")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].startswith("error: cannot write")


@pytest.mark.skipif(not DEV.is_dir(), reason=f"PolNeAR dev not found at {DEV}")
def test_threshold_curve_on_polnear_dev_agrees_with_the_report():
    gold = load_gold(DEV)
    predicted = list(extract_many([{"id": d.id, "text": d.text} for d in gold]))
    curve = threshold_curve(prediction_outcomes(gold, predicted), sum(len(d.quotes) for d in gold))
    assert len(curve.thresholds) >= 2 and np.all(np.diff(curve.thresholds) > 0)
    # a higher threshold keeps fewer predictions, so no recall can rise
    for values in (curve.kept, curve.quote_r, curve.who_r):
        assert np.all(np.diff(values) <= 1e-12)
    assert np.all(curve.who_p <= curve.quote_p) and np.all(curve.who_r <= curve.quote_r)
    metrics = evaluate(gold, predicted).metrics
    # at the lowest threshold every prediction is kept: the report's own scores
    assert curve.kept[0] == sum(len(d.quotes) for d in predicted)
    assert round(curve.quote_p[0], 4) == metrics["quote_p_overlap"]
    assert round(curve.quote_r[0], 4) == metrics["quote_r_overlap"]
    assert round(curve.who_p[0], 4) == metrics["who_said_what_p"]
    assert round(curve.who_r[0], 4) == metrics["who_said_what_r"]
