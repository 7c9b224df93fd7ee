"""Who gets quoted: quotes, documents, words and dates per canonical speaker across a corpus.

A speaker is one row across documents: names are folded by the alias registry and by
normalisation (case, hyphens, dots, spacing, a leading title), so "Yun Suk-yul" in one article
and "Yoon Suk-yeol" in another meet. Unnamed sources ("senior administration official") are
never merged across documents, since two articles' "a senior official" need not be one person:
each is its own row (with its document) and they are summed by kind.

Only direct quotes are counted unless `items` asks for reported speech (`indirect`) or for both
(`all`, whose rows also say how many of each): numbers that were counted before reported speech
existed stay as they were.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from quotes.aliases import AliasRegistry, fold
from quotes.schema import KINDS as ITEM_KINDS
from quotes.schema import SPEAKER_KINDS, Document

NO_SPEAKER = "none"  # the kind of a quote that no mention governs
KINDS = (*SPEAKER_KINDS, "unknown", NO_SPEAKER)  # "unknown": a name without a kind (older output)
DATE_BUCKETS = {"month": 7, "year": 4}  # `by` values that bucket the ISO date field
NO_VALUE = "(none)"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ITEMS = (*ITEM_KINDS, "all")  # what `items=` counts: direct quotes, reported speech, or both
SPLIT = ITEM_KINDS  # the per-kind counts a row has (in its output only when both are counted)


def counted_kinds(items: str) -> tuple[str, ...]:
    """The item kinds that `items` counts; ValueError naming the choices for another value."""
    if items not in ITEMS:
        raise ValueError(f"items must be one of {', '.join(ITEMS)}, not {items!r}")
    return ITEM_KINDS if items == "all" else (items,)


def speaker_key(name: str, registry: AliasRegistry) -> str:
    """The key one speaker has in every document: the registered name, else the folded name
    without its title and spaces ("Kim Jong-un", "kim jong un" -> "kimjongun")."""
    registered = registry.canonical(name)
    if registered is not None:
        return "=" + registered
    return "".join(fold(name).split())


def row_key(doc_id: str, name: str, kind: str | None, registry: AliasRegistry) -> str:
    """Which row a quote of `name` in document `doc_id` counts in: one per speaker across the
    corpus, but one per document for an unnamed source."""
    return f"{doc_id}\n{fold(name)}" if kind == "unnamed" else speaker_key(name, registry)


@dataclass
class SpeakerRow:
    """One speaker (in one group, with `by`): how often and how much they are quoted."""

    group: str
    speaker: str
    kind: str
    quotes: int = 0
    documents: int = 0
    words: int = 0
    share: float = 0.0  # of all quotes in the group
    first: str | None = None  # earliest and latest date of a document quoting them
    last: str | None = None
    document: str | None = None  # the one document of an unnamed source
    key: str = field(default="", repr=False)  # `row_key` of its quotes (not in the output)
    direct: int = 0  # of `quotes`, the direct quotes and the reported speech
    indirect: int = 0


@dataclass
class KindRow:
    """How many quotes (and distinct speakers) of one kind a group has: the sourcing mix."""

    group: str
    kind: str
    quotes: int = 0
    speakers: int = 0
    share: float = 0.0
    direct: int = 0
    indirect: int = 0


@dataclass
class Stats:
    """The speaker and kind tables, as plain rows."""

    speakers: list[SpeakerRow] = field(default_factory=list)
    kinds: list[KindRow] = field(default_factory=list)
    documents: int = 0
    quotes: int = 0
    by: tuple[str, ...] = ()
    items: str = "direct"  # what was counted (ITEMS)

    @property
    def split(self) -> bool:
        """Whether both kinds of item were counted, so that rows say how many of each."""
        return self.items == "all"

    @property
    def headline(self) -> str:
        """What was counted in how many documents, in words."""
        if self.items == "direct":
            return f"{self.quotes} quotes in {self.documents} documents"
        if self.items == "indirect":
            return f"{self.quotes} reported items in {self.documents} documents"
        direct = sum(row.direct for row in self.kinds)
        return (f"{self.quotes} items ({direct} direct quotes, {self.quotes - direct} reported) in "
                f"{self.documents} documents")

    def rows(self, table: str = "speakers") -> list[dict[str, Any]]:
        rows = [dict(vars(row)) for row in (self.speakers if table == "speakers" else self.kinds)]
        hidden = ("key",) if self.split else ("key", *SPLIT)
        for row in rows:  # flat rows of plain values: no need for asdict's deep copies
            for name in hidden:
                row.pop(name, None)
        return rows

    def frame(self, table: str = "speakers"):
        """The table as a pandas DataFrame (pandas is not a dependency: install it to use this)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("Stats.frame needs pandas; Stats.rows gives the same rows as dicts") \
                from None
        return pandas.DataFrame(self.rows(table))


@dataclass
class _Tally:
    spellings: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    quotes: int = 0
    indirect: int = 0
    words: int = 0
    documents: set[str] = field(default_factory=set)
    first: str | None = None
    last: str | None = None


