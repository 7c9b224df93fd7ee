"""Who said what as one standalone HTML page: each document's text with its quotes, cues and
speaker mentions marked, a colour per speaker, a per-speaker summary and, given gold, the hits,
misses and false alarms of each document next to its text. Reported speech (items of kind
`indirect`) is marked in a paler tint of its speaker's colour with a dashed outline, and is
matched with gold reported speech only, as `quotes eval` scores each kind apart.

Everything a reader needs is in the page (inline CSS, no scripts, no fonts or images from
elsewhere), and every highlight carries data- attributes so that tools can check the page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

from quotes.aliases import AliasRegistry
from quotes.evaluate.matching import DocumentMatch, Outcome, match_document
from quotes.render.colours import lighter, speaker_colours
from quotes.render.markup import Element, markup
from quotes.render.style import STYLE
from quotes.schema import KINDS, Document, Quote, of_kinds
from quotes.stats import row_key, stats

HIT, WRONG, FALSE, MISS = "hit", "wrong-speaker", "false-alarm", "miss"
STATUS_TEXT = {HIT: "hit", WRONG: "wrong speaker", FALSE: "false alarm", MISS: "missed"}
COUNT_TEXT = {HIT: "hits", WRONG: "wrong speaker", FALSE: "false alarms", MISS: "missed"}


@dataclass
class Comparison:
    """One document's predictions matched with its gold (no match when there is no usable gold,
    with a note saying why)."""

    match: DocumentMatch | None
    note: str = ""

    def __post_init__(self) -> None:
        self._by_quote = {id(o.quote): o for o in self.match.outcomes} if self.match else {}

    def outcome(self, quote: Quote) -> Outcome | None:
        return self._by_quote.get(id(quote))

    @property
    def misses(self) -> list[Quote]:
        """Gold quotes no prediction overlaps."""
        if self.match is None:
            return []
        found = {id(o.gold) for o in self.match.matched}
        return [q for q in self.match.gold.quotes if id(q) not in found]


def status(outcome: Outcome) -> str:
    if outcome.gold is None:
        return FALSE
    return HIT if outcome.who_said_what else WRONG


def compare(doc: Document, gold: Mapping[str, Document] | None) -> Comparison:
    """Match `doc` with the gold document of its id, through the evaluation's own matching,
    each kind of item with the gold items of its kind."""
    if gold is None or doc.error is not None:
        return Comparison(None)
    reference = gold.get(doc.id)
    if reference is None:
        return Comparison(None, "not in the gold: not compared")
    if reference.text != doc.text:
        return Comparison(None, "the gold text differs from this text: not compared")
    outcomes = [outcome for kind in KINDS
                for outcome in match_document(*of_kinds([reference, doc], (kind,))).outcomes]
    return Comparison(DocumentMatch(reference, outcomes))


def who(quote: Quote) -> str:
    """The canonical speaker, else the mention in brackets, else a question mark."""
    if quote.speaker:
        return quote.speaker
    return f"({quote.speaker_mention.text})" if quote.speaker_mention else "?"


def _swatch(colour: str) -> str:
    return f'<span class="swatch" style="background:{colour}"></span>'


def _reported(quote: Quote) -> bool:
    return quote.kind == "indirect"


def _said(quote: Quote) -> str:
    """The item's words for a list: a quotation in <q>, reported speech without marks."""
    if _reported(quote):
        return f'<span class="reported-text">{escape(_short(quote.text))}</span>'
    return f"<q>{escape(_short(quote.text))}</q>"


def _count(docs: Iterable[Document]) -> str:
    """How many quotes, and how many reported speech items when there are any."""
    items = [q for doc in docs for q in doc.quotes]
    reported = sum(map(_reported, items))
    return f"{len(items) - reported} quote(s)" + (f", {reported} reported" if reported else "")


