"""Pre-annotate a canonical-speaker layer: a canonical speaker per PolNeAR quote (dev, or a sample of train).

For each gold direct quote (`quotes.gold.polnear`), the shipped resolver (`quotes.coref`, with
the shipped alias registry) resolves the quote's gold Source mention, in reading order, as it
does for the mentions the extractor finds. Its answer is the proposal: the canonical speaker,
its kind (from the registry's type, else from the name's words), and the aliases, the other
name forms the document uses for it. A Source the resolver cannot name is proposed as an
unnamed speaker: the mention without its article. The proposals are then corrected by reading
(annotations/polnear-dev-speakers.md, polnear-train-speakers.md); each record keeps its
proposal in `proposed`.

Records already in the layer for an unchanged document are kept as they are, so re-running
never loses a correction; only quotes without a record get a proposal. Run from the
repository root:

    python -m annotations.build_polnear_speakers [--split ../shared/data/polnear/dev]
    python -m annotations.build_polnear_speakers --split ../shared/data/polnear/train \
        --sample 160 --layer annotations/polnear-train-speakers.jsonl

`--sample N` takes N documents with at least one direct quote, those whose ids have the
smallest SHA-1 (`sample`): the same documents on every run, across outlets, without choosing.
"""

from __future__ import annotations

import argparse
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from quotes.aliases import AliasRegistry, fold
from quotes.coref import TITLE_WORDS, SpeakerResolver, names_organisation
from quotes.gold.polnear import read_polnear
from quotes.gold.speakers import SpeakerRecord, read_layer, text_sha1, write_layer
from quotes.resolution.polnear import mention_target, parsed_pieces
from quotes.rules import Piece, RulesExtractor
from quotes.schema import Document, Quote

ROOT = Path(__file__).resolve().parents[1]
LAYER = ROOT / "annotations" / "polnear-dev-speakers.jsonl"
DEV = ROOT.parent / "shared" / "data" / "polnear" / "dev"
KIND_OF_TYPE = {"PERSON": "person", "ORG": "organization", "GPE": "organization", "GROUP": "group"}
# A maximal run of capitalised words on one line ("Rep. Adam Schiff", "Clinton").
_RUN = re.compile(r"\b[A-Z][\w’'-]*\.?(?: +(?:[A-Z]\. *)?[A-Z][\w’'-]*\.?)*")
_POSSESSIVE = re.compile(r"['’]s\b")
_INITIAL = re.compile(r"\b[A-Z]\.$")
_ARTICLE = re.compile(r"^(?:the|a|an|one)\s+", re.IGNORECASE)


def _kind(name: str, registry: AliasRegistry) -> str:
    registered = registry.canonical(name)
    if registered:
        return KIND_OF_TYPE.get(registry.types.get(registered, "PERSON"), "person")
    if " and " in name or "," in name:
        return "group"
    return "organization" if names_organisation(name) else "person"


def aliases(text: str, name: str, body: bool = False) -> list[str]:
    """The whole runs of capitalised words in `text` whose words, titles aside, are a run of
    the words of `name`: "Clinton", "Mrs. Clinton" and "Hillary" for "Hillary Clinton", but not
    "New" from "New Hampshire" for "New York Times". A `body`'s forms keep its last word
    ("Times"), as "New York" names the city."""
    words = fold(name).split()
    found = set()
    for match in _RUN.finditer(text):
        form = _POSSESSIVE.split(match.group())[0].strip().rstrip("'’")
        form = form[:-1] if form.endswith(".") and not _INITIAL.search(form) else form
        form = " ".join(_leading_stop_words_dropped(form.split()))
        core = fold(_untitled(form)).split()
        if body and core[-1:] != words[-1:]:
            continue
        if (any(len(word) > 2 for word in core) and form != name
                and any(words[i:i + len(core)] == core for i in range(len(words) - len(core) + 1))):
            found.add(form)
    return sorted(found)


def _untitled(name: str) -> str:
    """A name without the titles in front of it: "Senator Jane Roe" -> "Jane Roe"."""
    words = name.split()
    while len(words) > 1 and fold(words[0]) in TITLE_WORDS:
        words.pop(0)
    return " ".join(words)


def _leading_stop_words_dropped(words: list[str]) -> list[str]:
    """"But Flynn" -> "Flynn", "The Trump" -> "Trump": a sentence's first word is capitalised."""
    while len(words) > 1 and words[0].lower() in STOP_WORDS:
        words = words[1:]
    return words


class Proposer:
    """The shipped resolver run over gold mentions instead of predicted ones."""

    def __init__(self) -> None:
        self.extractor = RulesExtractor()
        self.registry = self.extractor.registry

    def _resolve(self, resolver: SpeakerResolver, pieces: list[Piece], quote: Quote) -> str | None:
        found = mention_target(pieces, quote)
        return resolver.resolve(*found) if found else None

    def records(self, doc: Document) -> list[SpeakerRecord]:
        pieces = parsed_pieces(doc, self.extractor.nlp)
        resolver = SpeakerResolver(doc.text, self.registry, [(p.start, p.doc) for p in pieces])
        digest, records = text_sha1(doc.text), []
        for quote in doc.quotes:
            name = self._resolve(resolver, pieces, quote) if quote.speaker_mention else None
            if name:
                kind = _kind(name, self.registry)
                forms = aliases(doc.text, name, body=kind == "organization")
            elif quote.speaker_mention is not None:
                name = _ARTICLE.sub("", quote.speaker_mention.text.strip(" ,.")) or None
                kind, forms = ("unnamed" if name else None), []
            else:
                kind, forms = None, []
            proposal = {"speaker": name, "speaker_kind": kind}
            records.append(SpeakerRecord(doc.id, digest, quote.start, quote.end, name, tuple(forms),
                                         kind, proposal))
        return records


def sample(docs: Iterable[Document], size: int) -> list[Document]:
    """The `size` documents with quotes whose ids have the smallest SHA-1, in their own order."""
    quoted = [d for d in docs if d.quotes]
    chosen = set(sorted((d.id for d in quoted), key=lambda i: hashlib.sha1(i.encode()).hexdigest())[:size])
    return [d for d in quoted if d.id in chosen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", type=Path, default=DEV)
    parser.add_argument("--layer", type=Path, default=LAYER)
    parser.add_argument("--sample", type=int, default=None,
                        help="only this many documents with quotes (the smallest SHA-1s of their ids)")
    args = parser.parse_args()
    kept = {r.key: r for r in read_layer(args.layer)} if args.layer.exists() else {}
    proposer, records, proposed = Proposer(), [], 0
    docs = read_polnear(args.split)
    for doc in docs if args.sample is None else sample(docs, args.sample):
        digest = text_sha1(doc.text)
        have = [kept.get((doc.id, q.start, q.end)) for q in doc.quotes]
        if all(r is not None and r.text_sha1 == digest for r in have):
            records += have
            continue
        fresh = proposer.records(doc)
        records += [old if old is not None and old.text_sha1 == digest else new
                    for old, new in zip(have, fresh, strict=True)]
        proposed += sum(old is None or old.text_sha1 != digest for old in have)
    placed = {r.key for r in records}
    orphans = [r for key, r in kept.items() if key not in placed]  # kept, never dropped
    if orphans:
        print(f"warning: {len(orphans)} records match no gold quote of {args.split} (kept)")
    write_layer(args.layer, records + orphans)
    print(f"{args.layer}: {len(records)} records, {proposed} new proposals")


if __name__ == "__main__":
    main()