def _record(doc: Document | Mapping[str, Any]) -> Mapping[str, Any]:
    return doc.to_dict() if isinstance(doc, Document) else doc


def _date(record: Mapping[str, Any], field_name: str) -> str | None:
    value = record.get(field_name)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return value[:10]
    return None


def _group(record: Mapping[str, Any], by: Sequence[str], date_field: str) -> str:
    values = []
    for name in by:
        if name in DATE_BUCKETS and name not in record:
            date = _date(record, date_field)
            values.append(date[: DATE_BUCKETS[name]] if date else NO_VALUE)
        else:
            value = record.get(name)
            values.append(NO_VALUE if value is None or value == "" else str(value))
    return " / ".join(values)


def _label(tally: _Tally, key: str) -> str:
    if key.startswith("="):
        return key[1:]
    return max(tally.spellings, key=tally.spellings.__getitem__)  # the commonest, first seen on ties


def stats(documents: Iterable[Document | Mapping[str, Any]], by: Sequence[str] = (),
          kind: str | None = None, top: int | None = None, min_confidence: float = 0.0,
          registry: AliasRegistry | None = None, date_field: str = "date",
          items: str = "direct") -> Stats:
    """Count the quotes of `documents` (Documents, or `quotes extract` JSONL records with any
    extra fields) per canonical speaker and per speaker kind; `by` groups by record fields
    (`month` and `year` bucket the ISO date in `date_field`), `kind` keeps one kind's speakers,
    `top` the most quoted of each group; `items` counts direct quotes, reported speech
    (`indirect`) or `all` (a record's item without a kind is a direct quote)."""
    wanted = counted_kinds(items)
    registry = registry or AliasRegistry.load()
    tallies: dict[tuple[str, str], _Tally] = {}
    kinds: dict[tuple[str, str], list[Any]] = {}
    totals: dict[str, int] = {}
    keys: dict[str, str] = {}
    result = Stats(by=tuple(by), items=items)
    for doc in documents:
        record = _record(doc)
        result.documents += 1
        doc_id = str(record.get("id", result.documents))
        group = _group(record, by, date_field)
        date = _date(record, date_field)
        spoken: dict[tuple[Any, str], list[int]] = {}  # (name, kind) -> [items, words, indirect]
        for quote in record.get("quotes") or []:
            if min_confidence and float(quote.get("confidence", 1.0)) < min_confidence:
                continue
            reported = quote.get("kind") == "indirect"
            if ("indirect" if reported else "direct") not in wanted:
                continue
            name = quote.get("speaker")
            said = (name, quote.get("speaker_kind") or ("unknown" if name else NO_SPEAKER))
            words = len(str(quote.get("text", "")).split())
            if (counts := spoken.get(said)) is None:
                spoken[said] = [1, words, reported]
            else:
                counts[0] += 1
                counts[1] += words
                counts[2] += reported
        for (name, what), (n, words, indirect) in spoken.items():  # once per speaker of the document
            result.quotes += n
            totals[group] = totals.get(group, 0) + n
            counted = kinds.get((group, what))
            if counted is None:
                counted = kinds[(group, what)] = [0, set(), 0]
            counted[0] += n
            counted[2] += indirect
            if not name:
                continue
            if what == "unnamed":
                key = row_key(doc_id, name, what, registry)
            elif (key := keys.get(name)) is None:  # names repeat: fold each spelling once
                key = keys[name] = speaker_key(name, registry)
            counted[1].add(key)
            tally = tallies.get((group, key))
            if tally is None:
                tally = tallies[(group, key)] = _Tally()
            tally.spellings[name] = tally.spellings.get(name, 0) + n
            tally.kinds[what] = tally.kinds.get(what, 0) + n
            tally.quotes += n
            tally.indirect += indirect
            tally.words += words
            tally.documents.add(doc_id)
            if date and (tally.first is None or date < tally.first):
                tally.first = date
            if date and (tally.last is None or date > tally.last):
                tally.last = date
    for (group, key), tally in tallies.items():
        main_kind = max(tally.kinds, key=tally.kinds.__getitem__)
        if kind is not None and main_kind != kind:
            continue
        result.speakers.append(SpeakerRow(
            group, _label(tally, key), main_kind, tally.quotes, len(tally.documents), tally.words,
            tally.quotes / totals[group], tally.first, tally.last,
            next(iter(tally.documents)) if main_kind == "unnamed" else None, key,
            tally.quotes - tally.indirect, tally.indirect))
    result.speakers.sort(key=lambda r: (r.group, -r.quotes, -r.words, r.speaker))
    if top is not None:
        shown: Counter[str] = Counter()
        kept = []
        for row in result.speakers:
            shown[row.group] += 1
            if shown[row.group] <= top:
                kept.append(row)
        result.speakers = kept
    result.kinds = sorted((KindRow(group, what, n, len(keys), n / totals[group], n - indirect, indirect)
                           for (group, what), (n, keys, indirect) in kinds.items()),
                          key=lambda r: (r.group, KINDS.index(r.kind) if r.kind in KINDS else len(KINDS)))
    return result
