"""Training a model folder: the span models, the quote and attribution classifiers, a model card.

    quotes train --train GOLD... --dev GOLD --output DIR [--config FILE] [--seed N]

The same seed gives the same model: spaCy's training is seeded through the config's
`system.seed`, the folds are fixed (every second document), and the classifiers' solver is
deterministic.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quotes.attribution.train import PairData, add_pairs
from quotes.cueing.train import add_cue_pairs
from quotes.evaluate import evaluate
from quotes.evaluate.inputs import load_gold
from quotes.gold.polnear import is_polnear_split
from quotes.linear import HashedLogistic
from quotes.quotation.train import quote_examples
from quotes.reported.train import fit_reported
from quotes.rules import RulesExtractor
from quotes.schema import Document
from quotes.spans.corpus import CUES, QUOTES, SPEAKERS
from quotes.spans.model import SpanModel
from quotes.trained import SpansFor, TrainedExtractor, labelled, load_spans

# Regularisation of the classifiers, chosen on PolNeAR dev (the cue classifier's by 5-fold CV on
# PolNeAR train's candidate cues: top-1 0.881, 0.882, 0.884, 0.883 for C = 0.3, 1, 3, 10, as
# measured by eval/cue_decisions.py at commit 49a41ff).
QUOTE_C = 0.3
CUE_C = 3.0
ATTRIBUTION_C = 3.0
FOLDS = 2  # span models trained for the classifiers' out-of-fold span scores
CARD_METRICS = ("quote_f1_exact", "quote_f1_overlap", "speaker_mention_acc", "canonical_speaker_acc",
                "cue_acc", "who_said_what_p", "who_said_what_r", "who_said_what_f1")


def _gold(paths: Sequence[str | Path], kinds: tuple[str, ...] = ("direct",)) -> list[Document]:
    return [doc for path in paths for doc in load_gold(path, kinds)]


def _span_models(train_docs: list[Document], dev_docs: list[Document], output: Path, rules: RulesExtractor,
                 config: str | Path | None, seed: int, overrides: dict[str, Any] | None) -> SpansFor:
    """Train the span model on all of `train_docs` into `output/spans`, and one per fold on the
    other folds; returns, by document id, the fold model that never saw that document.

    The classifiers learn how far to trust the span model's scores from scores it gives to text
    it was not trained on, as it will at extraction time (stacking with out-of-fold scores).
    """
    from quotes.spans.train import train_spans

    folds = [i % FOLDS for i in range(len(train_docs))]
    by_doc: dict[str, SpanModel] = {}
    with tempfile.TemporaryDirectory(prefix="quotes-train-") as tmp:
        for fold in [*range(FOLDS), None]:  # each fold held out, then none (the shipped model)
            taught = [doc for doc, f in zip(train_docs, folds, strict=True) if f != fold]
            best = train_spans(taught, dev_docs, Path(tmp) / f"fold{fold}", config_path=config, seed=seed,
                               overrides=overrides)
            if fold is None:
                shutil.copytree(best, output / "spans")
            else:
                model = load_spans(best, rules.nlp)
                by_doc.update((doc.id, model) for doc, f in zip(train_docs, folds, strict=True) if f == fold)
    return by_doc.get


def _span_scores(folder: Path) -> dict[str, float]:
    """The span model's own dev scores per span type, from the meta.json spaCy wrote."""
    performance = json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("performance", {})
    return {key: round(value, 4) for key, value in sorted(performance.items())
            if key.startswith(tuple(f"spans_{k}_" for k in (QUOTES, CUES, SPEAKERS))) and value is not None}