def _quote_elements(doc: Document, quote: Quote, colour: str, comparison: Comparison) -> list[Element]:
    reported = _reported(quote)
    colour = lighter(colour) if reported else colour
    attrs = {"class": "quote reported" if reported else "quote", "id": quote_anchor(doc, quote),
             "data-kind": quote.kind, "data-speaker": quote.speaker or "",
             "data-speaker-kind": quote.speaker_kind or "", "data-start": str(quote.start),
             "data-end": str(quote.end), "data-confidence": f"{quote.confidence:.2f}",
             "style": f"background:{colour}"}
    title = (["reported speech"] if reported else []) + [who(quote)] + (
        [f"kind: {quote.speaker_kind}"] if quote.speaker_kind else []) + (
        [f"cue: {quote.cue.text}"] if quote.cue else []) + [
        f"confidence {quote.confidence:.2f}"]
    outcome = comparison.outcome(quote)
    if outcome is not None:
        attrs["class"] += f" {status(outcome)}"
        title.append(STATUS_TEXT[status(outcome)])
        if outcome.gold is not None:
            attrs.update({"data-gold-speaker": outcome.gold.speaker or "",
                          "data-gold-start": str(outcome.gold.start),
                          "data-gold-end": str(outcome.gold.end)})
            if status(outcome) == WRONG:
                title.append(f"gold: {who(outcome.gold)}")
    attrs["title"] = " · ".join(title)
    label = who(quote) if outcome is None or status(outcome) != WRONG else \
        f"{who(quote)} ≠ {who(outcome.gold)}"
    elements = [Element(quote.start, quote.end, "mark", attrs),
                Element(quote.start, quote.start, "span",
                        {"class": "who reported" if reported else "who",
                         "style": f"background:{colour}"}, label)]
    if quote.cue:
        elements.append(Element(quote.cue.start, quote.cue.end, "span",
                                {"class": "cue", "data-start": str(quote.cue.start),
                                 "data-end": str(quote.cue.end)}))
    if quote.speaker_mention:
        mention = quote.speaker_mention
        elements.append(Element(mention.start, mention.end, "span",
                                {"class": "speaker-mention", "data-speaker": quote.speaker or "",
                                 "data-start": str(mention.start), "data-end": str(mention.end)}))
    return elements


def _miss_elements(quote: Quote) -> list[Element]:
    attrs = {"class": "gold-quote miss", "data-kind": quote.kind, "data-speaker": quote.speaker or "",
             "data-start": str(quote.start), "data-end": str(quote.end),
             "title": f"missed · gold: {who(quote)}"}
    return [Element(quote.start, quote.end, "mark", attrs),
            Element(quote.start, quote.start, "span", {"class": "who miss"},
                    f"missed: {who(quote)}")]


def _unique(elements: Iterable[Element]) -> list[Element]:
    """One element per tag, class and span: several quotes can share a cue or a mention."""
    seen: dict[tuple[int, int, str, str, str], Element] = {}
    for element in elements:
        key = (element.start, element.end, element.tag, element.attrs.get("class", ""),
               element.inner)
        seen.setdefault(key, element)
    return list(seen.values())


def _counts(comparison: Comparison, predicted: int) -> str:
    statuses = Counter(status(o) for o in comparison.match.outcomes)
    statuses[MISS] = len(comparison.misses)
    gold = len(comparison.match.gold.quotes)
    parts = [f'<span class="count {name}" data-count="{statuses[name]}">{label}: '
             f'{statuses[name]}</span>' for name, label in COUNT_TEXT.items()]
    precision = f"{statuses[HIT] / predicted:.2f}" if predicted else "n/a"
    recall = f"{statuses[HIT] / gold:.2f}" if gold else "n/a"
    return (f'<p class="counts">{predicted} predicted, {gold} gold: {" · ".join(parts)} '
            f'(who-said-what P {precision}, R {recall})</p>')


