"""Speaker coreference inside one document: every mention of a speaker gets one canonical name.

"Kim Jong-un", "Kim", "the North Korean leader" and "he" are clustered on the fullest name the
document gives ("Kim Jong Un" once the alias registry has folded the spelling). Only the
speakers of quotes are resolved, in reading order, so a pronoun can lean on the speaker of
the quote before it ("... ," he added).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from quotes.aliases import AliasRegistry, fold
from quotes.resolution.table import untitled

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me"})
GROUP_PRONOUNS = frozenset({"it", "they", "them", "we", "us"})
PLURAL_PRONOUNS = frozenset({"they", "them", "we", "us"})
DOCUMENT_NOUNS = frozenset("statement treaty declaration communique communiqué letter report agreement "
                           "resolution memo release pact accord".split())
_MASS = frozenset("media press police".split())  # plural in form, no counted group ("the Japanese media")
NUMBER_WORDS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_INSTITUTION = re.compile(r"\b(?:\w+ )?(?:ministry|department|office|agency)\b", re.IGNORECASE)
ORGANISATION_WORDS = frozenset(
    "ministry department agency office party committee council commission company corporation "
    "corp inc group union association court bank government administration army military "
    "organization organisation institute university news network federation league foundation "
    "center centre service assembly parliament congress senate house cabinet police".split()
)
TITLE_WORDS = frozenset(
    "mr mrs ms dr president prime minister sen senator rep gov governor secretary gen general "
    "leader spokesman spokeswoman chairman chief".split()
)
# Runs of capitalised words: "Kim Jong-un", "Donald J. Trump", "Hillary Rodham Clinton".
_NAME = re.compile(r"\b[A-Z][\w’'-]*\.?(?: +(?:[A-Z]\. *)?[A-Z][\w’'-]*)+")
_HYPHENS = frozenset("-‐‑")
_POSSESSIVE = re.compile(r"['’]s\b")
_LOOKBACK = 2000  # characters a pronoun may reach back to its antecedent
_DESCRIBED = re.compile(r"[\w’' -]")  # what the words before a described head are made of


def _in_described(char: str, head: str) -> bool:
    """Whether `char` may stand in the words before `head` or in `head` itself."""
    return char in head or _DESCRIBED.match(char) is not None


@dataclass
class Resolved:
    """A mention's canonical name, whether it names a person (for pronoun agreement), and how
    many speak when it is a group."""

    name: str | None
    person: bool
    size: int = 1


def _names(text: str) -> list[tuple[int, str]]:
    """Capitalised names in `text` with their offsets, cut before a possessive
    ("North Korea's" -> "North Korea")."""
    names = []
    for match in _NAME.finditer(text):
        words = _POSSESSIVE.split(match.group())[0].split()
        while words and words[0].lower() in STOP_WORDS:
            words.pop(0)
        if words:
            names.append((match.start(), " ".join(words)))
    return names


def _name_only(name: str) -> str:
    """A name without the titles and role words before it ("South Korean Foreign Minister Cho
    Hyun" -> "Cho Hyun"), by the entity table's reading of names."""
    return " ".join(untitled(name.split())[1]) or name


def _is_name_token(token: Token) -> bool:
    """A word of a name: a proper noun, or a hyphen and the word after it inside one
    ("Kim Jong - un", "Yun Suk - yul", whatever the tagger made of "un" and "yul")."""
    if token.pos_ == "PROPN":
        return True
    doc, i = token.doc, token.i
    if i == 0 or doc[i - 1].whitespace_:
        return False
    if token.text in _HYPHENS:
        return i < len(doc) - 1 and not token.whitespace_ and doc[i - 1].pos_ == "PROPN"
    return i > 1 and doc[i - 1].text in _HYPHENS and not doc[i - 2].whitespace_ and doc[i - 2].pos_ == "PROPN"


def names_organisation(name: str) -> bool:
    """A name whose last word says it is a body, not a person ("the Foreign Ministry")."""
    words = fold(name).split()
    return bool(words) and words[-1] in ORGANISATION_WORDS


def _name_runs(span: Span) -> list[Span]:
    """The runs of name words in `span`."""
    runs: list[tuple[int, int]] = []
    for token in span:
        if _is_name_token(token):
            if runs and runs[-1][1] == token.i:
                runs[-1] = (runs[-1][0], token.i + 1)
            else:
                runs.append((token.i, token.i + 1))
    return [span.doc[start:end] for start, end in runs]


def _name_run(mention: Span) -> Span | None:
    """The run of name words holding the mention's head, else its first run of name words."""
    runs = _name_runs(mention)
    root = mention.root.i
    return next((r for r in runs if r.start <= root < r.end), runs[0] if runs else None)


def _in_a_list_of_names(token: Token, start: int) -> bool:
    """A word of a list of titled names: a name's, a comma or "and", a country before a title
    ("Japanese Foreign Minister Takeshi Iwaya"), the "of" of "Secretary of State"."""
    return (_is_name_token(token) or token.pos_ in ("DET", "PUNCT", "CCONJ")
            or (token.pos_ == "ADJ" and token.text[:1].isupper())
            or (token.lower_ == "of" and token.i > start and _is_name_token(token.doc[token.i - 1])))


def _opening_names(span: Span) -> list[Span]:
    """The names of the list `span` opens with ("The United States, South Korea, and Japan
    also ..."), or [] when it does not open with two names or more."""
    doc, end = span.doc, span.start
    while end < span.end and _in_a_list_of_names(doc[end], span.start):
        end += 1
    runs: list[Span] = []
    for run in _name_runs(doc[span.start : end]):  # "Secretary of State Marco Rubio" is one
        if runs and run.start == runs[-1].end + 1 and doc[runs[-1].end].lower_ == "of":
            run = doc[runs.pop().start : run.end]
        runs.append(run)
    return runs if len(runs) >= 2 else []


def listed_first(sent: Span) -> list[Span]:
    """The names a sentence opens with when they are a list ("President Lee Jae-myung and Prime
    Minister Sanae Takaichi held talks"), for the parses that miss the coordination (there
    "myung" hangs on Takaichi and "Minister" is its conjunct): two names or more, "and" or "or"
    before the last."""
    names = _opening_names(sent)
    if len(names) < 2 or not any(t.pos_ == "CCONJ" for t in sent.doc[names[-2].end : names[-1].start]):
        return []
    return names


def _conjunct_name(mention: Span, token: Token) -> Span:
    """One conjunct's name: its words up to the conjunct, from the first proper noun
    ("North Korean leader Kim Jong-un" -> "Kim Jong-un")."""
    start = max(mention.start, token.left_edge.i)
    while start < token.i and token.doc[start].pos_ != "PROPN":
        start += 1
    phrase = token.doc[start : token.i + 1]
    return _name_run(phrase) or phrase


def _said_by_head(token: Token, root: Token) -> bool:
    """Whether a coordination starting at `token` is what `root` stands for: the root itself, or
    reached from it without an apposition, a relative clause or a body's name on the way ("Lamar
    Smith, a Republican who chairs the Committee on Science, Space and Technology"; "James Lewis,
    an expert at the Center for Strategic and International Studies" are one person each)."""
    while token != root:
        head = token.head
        if head == token or token.dep_ in ("appos", "relcl") or (head != root and head.pos_ == "PROPN"):
            return False
        token = head
    return True


def conjuncts_of(mention: Span) -> list[Span]:
    """The coordinated names a mention stands for ("South Korea, the United States, and Japan";
    "a joint statement issued by Trump and Ishiba"), or [] when there is no coordination or it
    only describes the mention's head."""
    for token in mention:
        chain = [token]
        while True:
            nxt = next((c for c in chain[-1].children if c.dep_ == "conj" and c.i < mention.end), None)
            if nxt is None:
                break
            chain.append(nxt)
        if len(chain) > 1 and _listed_as_apposition(token, mention, chain):
            token = token.head  # "Motegi, Marco Rubio and Cho Hyun", parsed as Motegi <appos Rubio <conj Hyun
            chain.insert(0, token)
        if len(chain) > 1 and all(_is_name_token(t) for t in chain) and _said_by_head(token, mention.root):
            return [_conjunct_name(mention, t) for t in chain]
    return []


def _listed_as_apposition(token: Token, mention: Span, chain: list[Token]) -> bool:
    """Whether a coordination of names starting at `token` continues a list whose first name
    the parse made `token`'s head ("Motegi, Marco Rubio and Cho Hyun": Rubio an apposition of
    Motegi): the head is a name just before it, only a comma between them, and the last
    conjunct comes after "and" or "or"."""
    head, start = token.head, token.left_edge.i
    return (token.dep_ == "appos" and _is_name_token(head) and mention.start <= head.i == start - 2
            and token.doc[start - 1].text == "," and any(c.dep_ == "cc" for c in chain[-2].children))


def group_size(mention: Span) -> int | None:
    """How many a definite plural description counts ("the three countries" -> 3; "the
    leaders" -> 0 for any), or None when the mention is not one ("critics", "officials")."""
    root = mention.root
    if root.tag_ not in ("NNS", "NNPS") or root.lower_ in _MASS:
        return None
    for token in mention:
        if token.lower_ in NUMBER_WORDS:
            return NUMBER_WORDS[token.lower_]
    return 0 if any(t.lower_ in ("the", "these", "those") for t in mention[:2]) else None


class SpeakerResolver:
    """Resolves the speaker mentions of one document, in reading order.

    `parses` are the parsed pieces of the document with their character offsets, in order: the
    resolver looks in them for the coordinations that a group mention ("They", "the two
    leaders", "the treaty") stands for. What it looks up in the whole text or parse it indexes
    once, so that each mention costs the same however long the document.
    """

    def __init__(self, text: str, registry: AliasRegistry,
                 parses: Sequence[tuple[int, Doc]] = ()) -> None:
        self.text = text
        self.registry = registry
        self.parses = parses
        self.names = _names(text)
        self.name_starts = [position for position, _ in self.names]
        self.history: list[tuple[int, Resolved]] = []
        self.groups: list[tuple[int, Resolved]] = []  # the history's groups of speakers
        self.by_word: dict[str, Resolved] = {}  # the latest named speaker with each word of its name
        self._longer: dict[str, list[tuple[str, list[str]]]] | None = None
        self._full: dict[str, str] = {}
        self._coordinated: tuple[list[int], list[tuple[int, list[Span]]]] | None = None
        self._issued: dict[str, tuple[list[int], list[list[Span]]]] | None = None
        self._described: dict[str, str | None] = {}
        self._states: list[str] | None = None
        self._heads: dict[str, tuple[re.Pattern[str], list[int], list[str]]] = {}
        self._bodies: dict[str, str | None] = {}

    def _remember(self, at: int, resolved: Resolved) -> None:
        self.history.append((at, resolved))
        if resolved.size > 1:
            self.groups.append((at, resolved))
        if resolved.name:
            for word in fold(resolved.name).split():
                self.by_word[word] = resolved

    def _extensions(self, words: list[str]) -> list[tuple[str, list[str]]]:
        """The names of the text (untitled, with their folded words) that begin with the first
        of `words` or end with the last."""
        if self._longer is None:
            self._longer = {}
            for found in {found for _, found in self.names}:
                candidate = _name_only(found)
                cand_words = fold(candidate).split()
                if cand_words:
                    self._longer.setdefault("<" + cand_words[0], []).append((candidate, cand_words))
                    self._longer.setdefault(">" + cand_words[-1], []).append((candidate, cand_words))
        return self._longer.get("<" + words[0], []) + self._longer.get(">" + words[-1], [])

    def _full_name(self, name: str) -> str:
        """The registry's name, else the longest name in the text that extends this one,
        registered names first."""
        if name not in self._full:
            self._full[name] = self._find_full_name(name)
        return self._full[name]

    def _find_full_name(self, name: str) -> str:
        registered = self.registry.canonical(name) or (" " in name.strip() and self.registry.find_in(name))
        if registered:
            return registered
        words = [w for w in fold(name).split() if w not in TITLE_WORDS]
        if not words:
            return name
        best: tuple[bool, int, str] | None = None  # (registered, length, name)
        for candidate, cand_words in self._extensions(words):
            if len(cand_words) > len(words) and (
                cand_words[-len(words):] == words or cand_words[: len(words)] == words
            ):
                known = self.registry.canonical(candidate) or self.registry.find_in(candidate)
                key = (known is not None, len(candidate), known or candidate)
                best = key if best is None or key > best else best
        if best is not None:
            return best[2]
        if len(words) == 1:
            registered = self.registry.by_family_name(words[0])
            if registered:
                return registered
        return _name_only(name)

    def _is_person(self, name: str) -> bool:
        registered = self.registry.canonical(name)
        if registered:
            return self.registry.types.get(registered, "PERSON") == "PERSON"
        return not names_organisation(name)

    def _group(self, conjuncts: list[Span]) -> Resolved:
        """A coordination as one speaker: the registered group, else the names joined."""
        members = [_name_only(self._full_name(_name_only(c.text))) for c in conjuncts]
        name = self.registry.group_of(members)
        if name is None:
            name = ", ".join(members[:-1]) + " and " + members[-1]
        return Resolved(name, False, len(members))

    def _coordination(self, before: int) -> tuple[int, list[Span]] | None:
        """The coordinated names of the last parsed sentence before `before` that has some,
        with where they start."""
        if self._coordinated is None:
            starts, found = [], []
            for offset, doc in self.parses:
                for sent in doc.sents:
                    conjuncts = conjuncts_of(sent) or listed_first(sent)
                    if conjuncts:
                        starts.append(offset + sent.start_char)
                        found.append((offset + conjuncts[0].start_char, conjuncts))
            self._coordinated = starts, found
        starts, found = self._coordinated
        index = bisect_left(starts, before) - 1
        return found[index] if index >= 0 else None

    def _group_before(self, at: int, size: int = 0) -> Resolved:
        """The nearest group of speakers before `at`: one resolved already, or a coordination
        of names in the text (with `size` members, when given)."""
        best: tuple[int, Resolved] | None = None
        for position, earlier in reversed(self.groups):
            if not size or earlier.size == size:
                best = (position, earlier)
                break
        coordination = self._coordination(at)
        if coordination is not None:
            position, conjuncts = coordination
            group = self._group(conjuncts)
            if (not size or group.size == size) and (best is None or position > best[0]):
                best = (position, group)
        return best[1] if best else Resolved(None, False, size or 2)

    def _issuers(self, document: Span, at: int) -> Resolved | None:
        """Who issued a document speaker ("The treaty"): the coordinated subject of the verb
        that took the same noun earlier ("Putin and Kim Jong-un signed the treaty")."""
        if self._issued is None:
            self._issued = {}
            for offset, doc in self.parses:
                for token in doc:
                    lemma = token.lemma_.lower()
                    if token.dep_ != "dobj" or lemma not in DOCUMENT_NOUNS:
                        continue
                    subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
                    if subject is not None:
                        conjuncts = conjuncts_of(doc[subject.left_edge.i : subject.right_edge.i + 1]) or (
                            listed_first(token.sent) if subject.left_edge.i == token.sent.start else [])
                        if conjuncts:
                            starts, found = self._issued.setdefault(lemma, ([], []))
                            starts.append(offset + token.idx)
                            found.append(conjuncts)
        starts, found = self._issued.get(document.root.lemma_.lower(), ([], []))
        index = bisect_left(starts, at) - 1
        return self._group(found[index]) if index >= 0 else None

    def _from_pronoun(self, pronoun: str, at: int) -> Resolved:
        if pronoun in PLURAL_PRONOUNS:
            group = self._group_before(at)
            if group.name:
                return group
        person = pronoun in PERSON_PRONOUNS
        for position, earlier in reversed(self.history):
            if at - position > _LOOKBACK:
                break
            if earlier.name and earlier.person == person and earlier.size == 1:
                return earlier
        if person:
            for index in range(bisect_left(self.name_starts, at) - 1, -1, -1):
                position, name = self.names[index]
                if at - position > _LOOKBACK:
                    break
                full = self._full_name(name)
                if self._is_person(full):
                    return Resolved(full, True)
        return Resolved(None, person)

    def _from_description(self, mention: Span, at: int) -> Resolved:
        """'the North Korean leader' -> the name that follows the same words earlier;
        'a spokesman' -> the body named where that spokesman was first described."""
        words = [t.text for t in mention if t.pos_ not in ("DET", "PRON", "PUNCT")]
        named = self._named_after(words) if words else None
        if named:
            return Resolved(self._full_name(named), True)
        head = mention.root
        for phrase in reversed(self._described_before(head.text, at, mention.text)):
            body = self._body(f"{phrase} {head.text}")
            if body:
                return Resolved(body, self.registry.types.get(body) == "PERSON")
        earlier = self.by_word.get(head.lemma_.lower())
        return earlier or Resolved(None, not names_organisation(head.text))

    def _body(self, description: str) -> str | None:
        """The registered body a description names ("a Foreign Ministry spokesman")."""
        if description not in self._bodies:
            self._bodies[description] = self.registry.find_in(description) or self._qualified(description)
        return self._bodies[description]

    def _described_before(self, head: str, at: int, mention: str) -> list[str]:
        """The words (up to six) before each `head` in the text before `at` and in the mention
        there: the matches of `_described(head)` in `text[:at] + mention`, in order. No match
        holds a character other than its words' and the head's, so those of the text up to the
        last such character before `at` are the whole text's, found once for each head word."""
        if head not in self._heads:
            self._heads[head] = self._scan_head(head)
        pattern, ends, phrases = self._heads[head]
        barrier = at - 1
        while barrier >= 0 and _in_described(self.text[barrier], head):
            barrier -= 1
        tail = self.text[barrier + 1 : at] + mention
        return phrases[: bisect_right(ends, barrier)] + [m.group(1) for m in pattern.finditer(tail)]

    def _scan_head(self, head: str) -> tuple[re.Pattern[str], list[int], list[str]]:
        """The pattern of words before `head`, and where its matches in the text end and their
        words: each run of characters a match may hold around an occurrence of `head` is
        scanned, nothing else."""
        pattern = re.compile(rf"((?:[\w’'-]+ ){{0,6}}){re.escape(head)}\b")
        ends, phrases = [], []
        text, start = self.text, self.text.find(head)
        while start >= 0:
            lo, hi = start, start + len(head)
            while lo > 0 and _in_described(text[lo - 1], head):
                lo -= 1
            while hi < len(text) and _in_described(text[hi], head):
                hi += 1
            for match in pattern.finditer(text, lo, hi):
                ends.append(match.end())
                phrases.append(match.group(1))
            start = text.find(head, hi)
        return pattern, ends, phrases

    def _named_after(self, words: list[str]) -> str | None:
        """The name that first follows these words of a description in the text ("the North
        Korean leader Kim Jong Un"), looked for once for each description."""
        described = r" +".join(re.escape(w) for w in words)
        if described not in self._described:
            pattern = re.compile(rf"\b(?i:{described}) +([A-Z][\w’'-]*(?: [A-Z][\w’'-]*){{1,3}})")
            match = pattern.search(self.text)
            self._described[described] = match.group(1).strip() if match else None
        return self._described[described]

    def _qualified(self, description: str) -> str | None:
        """An institution named without its country ("a defence ministry official"), read as
        the one of the state the article names most that the registry knows."""
        if not _INSTITUTION.search(description):
            return None
        if self._states is None:
            states = [c for c, kind in self.registry.types.items() if kind == "GPE" and c in self.text]
            self._states = sorted(states, key=lambda c: -self.text.count(c))
        for state in self._states:
            body = self.registry.find_in(f"{state}'s {_INSTITUTION.search(description).group()}")
            if body and self.registry.types.get(body) == "ORG":
                return body
        return None

    def _self_named(self, quote: Span | None) -> Resolved | None:
        """A statement that names its own authors first: "The United States, South Korea and
        Japan also reaffirm ...," it said -> the three of them."""
        if quote is None:
            return None
        names = _opening_names(quote)
        return self._group(names) if names else None

    def resolve(self, mention: Span, offset: int = 0, quote: Span | None = None) -> str | None:
        """The canonical speaker of `mention` (a span of a parsed piece starting at `offset`);
        `quote`, when given, is the quotation it speaks (in the same parse)."""
        at = offset + mention.start_char
        head = mention.root
        conjuncts = conjuncts_of(mention)
        impersonal = head.lower_ in GROUP_PRONOUNS or head.lemma_.lower() in DOCUMENT_NOUNS
        if impersonal and (named := self._self_named(quote)) is not None:
            self._remember(at, named)
            return named.name
        registered = self.registry.canonical(mention.text)
        if registered:
            kind = self.registry.types.get(registered, "PERSON")
            resolved = Resolved(registered, kind == "PERSON",
                                len(self.registry.members(registered)) if kind == "GROUP" else 1)
        elif conjuncts:
            resolved = self._group(conjuncts)
        elif head.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS and len(mention) == 1:
            resolved = self._from_pronoun(head.lower_, at)
        elif (run := _name_run(mention)) is not None:
            name = self._full_name(run.text)
            if self.registry.canonical(name) is None:
                name = self._qualified(run.text) or name
            resolved = Resolved(name, self._is_person(name))
        elif (found := self.registry.find_in(mention.text)) is not None:
            resolved = Resolved(found, self.registry.types.get(found) == "PERSON")
        elif head.lemma_.lower() in DOCUMENT_NOUNS:
            resolved = self._issuers(mention, at) or self._group_before(at)
        elif (size := group_size(mention)) is not None:
            resolved = self._group_before(at, size)
        else:
            resolved = self._from_description(mention, at)
        self._remember(at, resolved)
        return resolved.name
