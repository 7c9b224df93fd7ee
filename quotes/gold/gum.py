"""A reader for GUM's coreference (WebAnno TSV 3.2): the text, its mentions and their chains.

GUM (../shared/data/gum, see its ORIGIN.md) trains and measures the speaker resolver: each
mention has an entity type ("person") and, for named entities, a Wikipedia identity; the
Coref layer links a mention to the next one of its chain. Only the links that are
coreference (`coref`, `ana`, `appos`, `cata`) join chains; bridging and discourse deixis do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

COREFERENCE = frozenset({"coref", "ana", "appos", "cata"})
_VALUE = re.compile(r"^(?P<value>.*?)(?:\[(?P<id>\d+)\])?$")
_LINK = re.compile(r"^(?P<token>\d+-\d+)\[(?P<target>\d+)_(?P<source>\d+)\]$")


@dataclass
class GumMention:
    """One mention: character offsets into the document's text, entity type, identity, chain."""

    id: str
    start: int
    end: int
    kind: str
    identity: str | None = None
    chain: int = -1


@dataclass
class GumDocument:
    id: str
    text: str
    mentions: list[GumMention] = field(default_factory=list)  # by start, longer first

    def chain(self, mention: GumMention) -> list[GumMention]:
        return [m for m in self.mentions if m.chain == mention.chain]


def _values(cell: str) -> list[tuple[str, str | None]]:
    if cell in ("_", ""):
        return []
    out = []
    for part in cell.split("|"):
        match = _VALUE.match(part)
        out.append((match.group("value"), match.group("id")))
    return out


def read_gum(path: str | Path) -> GumDocument:
    """One GUM TSV file; a line that does not parse is skipped, never fatal."""
    path = Path(path)
    sentences: list[str] = []
    spans: dict[str, list[int]] = {}
    kinds: dict[str, str] = {}
    identities: dict[str, str] = {}
    links: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#Text="):
            sentences.append(line[len("#Text="):])
            continue
        cols = line.split("\t")
        if len(cols) < 10 or not cols[0][:1].isdigit():
            continue
        address, (start, end) = cols[0], map(int, cols[1].split("-"))
        entities = _values(cols[3])
        for index, (kind, ident) in enumerate(entities):
            key = ident or f"t{address}.{index}"
            span = spans.setdefault(key, [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)
            kinds[key] = kind
        for (ident_value, ident) in _values(cols[6]):
            if ident and ident_value:
                identities[ident] = ident_value.replace("_", " ")
        for kind, target in zip(cols[8].split("|"), cols[9].split("|"), strict=False):
            match = _LINK.match(target)
            if kind in COREFERENCE and match and "0" not in (match.group("source"), match.group("target")):
                links.append((match.group("source"), match.group("target")))
    parent = {key: key for key in spans}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for source, target in links:
        if source in parent and target in parent:
            parent[root(source)] = root(target)
    chains: dict[str, int] = {}
    mentions = [GumMention(key, s, e, kinds[key], identities.get(key),
                           chains.setdefault(root(key), len(chains)))
                for key, (s, e) in spans.items()]
    mentions.sort(key=lambda m: (m.start, -m.end))
    return GumDocument(path.stem, "\n".join(sentences), mentions)


def read_split(folder: str | Path) -> list[GumDocument]:
    """Every GUM document of a split folder, by file name."""
    return [read_gum(path) for path in sorted(Path(folder).glob("*.tsv"))]
