"""GUM as the resolver sees it: each person or organisation mention, in reading order, read
from the parse as a speaker mention is, with the gold entity it belongs to.

A table entity stands for the gold chain most of its names fall in; a mention's right choice
is the candidate standing for its chain, else a new entity. Scoring names the entity: a link
is right when the canonical name it gives is one the chain itself names (a proper-name
mention of it without titles, or its Wikipedia identity), so the current resolver, which gives
only names, is scored the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from quotes.aliases import AliasRegistry, fold
from quotes.gold.gum import GumDocument, GumMention
from quotes.linear import HashedLogistic
from quotes.resolution.features import PERSON_PRONOUNS, Mention, read_mention
from quotes.resolution.ranker import Linker
from quotes.resolution.table import Entity, EntityTable, untitled

KINDS = frozenset({"person", "organization"})
SKIPPED = frozenset({"you", "your", "yours", "yourself", "i", "me", "my", "we", "us", "our"})
GENDERED = frozenset({"he", "she", "him", "her", "his"})
_CONNECTORS = frozenset({"of", "the", "for", "'s", "-", "and"})


@dataclass
class Item:
    """One GUM mention to link: its gold mention, its parse and how the ranker reads it."""

    gold: GumMention
    span: Span
    mention: Mention
    category: str | None  # pronoun, description, short name (the measured kinds), else None


def target(span: Span) -> Span:
    """The words of a mention up to its head, as the pipeline hands a speaker to the resolver."""
    head = span.root
    return span.doc[max(span.start, head.left_edge.i) : head.i + 1]


def name_form(text: str) -> str:
    """The name a mention opens with, as the scoring compares it: its leading run of capitalised
    words, folded, without titles or a leading article ("" when it opens with none)."""
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    run: list[str] = []
    for word in words:
        if not (word[:1].isupper() or (run and word in _CONNECTORS)):
            break
        run.append(word)
    while run and run[-1] in _CONNECTORS:
        run.pop()
    if not run or run[0].lower() in PERSON_PRONOUNS | SKIPPED | STOP_WORDS:
        return ""
    return fold(" ".join(untitled(run)[1]).replace(" 's", ""))


def chain_names(doc: GumDocument, chain: int, before: int | None = None) -> set[str]:
    names = {name_form(doc.text[m.start : m.end]) for m in doc.mentions
             if m.chain == chain and (before is None or m.start < before)}
    names |= {fold(m.identity) for m in doc.mentions if m.chain == chain and m.identity}
    return names - {""}


def items(doc: GumDocument, parse: Doc) -> Iterator[Item]:
    """The person and organisation mentions of a document, in reading order."""
    for gold in doc.mentions:
        if gold.kind not in KINDS:
            continue
        span = parse.char_span(gold.start, gold.end, alignment_mode="expand")
        if span is None or not len(span) or span.root.lower_ in SKIPPED:
            continue
        mention = read_mention(target(span))
        yield Item(gold, span, mention, _category(doc, gold, mention))


def _category(doc: GumDocument, gold: GumMention, mention: Mention) -> str | None:
    """The measured kind of a mention with a named antecedent, else None."""
    earlier = chain_names(doc, gold.chain, before=gold.start)
    if not earlier:
        return None
    if mention.form == "pronoun":
        return "pronoun" if mention.head in GENDERED and gold.kind == "person" else None
    if mention.form == "description":
        return "description"
    fullest = max(len(n.split()) for n in earlier)
    return "short name" if mention.name and len(fold(mention.name).split()) < fullest else None


def gold_chains(doc: GumDocument, table: EntityTable) -> dict[int, Counter]:
    """For each table entity, the gold chains its names fall in (the smallest mention holding each)."""
    chains: dict[int, Counter] = {}
    for entity in table.entities:
        counts = chains.setdefault(entity.id, Counter())
        for start, end in entity.occurrences:
            holding = [m for m in doc.mentions if m.start <= start and end <= m.end]
            if holding:
                counts[min(holding, key=lambda m: m.end - m.start).chain] += 1
    return chains


def right_index(cands: list[Entity], chains: dict[int, Counter], chain: int) -> int:
    """The candidate standing for `chain` (the one most of its mentions went to, if several),
    else the new entity."""
    standing = [(chains[e.id][chain], -i) for i, e in enumerate(cands)
                if chains.get(e.id) and chains[e.id].most_common(1)[0][0] == chain]
    return -max(standing)[1] if standing else len(cands)


Step = Callable[[Item, list[Entity], list[dict[str, float]], int], tuple[int, float]]


def walk(doc: GumDocument, parse: Doc, registry: AliasRegistry, ranker: HashedLogistic | None,
         step: Step | None = None) -> tuple[list[tuple[Item, Entity]], EntityTable, dict[int, Counter]]:
    """Link every mention of a document in order, by the ranker's choice or, given `step`, by
    what it says given each mention's candidates, their features and the right index (the
    right one, to train)."""
    table = EntityTable(doc.text, registry)
    table.mark_subjects([(0, parse)])
    linker = Linker(table, ranker)
    chains = gold_chains(doc, table)
    linked = []
    for item in items(doc, parse):
        def choose(cands: list[Entity], feats: list[dict[str, float]],
                   item: Item = item) -> tuple[int, float]:
            return step(item, cands, feats, right_index(cands, chains, item.gold.chain))

        # only subjects are remembered: the pipeline links speakers, not every mention
        entity, _ = linker.link(item.mention, choose if step else None, remember=item.mention.subject)
        chains.setdefault(entity.id, Counter())[item.gold.chain] += 1
        linked.append((item, entity))
    return linked, table, chains


def name_right(doc: GumDocument, item: Item, name: str | None, table: EntityTable,
               chains: dict[int, Counter]) -> bool:
    """Whether a canonical name names the mention's gold entity: a name its chain gives, or the
    name of a table entity standing for its chain."""
    if not name:
        return False
    key = fold(name)
    if key in chain_names(doc, item.gold.chain):
        return True
    return any(chains.get(e.id) and chains[e.id].most_common(1)[0][0] == item.gold.chain
               and key in {fold(n) for n in [*e.names, e.registered or ""]} for e in table.entities)


def parse_all(docs: list[GumDocument], nlp: Language) -> list[Doc]:
    return list(nlp.pipe(d.text for d in docs))