def _gold_row(quote: Quote, found: Outcome | None, colours: Mapping[str | None, str]) -> str:
    """A gold quote: a hit, a miss, or a miss found with the wrong speaker (which is named)."""
    if found is not None and found.who_said_what:
        kind, label, detail = HIT, STATUS_TEXT[HIT], ""
    elif found is not None:
        kind, label = f"{MISS} {WRONG}", STATUS_TEXT[WRONG]
        detail = f' <span class="predicted">predicted: {escape(who(found.quote))}</span>'
    else:
        kind, label, detail = MISS, STATUS_TEXT[MISS], ""
    colour = colours.get(quote.speaker, colours[None])
    return (f'<li class="gold-row {kind}" data-kind="{quote.kind}" '
            f'data-speaker="{escape(quote.speaker or "")}" data-start="{quote.start}" '
            f'data-end="{quote.end}"><span class="badge">{label}</span> '
            f'{_swatch(lighter(colour) if _reported(quote) else colour)}<b>{escape(who(quote))}</b>'
            f'{detail}: {_said(quote)}</li>')


def _gold_column(comparison: Comparison, colours: Mapping[str | None, str]) -> str:
    """The gold quotes in text order, then the predictions that match no gold quote."""
    found = {id(o.gold): o for o in comparison.match.matched}
    rows = "".join(_gold_row(q, found.get(id(q)), colours)
                   for q in sorted(comparison.match.gold.quotes, key=lambda q: q.start))
    alarms = sorted((o.quote for o in comparison.match.outcomes if o.gold is None),
                    key=lambda q: q.start)
    extra = "".join(f'<li class="false-row" data-kind="{q.kind}" data-speaker="{escape(q.speaker or "")}" '
                    f'data-start="{q.start}" data-end="{q.end}"><span class="badge">false alarm'
                    f'</span> <b>{escape(who(q))}</b>: {_said(q)}</li>'
                    for q in alarms)
    return (f'<aside class="gold"><h3>Gold</h3><ol>{rows}</ol>'
            + (f'<h3>Not in the gold</h3><ul>{extra}</ul>' if extra else "") + "</aside>")


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def document_section(doc: Document, comparison: Comparison,
                     colours: Mapping[str | None, str]) -> str:
    """One document: its marked-up text and, with gold, the gold column beside it."""
    elements = [e for q in doc.quotes for e in _quote_elements(doc, q, colours[q.speaker], comparison)]
    elements += [e for q in comparison.misses for e in _miss_elements(q)]
    head = (f'<section class="document" id="doc-{escape(doc.id)}" data-id="{escape(doc.id)}">'
            f'<h2>{escape(doc.id)}</h2>')
    if comparison.note:
        head += f'<p class="note">{escape(comparison.note)}</p>'
    if comparison.match is not None:
        head += _counts(comparison, len(doc.quotes))
    else:
        head += f'<p class="counts">{_count([doc])}</p>'
    text = f'<div class="text">{markup(doc.text, _unique(elements))}</div>'
    column = _gold_column(comparison, colours) if comparison.match is not None else ""
    layout = "columns with-gold" if column else "columns"
    return f'{head}<div class="{layout}">{text}{column}</div></section>'


def quote_anchor(doc: Document, quote: Quote) -> str:
    """The item's id in the page: `q-ID-START` for a quote; `r-ID-START-END` for reported
    speech, which may start where a quote or another reported item starts."""
    if _reported(quote):
        return f"r-{doc.id}-{quote.start}-{quote.end}"
    return f"q-{doc.id}-{quote.start}"


