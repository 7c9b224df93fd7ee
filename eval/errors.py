"""The most frequent error kinds of a system on PolNeAR dev, counted, with examples.

    python -m eval.errors [--model default] [--out eval/results/errors.md]

Misses, false alarms, wrong speakers and wrong cues are sorted into kinds by what can be seen from the
outside (is the gold quote between paired marks in a prose line? is either mention a
pronoun?), so the counts say where the work is.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections import defaultdict
from pathlib import Path

from eval.compare import GOLDS
from quotes.boilerplate import prose_lines
from quotes.evaluate.inputs import load_gold, run_model
from quotes.evaluate.matching import cue_right, iou, match_documents, mention_kind, trim
from quotes.marks import find_marked
from quotes.schema import Document, Quote, Span

EXAMPLES = 3


def _context(doc: Document, quote: Quote) -> str:
    before = doc.text[max(0, quote.start - 70) : quote.start].replace("\n", " ")
    after = doc.text[quote.end : quote.end + 50].replace("\n", " ")
    return f"…{before}[[{quote.text[:90]}]]{after}…".replace("|", "/")


def _is_pronoun(span: Span | None) -> bool:
    return span is not None and mention_kind(span.text) == "pronoun"


def _miss_kind(doc: Document, quote: Quote) -> str:
    lines = prose_lines(doc.text)
    if not any(s <= quote.start and quote.end <= e for s, e in lines):
        return "miss: in a line read as boilerplate (no sentence end, caption, list)"
    marked = [trim(Span.of(doc.text, m.start, m.end)) for m in find_marked(doc.text)]
    if not any(iou(stretch, trim(quote)) >= 0.5 for stretch in marked):
        return "miss: marks not paired around it"
    if len(quote.text.split()) <= 3:
        return "miss: short phrase the rules took for a scare quote or name"
    return "miss: marked stretch the rules dropped (title, transcript, thing's name)"


def _false_alarm_kind(quote: Quote) -> str:
    words = len(quote.text.split())
    if words <= 3:
        return "false alarm: short phrase (scare quote or name) kept"
    if quote.speaker_mention is None:
        return "false alarm: no speaker found (not attributed speech)"
    return "false alarm: attributed stretch the gold does not mark (often a missing gold quote)"


def _speaker_kind(predicted: Quote, gold: Quote) -> str:
    mine, theirs = predicted.speaker_mention, gold.speaker_mention
    if mine is None:
        return "wrong speaker: none predicted"
    if _is_pronoun(theirs) != _is_pronoun(mine):
        return "wrong speaker: pronoun vs name/description for the same attribution"
    if abs(mine.start - theirs.start) > 300:
        return "wrong speaker: a mention in another sentence or paragraph"
    return "wrong speaker: another nearby mention (object, second speaker, 'according to')"


def _cue_kind(predicted: Quote, gold: Quote) -> str:
    mine, theirs = predicted.cue, gold.cue
    if mine is None:
        return "wrong cue: none shown"
    if theirs.text.lower().startswith("according"):
        return "wrong cue: gold 'according to' (the guidelines take the quote's own verb)"
    if abs(mine.start - theirs.start) > 200:
        return "wrong cue: a word in another sentence or paragraph"
    return "wrong cue: another word nearby (an outer verb, a second reporting verb, a non-verb gold cue)"


def analyse(gold: list[Document], predicted: list[Document]) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = defaultdict(list)
    for match in match_documents(gold, predicted):
        doc = match.gold
        hit = {id(o.gold) for o in match.outcomes if o.gold is not None}
        for outcome in match.outcomes:
            if outcome.gold is None:
                kinds[_false_alarm_kind(outcome.quote)].append(_context(doc, outcome.quote))
            elif not outcome.who_said_what and outcome.gold.speaker_mention is not None:
                mine = outcome.quote.speaker_mention
                note = (f"predicted `{mine.text if mine else None}`, "
                        f"gold `{outcome.gold.speaker_mention.text}`: ")
                kinds[_speaker_kind(outcome.quote, outcome.gold)].append(note + _context(doc, outcome.quote))
            if outcome.gold is not None and outcome.gold.cue is not None and not cue_right(
                    outcome.quote.cue, outcome.gold.cue):
                mine = outcome.quote.cue
                note = f"shown `{mine.text if mine else None}`, gold `{outcome.gold.cue.text}`: "
                kinds[_cue_kind(outcome.quote, outcome.gold)].append(note + _context(doc, outcome.quote))
        for quote in doc.quotes:
            if id(quote) not in hit:
                kinds[_miss_kind(doc, quote)].append(_context(doc, quote))
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="default")
    parser.add_argument("--out", type=Path, default=Path("eval/results/errors.md"))
    args = parser.parse_args(argv)
    gold = load_gold(GOLDS["polnear-dev"])
    kinds = analyse(gold, run_model(gold, args.model))
    lines = [f"# Errors of `{args.model}` on PolNeAR dev\n",
             f"Command: `python -m eval.errors {shlex.join(argv if argv is not None else sys.argv[1:])}`\n",
             "| kind | count |", "| --- | --- |"]
    ordered = sorted(kinds.items(), key=lambda kv: -len(kv[1]))
    lines += [f"| {kind} | {len(items)} |" for kind, items in ordered]
    for kind, items in ordered:
        lines += ["", f"## {kind} ({len(items)})", ""] + [f"- {item}" for item in items[:EXAMPLES]]
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