def fit_classifiers(rules: RulesExtractor, train_docs: list[Document], spans_for: SpansFor | None,
                    output: Path, seed: int) -> tuple[PairData, PairData]:
    """Fit and save the quote, cue and attribution classifiers from one pass over the parsed
    training documents; returns the cue and the attribution pairs (for the record)."""
    features: list[dict[str, float]] = []
    labels: list[int] = []
    cues, pairs = PairData(), PairData()
    for doc in labelled(rules, train_docs, spans_for):
        more, marks = quote_examples(doc)
        features.extend(more)
        labels.extend(marks)
        add_cue_pairs(cues, doc)
        add_pairs(pairs, doc)
    HashedLogistic("quotation", c=QUOTE_C, seed=seed).fit(features, labels).save(output)
    HashedLogistic("cue", c=CUE_C, seed=seed).fit(cues.features, cues.labels).save(output)
    HashedLogistic("attribution", c=ATTRIBUTION_C, seed=seed).fit(pairs.features, pairs.labels).save(output)
    return cues, pairs


def train_model(train: Sequence[str | Path], dev: str | Path, output: str | Path,
                config: str | Path | None = None, seed: int = 0, spans: bool = True,
                span_overrides: dict[str, Any] | None = None,
                report: Sequence[str | Path] = ()) -> dict[str, Any]:
    """Train into `output` and return its `meta.json` record. `report` names extra gold sets
    (e.g. the seed gold) scored for the model card besides `dev`."""
    output = Path(output)
    train_docs, dev_docs = _gold(train), load_gold(dev)
    output.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(output / "spans", ignore_errors=True)
    rules = RulesExtractor()
    spans_for = (_span_models(train_docs, dev_docs, output, rules, config, seed, span_overrides)
                 if spans else None)
    cues, pairs = fit_classifiers(rules, train_docs, spans_for, output, seed)
    reported = [p for p in train if is_polnear_split(p)]  # the splits with reported speech annotated
    reported_record = (fit_reported(rules, _gold(reported, ("direct", "indirect")), output, seed)
                       if reported else None)
    meta: dict[str, Any] = {
        "name": output.name,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "seed": seed,
        "span_model": spans,
        "span_folds": FOLDS if spans else 0,
        "span_scores": _span_scores(output / "spans") if spans else {},
        "quote_c": QUOTE_C,
        "cue_c": CUE_C,
        "attribution_c": ATTRIBUTION_C,
        "train": [str(p) for p in train],
        "dev": str(dev),
        "train_documents": len(train_docs),
        "train_quotes": sum(len(d.quotes) for d in train_docs),
        "attribution_pairs": len(pairs.labels),
        "speaker_candidate_coverage": round(pairs.covered / max(1, pairs.quotes), 4),
        "cue_pairs": len(cues.labels),
        "cue_candidate_coverage": round(cues.covered / max(1, cues.quotes), 4),
        **({"reported": {"train": [str(p) for p in reported], **reported_record}} if reported_record else {}),
        "metrics": {},
    }
    (output / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    model = TrainedExtractor(output, nlp=rules.nlp, registry=rules.registry)
    for name, path in [("dev", dev), *((Path(p).stem, p) for p in report)]:
        gold = dev_docs if name == "dev" else load_gold(path)
        predicted = list(model.pipe((d.id, d.text) for d in gold))
        scores = evaluate(gold, predicted, system=output.name, gold_name=str(path)).metrics
        meta["metrics"][name] = {"gold": str(path), **{k: scores.get(k) for k in CARD_METRICS}}
    (output / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (output / "README.md").write_text(model_card(meta), encoding="utf-8")
    return meta


def _reported_part(meta: dict[str, Any]) -> str:
    """The model card's lines on the reported-speech stage, when the model has one."""
    r = meta.get("reported")
    if not r:
        return ""
    return "".join([
        "- `reported.json`, `reported_cue.*`, `reported_start.*`, `reported_end.*`,\n",
        "  `reported_content.*`: reported speech (`--kind all`, quotes/reported): logistic regression\n",
        f"  over hashed features of every verb and \"according to\" ({r['cue_examples']} candidates in\n",
        f"  {', '.join(r['train'])}, {r['cue_positives']} of them gold cues), of each token of a cue's\n",
        "  sentence as its content's first and last word, and over each gold cue's candidate contents\n",
        f"  ({r['content_sites']} cues; a right content is a candidate for\n",
        f"  {r['content_candidate_coverage']:.1%} of those with gold reported speech); an item needs a\n",
        f"  confidence of {r['threshold']} (two-fold cross-validation on\n",
        f"  train); {r['lexicon']} cue words choose the lines parsed for it.\n"])


def _span_line(scores: dict[str, float]) -> str:
    return ", ".join(f"{key.removeprefix('spans_')} {value:.3f}" for key, value in scores.items())


def model_card(meta: dict[str, Any]) -> str:
    """The model card: what it was trained on, how well it does, what it cannot do."""
    rows = []
    for name, scores in meta["metrics"].items():
        cells = " | ".join("n/a" if scores[k] is None else f"{scores[k]:.3f}" for k in CARD_METRICS)
        rows.append(f"| {name} (`{scores['gold']}`) | {cells} |")
    header = " | ".join(CARD_METRICS)
    spans = ("- `spans/`: spaCy pipeline trained from `quotes/spans/config.cfg`: en_core_web_sm's tok2vec\n"
             "  (sourced, frozen: the extractor reuses the tensor its parse leaves), a spancat over the\n"
             "  marked stretches for QUOTE, span_finder + spancat for CUE and SPEAKER. Its scores are\n"
             f"  features of the classifiers, which learned them from {meta['span_folds']} span models\n"
             "  each trained without the documents it scored (out-of-fold). Its own scores on dev\n"
             f"  (spaCy's span P/R/F per type): {_span_line(meta['span_scores'])}.\n"
             if meta.get("span_model") else "")
    span_feature = ", and the span model's P(QUOTE)" if meta.get("span_model") else ""
    span_speaker = " and the span model's P(SPEAKER)" if meta.get("span_model") else ""
    span_cue = " and the span model's P(CUE)" if meta.get("span_model") else ""
    return f"""# quotes model `{meta['name']}`

Trained {meta['created']} with seed {meta['seed']} by `quotes train`.

## Training data
- {', '.join(f'`{p}`' for p in meta['train'])}: {meta['train_documents']} documents,
  {meta['train_quotes']} gold quotes; tuned on `{meta['dev']}`.
- PolNeAR (Newell, Margolin and Ruths, LREC 2018) is a research corpus whose repository carries
  no licence file: use it to train and evaluate, cite it, and do not redistribute its texts or
  annotations. Models trained on it inherit that caution. The seed gold (`annotations/seeds.jsonl`)
  is the project's own.

## Parts
{spans}- `quotation.json`, `quotation.npz`: logistic regression over hashed features of each marked
  stretch (the rules' findings around it{span_feature}): the P(quote) of each quote the rules
  find, which is the first factor of its confidence.
- `cue.json`, `cue.npz`: logistic regression over hashed (quote, candidate cue) features{span_cue}:
  reporting verbs, the other verbs of the quote's sentences, a colon before it and the rules' own
  cue; {meta['cue_pairs']} training pairs, the gold cue among the candidates for
  {meta['cue_candidate_coverage']:.1%} of training quotes. The cue shown is the most probable.
- `attribution.json`, `attribution.npz`: logistic regression over hashed (quote, candidate
  mention) features{span_speaker}, {meta['attribution_pairs']} training pairs; the gold speaker was among the
  candidates for {meta['speaker_candidate_coverage']:.1%} of training quotes.
{_reported_part(meta)}- Marks, candidate cues and candidate mentions come from the rules over en_core_web_sm's
  parse (its NER is not run); canonical names from the in-document resolver and the alias registry.

## Metrics (`quotes eval`)

| gold | {header} |
| {' | '.join(['---'] * (len(CARD_METRICS) + 1))} |
{chr(10).join(rows)}

## Known limits
- English news only. Direct quotes in double marks (single marks where the document's convention
  is British); reported speech (`--kind all`) is far less accurate than direct quotes: see
  eval/results/reported.md.
- A speaker is looked for in the quote's paragraph and the one before it, no further.
- Canonical names need the full name somewhere in the document or in the alias registry;
  unnamed sources ("a senior official") keep no canonical name unless their body is named.
- PolNeAR is US political news from 2016: other beats and eras will score lower.
"""