def speaker_summary(docs: list[Document], colours: Mapping[str | None, str]) -> str:
    """The `quotes stats` table of the page's documents (quotes, words quoted and documents
    per canonical speaker, most quoted first), each speaker linked to every one of their
    quotes in the page; with reported speech on the page, it counts every item and says how
    many are quotes and how many reported."""
    registry = AliasRegistry.load()
    split = any(_reported(q) for doc in docs for q in doc.quotes)
    table = stats(docs, registry=registry, items="all" if split else "direct")
    links: dict[str, list[tuple[str, str | None]]] = {}
    for doc in docs:
        for quote in doc.quotes:
            if quote.speaker:
                key = row_key(doc.id, quote.speaker, quote.speaker_kind, registry)
                links.setdefault(key, []).append((quote_anchor(doc, quote), quote.speaker))
    rows = []
    for row in table.speakers:
        anchors = links[row.key]
        colour = colours.get(anchors[0][1], colours[None])
        numbered = " ".join(f'<a href="#{escape(a)}">{n}</a>' for n, (a, _) in enumerate(anchors, 1))
        kinds = (f' data-direct="{row.direct}" data-indirect="{row.indirect}"',
                 f"<td>{row.direct}</td><td>{row.indirect}</td>") if split else ("", "")
        rows.append(
            f'<tr class="speaker-row" data-speaker="{escape(row.speaker)}" '
            f'data-quotes="{row.quotes}" data-words="{row.words}"{kinds[0]}>'
            f'<td>{_swatch(colour)}<a href="#{escape(anchors[0][0])}">{escape(row.speaker)}</a></td>'
            f'<td>{row.quotes}</td>{kinds[1]}<td>{row.words}</td><td>{row.documents}</td>'
            f'<td>{escape(row.kind)}</td><td class="links">{numbered}</td></tr>')
    unattributed = sum(1 for doc in docs for q in doc.quotes if not q.speaker)
    noun = "item" if split else "quote"
    tail = f'<p class="note">{unattributed} {noun}(s) without a speaker.</p>' if unattributed else ""
    counts = ("<th>items</th><th>quotes</th><th>reported</th><th>words</th>" if split
              else "<th>quotes</th><th>words quoted</th>")
    return ('<section id="speakers"><h2>Speakers</h2><table><thead><tr><th>speaker</th>'
            f'{counts}<th>documents</th><th>kind</th>'
            f'<th>their {noun}s</th></tr></thead><tbody>{"".join(rows)}</tbody></table>{tail}</section>')


def _by_count(quotes: Counter, quoted: Counter) -> list[str | None]:
    return sorted(quotes, key=lambda s: (-quotes[s], -quoted[s], s is None, s or ""))


def _legend(with_gold: bool, with_reported: bool) -> str:
    items = ['<mark class="quote">quote</mark> (coloured by speaker, labelled)',
             '<span class="cue">cue</span>', '<span class="speaker-mention">speaker mention</span>']
    if with_reported:
        items.insert(1, '<mark class="quote reported">reported speech</mark> (a paler tint of the '
                        "speaker's colour, dashed outline; no quotation marks in the text)")
    if with_gold:
        items += ['<mark class="quote hit">hit</mark>',
                  '<mark class="quote wrong-speaker">wrong speaker</mark> (labelled '
                  '"predicted ≠ gold")',
                  '<mark class="quote false-alarm">false alarm</mark>',
                  '<mark class="gold-quote miss">missed gold quote</mark>']
    return f'<p class="legend">{" · ".join(items)}</p>'


def render_page(docs: Iterable[Document], gold: Mapping[str, Document] | None = None,
                title: str = "Who said what", subtitle: str = "") -> str:
    """The whole page. Documents with an `error` are listed with it instead of shown; with
    `gold` (by document id), each document is compared with its gold quotes."""
    docs = list(docs)
    shown = [doc for doc in docs if doc.error is None]
    failed = [doc for doc in docs if doc.error is not None]
    quotes = Counter(q.speaker for doc in shown for q in doc.quotes)
    gold_speakers = [q.speaker for doc in (gold or {}).values() for q in doc.quotes]
    colours = speaker_colours([*_by_count(quotes, Counter()), *gold_speakers])
    reported = any(_reported(q) for doc in [*shown, *(gold or {}).values()] for q in doc.quotes)
    parts = [f"<h1>{escape(title)}</h1>",
             f'<p class="subtitle">{escape(subtitle)}</p>' if subtitle else "",
             f'<p>{len(shown)} document(s), {_count(shown)}, '
             f'{len([s for s in quotes if s is not None])} named speaker(s).</p>',
             _legend(gold is not None, reported)]
    if failed:
        parts.append('<section id="errors"><h2>Could not be read</h2><ul>'
                     + "".join(f'<li class="error" data-id="{escape(doc.id)}">{escape(doc.error)}'
                               '</li>' for doc in failed) + "</ul></section>")
    parts.append(speaker_summary(shown, colours))
    parts += [document_section(doc, compare(doc, gold), colours) for doc in shown]
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)}</title><style>{STYLE}</style></head>'
            f'<body>{"".join(parts)}</body></html>\n')
