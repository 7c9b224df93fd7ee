"""The speaker resolver of one document: each speaker mention's canonical name, kind and certainty.

Mentions of one person or body ("Lee Jae-myung", "Lee", "the former governor", "he") are
linked by the ranker to the entities of the document's table, so the document's own people
win over the alias registry, which only folds spellings (and names a bare family name when the
document names nobody who fits). A mention the ranker links to no entity is an unnamed source
("senior administration official"), and later mentions of it share its speaker. Groups and
documents are not ranked: coordinations ("Putin and Kim"), plural pronouns, counted
descriptions ("the three countries") and statements keep the group reading of quotes/coref.py;
a statement the text said someone made ("In a statement carried by KCNA, Kim Yo Jong said")
speaks for them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from quotes.aliases import AliasRegistry
from quotes.coref import (
    DOCUMENT_NOUNS,
    GROUP_PRONOUNS,
    SpeakerResolver,
    conjuncts_of,
    group_size,
    listed_first,
)
from quotes.linear import HashedLogistic
from quotes.resolution.features import WRITINGS, Mention, known_words, name_match, read_mention
from quotes.resolution.ranker import Choose, Linker
from quotes.resolution.table import (
    DEMONYMS,
    ORGANISATION_WORDS,
    PLACE_KEYS,
    STATE_BODIES,
    TITLES,
    Entity,
    EntityTable,
    names_a_body,
    word_key,
)
from quotes.resolution.unnamed import (
    AGENTS,
    ONE_OF,
    REACH,
    SOURCE_NOUNS,
    described,
    introduced,
    introduction,
    of_object,
    one_of,
    parse_at,
)
from quotes.sources import SUBJECTS, referent

# verbs that give words to their subject: a quotation they govern is that subject's
NESTING = frozenset("say call describe label term dub brand characterize deem tell write tweet declare warn "
                    "claim insist promise vow denounce condemn".split())
# what speaks for whoever made it ("the statement said", "the ad says")
_AUTHORED = DOCUMENT_NOUNS | {"ad", "advertisement", "commercial"}
# what a body is called by its kind ("the group said"), standing for the body the text named
BODY_NOUNS = frozenset("group company agency organization organisation firm foundation coalition union "
                       "association corporation bureau institute charity nonprofit "
                       # a company by its trade, as wire copy names it again ("the carmaker said")
                       "carmaker automaker chipmaker airline lender insurer retailer manufacturer "
                       "conglomerate".split())
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?]\s|\n")  # not an initial's dot ("U.S. Commerce")
_DESCRIBED_SPEAKER = re.compile(
    r"\b[Tt]he (?:[a-z]+ )?([a-z]+)\s+(?:said|says|stated|declared|warned|added|wrote)\b")
# what follows a name that names its campaign ("Clinton's presidential campaign", "Cruz campaign")
_CAMPAIGN_AFTER = re.compile(r"(?:['’]s)?\s+(?:(?i:presidential|re-?election|senate|gubernatorial|\d{4})\s+)?"
                             r"campaign\b")
# who made the statement or ad named: the capitalised words after "from" or "by"
_MADE_BY = re.compile(r"s?\s+(?:from|by)\s+(?:the\s+)?([A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*)*)")
_REPORTED = re.compile(r"\s+(?:said|says|stated|declared|warned|added|wrote)\b")
_KINDS = {"person": "person", "organization": "organization", "place": "organization", "group": "group",
          "unnamed": "unnamed"}


@dataclass
class Owned:
    """A description its owner governs: the owner, the name and kind of what it stands for, and
    its entity once there is one."""

    owner: Entity
    name: str
    kind: str
    entity: Entity | None
    certainty: float


@dataclass
class Resolution:
    """A speaker mention resolved: the canonical name, its kind (quotes/schema.py SPEAKER_KINDS)
    and how sure the resolver is of the entity."""

    name: str | None
    kind: str | None
    certainty: float = 1.0


def nested_speaker(mention: Span, quote: Span | None) -> Span | None:
    """The subject of a reporting verb between a quotation and its speaker mention's own verb,
    whose words the marks hold rather than the mention's ("Trump said Clinton once described
    the deal as “the gold standard”"; "what lawmakers called “...”"; "Sanders said “...”,
    according to CNN"); None when the quotation hangs on the mention's verb."""
    root = mention.root
    if root.dep_ == "pobj" and root.head.lower_ == "to" and root.head.head.lower_ == "according":
        said = root.head.head.head  # "Sanders said ..., according to CNN" for a later quote too
        subject = next((c for c in said.children if c.dep_ in SUBJECTS), None)
        if said.lemma_.lower() in NESTING and subject is not None:
            return _phrase(referent(subject))
    if quote is None or quote.doc is not mention.doc:
        return None
    own = root.head
    token = quote.root
    while token.head != token and token != own:
        token = token.head
        if quote.start <= token.i < quote.end or token.pos_ != "VERB" or token.lemma_.lower() not in NESTING:
            continue
        sharer = token.head if token.dep_ == "conj" else token  # "Kim oversaw ... and vowed"
        subject = next((c for c in token.children if c.dep_ in SUBJECTS), None) or next(
            (c for c in sharer.children if c.dep_ in SUBJECTS), None)
        between = quote.doc[token.i + 1 : quote.start - 1]
        opens = token.i < quote.start and not any(t.is_quote for t in between)
        if subject is None or mention.start <= subject.i < mention.end or token == own or not opens:
            return None  # the verb must open the quotation, not stand in other quoted words
        return _phrase(referent(subject))
    return None


# what makes an unnamed source a government's (GUIDELINES §4.3: "a military official", "a
# government source", "a senior presidential official")
_GOVERNMENT_WORDS = frozenset("military government presidential defense defence foreign unification "
                             "intelligence administration".split())
_US = ("U.S.", "US", "American")  # the United States as a text writes it before a body
_ADJECTIVES = "|".join([*DEMONYMS.values(), *map(re.escape, _US)])
_COUNTRY = re.compile(rf"\b(?:({'|'.join(DEMONYMS)})|({_ADJECTIVES}))(?!\w)")  # "South Korea's", "Japanese"
_GENERATIONS = {"younger": "younger", "junior": "younger", "elder": "elder", "older": "elder"}
_CHILDREN = frozenset("son daughter child grandson granddaughter".split())  # roles a family's younger has
_PUBLICATIONS = frozenset("newspaper daily weekly magazine tabloid broadcaster network channel".split())
_SPOUSES = {"lady": "wife", "gentleman": "husband"}  # a leader's spouse ("the first lady")
# what a news story calls the person it is about without naming them ("the minority leader",
# "the billionaire real estate mogul")
_EPITHETS = (TITLES - AGENTS) | frozenset(
    "mogul tycoon magnate diplomat neurosurgeon surgeon frontrunner".split())
_TIE_REACH = 5000  # characters before a source in which its government's country is looked for
_SENTENCE_REACH = 2000  # characters before a quote in which the sentences before it are looked for
_COUNTRY_WORDS = frozenset(w for name in (*DEMONYMS, *DEMONYMS.values()) for w in name.split()) | set(_US)


@lru_cache(maxsize=64)
def _tie(modifier: str) -> re.Pattern[str]:
    """A country's government word in the text: "South Korea's military", "the South Korean
    presidential office", "U.S. military"."""
    return re.compile(rf"\b(?:({'|'.join(DEMONYMS)})['’]s|({_ADJECTIVES}))\s+(?:[\w-]+\s+){{0,2}}?"
                      rf"(?i:{re.escape(modifier)})\b")


def _country_of(place: str | None, registry: AliasRegistry, text: str) -> str | None:
    """The adjective of the country a dateline's place is in ("SEOUL" -> South Korean;
    "WASHINGTON" -> U.S., as the text writes it), where the registry knows the place."""
    if place is None:
        return None
    if place.upper() == "WASHINGTON":  # a dateline's Washington is the capital, not the state
        return next((us for us in _US[:2] if re.search(rf"\b{re.escape(us)}(?!\w)", text)), _US[0])
    country = registry.canonical(place)
    return DEMONYMS.get(country or "") if registry.types.get(country or "") == "GPE" else None


def _body_name_start(words: list[str]) -> str | None:
    """The first word of a state body's name inside an unnamed source's description: "Education"
    of "a senior Education Ministry official" (a ministry is its government's)."""
    at_body = next((i for i, w in enumerate(words[:-1]) if w[:1].isupper() and w.lower() in STATE_BODIES),
                   None)
    if at_body is None:
        return None
    start = at_body
    while start > 0 and words[start - 1][:1].isupper():
        start -= 1
    return words[start]


def _bare_body(mention: Span) -> bool:
    """A body named by its kind alone: "the group", "the company", "The agency"."""
    return len(mention) == 2 and mention[0].lower_ == "the" and mention[1].lower_ in BODY_NOUNS


def _phrase(head: Token) -> Span:
    """A subject's words up to its head, as the pipeline hands a speaker to the resolver."""
    return head.doc[head.left_edge.i : head.i + 1]


def _publication(mention: Span) -> Span | None:
    """The name a publication noun follows ("the state-run Rodong Sinmun newspaper", "the
    People's Daily newspaper"), else None."""
    root = mention.root
    if root.lemma_.lower() not in _PUBLICATIONS:
        return None
    start = root.i
    while start > mention.start and (mention.doc[start - 1].pos_ == "PROPN" or (
            mention.doc[start - 1].tag_ == "POS" and start - 1 > mention.start)):
        start -= 1
    while start < root.i and mention.doc[start].tag_ == "POS":
        start += 1
    return mention.doc[start : root.i] if start < root.i else None


def _role_holders(mention: Span, read: Mention, cands: list[Entity], index: int) -> list[int]:
    """The candidates a role phrase must name, where the ranker's choice (`index`) cannot hold it
    (GUIDELINES §4.2): a role with a country ("the Japanese defense minister") a person the text
    ties to that country; "the first lady" no one is called the wife the text named; a definite
    title ("the former Florida governor") the one person the text gives it, as a title ("former Gov.
    Jeb Bush") or a role ("leader Kim Jong Un")."""
    country = set(read.words) & PLACE_KEYS
    if country and index < len(cands) and not country <= known_words(cands[index]):
        return [i for i, e in enumerate(cands) if e.kind == "person" and country <= known_words(e)]
    spouse = _SPOUSES.get(read.head) if any(t.lower_ == "first" for t in mention) else None
    if spouse and not any(read.head in known_words(e) for e in cands):
        return [i for i, e in enumerate(cands) if spouse in e.roles]
    titled = [i for i, e in enumerate(cands) if e.kind == "person" and read.head in e.titles | e.roles]
    if mention[0].lower_ == "the" and len(titled) == 1 and index not in titled:
        return titled  # "the outgoing president": the one person the text gives that title
    return []


def _kind(entity: Entity) -> str:
    if entity.kind in _KINDS:
        return _KINDS[entity.kind]
    return "organization" if entity.name and names_a_body(entity.name) else "person"


class Resolver:
    """Resolves the speaker mentions of one document, in reading order.

    `parses` are the parsed pieces of the document with their character offsets, where the
    group reading looks for coordinations; the entity table reads the whole raw `text`. A
    `choose` set on it makes the ranked choices instead of the ranker (to learn from them).
    """

    def __init__(self, text: str, registry: AliasRegistry, parses: Sequence[tuple[int, Doc]] = (),
                 ranker: HashedLogistic | None = None, place: str | None = None) -> None:
        self.text = text
        self.registry = registry
        self.filed_in = _country_of(place, registry, text)  # the dateline's country, as an adjective
        self.table = EntityTable(text, registry)
        self.parses = list(parses)
        self.table.mark_subjects(self.parses)
        self.linker = Linker(self.table, ranker)
        self.groups = SpeakerResolver(text, registry, self.parses)
        self.spoken: list[tuple[int, Resolution]] = []  # (offset, resolution) of each speaker
        self._owned_by: dict[str, Entity] = {}  # "Clinton campaign" -> its entity
        self.choose: Choose | None = None

    def resolve(self, mention: Span, offset: int = 0, quote: Span | None = None) -> Resolution:
        """The speaker `mention` names (a span of a parsed piece starting at `offset`); `quote`,
        when given, is the quotation it speaks (in the same parse)."""
        inner = nested_speaker(mention, quote)
        if inner is not None:  # the words are those the quote's own reporting verb gives them to
            mention = inner
        at = offset + mention.start_char
        group_name = self.groups.resolve(mention, offset, quote)  # keeps the group reading's history
        group = self.groups.history[-1][1]
        head = mention.root
        document = head.lemma_.lower() in _AUTHORED and not conjuncts_of(mention)
        if document:  # the sentence that named the statement says who made it; a group read
            author = self._author(head.lemma_.lower(), at)  # before yields to a named author only
            if author is not None and (group.size == 1 or group_name is None or author.kind != "unnamed"):
                return self._spoke(at, author)
        structural = (bool(conjuncts_of(mention)) or document or head.lower_ in GROUP_PRONOUNS
                      or (head.pos_ != "PROPN" and group_size(mention) is not None)
                      or self.registry.types.get(self.registry.canonical(mention.text) or "") == "GROUP")
        if structural and group_name:
            kind = "group" if group.size > 1 else "person" if group.person else "organization"
            return self._spoke(at, Resolution(group_name, kind))
        return self._spoke(at, self._ranked(mention, offset, quote))

    def _ranked(self, mention: Span, offset: int, quote: Span | None) -> Resolution:
        titled = _publication(mention) if self.choose is None else None
        read = read_mention(titled or mention, offset)
        if titled is not None:  # the publication's name as written, possessive and all
            read.form, read.name = "name", titled.text
        read.speaker = True
        if quote is not None:
            read.quote = offset + quote.start_char, offset + quote.end_char
        owned = self._owned(mention, offset) if self.choose is None else None
        if owned is not None and owned.entity is not None:  # what it wrote, or what was named so
            self.linker.record(read, owned.entity)
            return Resolution(owned.entity.name, _kind(owned.entity), owned.certainty)
        known = len(self.table.entities)
        choose = self.choose or (self._body_named_before if _bare_body(mention) else
                                 self._described(mention, read) if read.form == "description" else
                                 self._generation(read) if _GENERATIONS.keys() & set(read.words) else
                                 self._subject_before(read))
        entity, certainty = self.linker.link(read, choose, remember=False)
        if titled is not None and entity.kind in ("person", "unknown"):
            entity.kind = "organization"  # "the Rodong Sinmun newspaper" is no one's name
        if owned is not None and (entity.id >= known or entity is owned.owner):
            # neither the owner ("Clinton's campaign" is not Clinton) nor an unnamed someone
            if entity.id < known:
                entity = self.table.new(owned.kind)
                self.linker.record(read, entity)
            entity.kind, entity.description = owned.kind, owned.name
            self._owned_by[owned.name] = entity
            return Resolution(owned.name, _kind(entity), certainty)
        if entity.id < known:
            self.linker.record(read, entity)
        if entity.kind == "unnamed" and entity.id >= known and read.form == "description":
            entity.description = self._unnamed(mention, read.start)
        if entity.kind != "unnamed":
            return Resolution(entity.name, _kind(entity), certainty)
        if entity.description is None:
            entity.description = described(mention)
        # a body described, not named, speaks as a body ("the Chinese government", GUIDELINES §4.1)
        kind = "organization" if mention.root.lemma_.lower() in ORGANISATION_WORDS else "unnamed"
        return Resolution(entity.description, kind, certainty)

    def _body_named_before(self, cands: list[Entity], feats: list[dict[str, float]]) -> tuple[int, float]:
        """The ranker's choice for a bare "the group", "the company", unless it is someone new:
        then the body named last before it ("the Trayvon Martin Foundation ... the group said")."""
        index, certainty = self.linker.best(cands, feats)
        body = next((i for i, e in enumerate(cands) if e.kind == "organization"), None)
        if index < len(cands) or body is None or self.linker.ranker is None:
            return index, certainty
        probs = self.linker.ranker.predict_proba(feats)
        return body, float(probs[body] / probs.sum())

    def _sentence_before(self, position: int) -> tuple[int, Span | None]:
        """The parsed sentence that ends before `position`, with its piece's offset: in its
        paragraph, else the last of the paragraph above; (0, None) where it is not parsed."""
        floor = max(0, position - _SENTENCE_REACH)  # no further back, however long the line
        opens = self.text.rfind("\n", floor, position) + 1 or floor
        if self.text[opens:position].strip(" \t\"“‘'"):
            begin, end = opens, position - 1
        else:
            end = floor + len(self.text[floor:opens].rstrip())
            begin = self.text.rfind("\n", floor, end) + 1 or floor
        offset, doc = parse_at(self.parses, begin)
        sentences = [] if doc is None else [
            sentence for sentence in doc.sents if begin <= offset + sentence.start_char
            and offset + sentence.end_char <= end and not self._quoted(offset + sentence.start_char)]
        return (offset, sentences[-1]) if sentences else (0, None)

    def _quoted(self, position: int) -> bool:
        """Whether `position` lies inside a quotation opened earlier in its paragraph."""
        floor = max(0, position - _SENTENCE_REACH)
        before = self.text[(self.text.rfind("\n", floor, position) + 1 or floor) : position]
        return before.count("“") > before.count("”") or before.count('"') % 2 == 1

    def _subject_before(self, read: Mention) -> Choose | None:
        """The ranker's choice for a "he" or "she" of a quote, unless the sentence before the quote
        or the pronoun (in its paragraph, else the last of the paragraph above) has a person of
        that gender for subject, or for agent of its passive ("Former Pennsylvania governor Ed
        Rendell, one of Clinton's most vocal supporters, was even more resolute." then
        "“Absolutely not,” he said"; "Lee thanked Trump for his hospitality. “...,” he said";
        "Clinton's position was supported by Sen. Dianne Feinstein"): that person, whoever spoke
        before. A sentence whose subject is the same pronoun ("He continued, “...”") is passed
        for the one before it (two at most), and sentences inside quotations are never read.
        None where the pronoun has no gender or no quote."""
        if read.form != "pronoun" or read.gender is None or read.quote is None:
            return None
        first = min(read.start, read.quote[0])  # the quote, or "He said" before it
        for _ in range(3):  # past sentences whose subject is the same pronoun ("He continued, ...")
            offset, sentence = self._sentence_before(first)
            if sentence is None:
                return None
            root = sentence.root  # its subject, else the agent of its passive ("... was supported by X")
            heads = [*(c for c in root.children if c.dep_ in SUBJECTS),
                     *(g for c in root.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj")]
            if not heads or heads[0].lower_ != read.head:
                break
            first = offset + sentence.start_char
        if not heads or heads[0].lower_ == read.head:
            return None
        positions = [offset + head.idx for head in heads]
        gender = read.gender

        def choose(cands: list[Entity], feats: list[dict[str, float]]) -> tuple[int, float]:
            index, certainty = self.linker.best(cands, feats, new=False, gender=gender, at=read.start)
            people = [i for i, e in enumerate(cands) if e.kind == "person"
                      and (e.gender or e.first_name_gender) in (None, gender)]
            above = next((i for at in positions for i in people
                          if any(start <= at < end for start, end in cands[i].occurrences)), None)
            if above is None or above == index or self.linker.ranker is None:
                return index, certainty
            probs = self.linker.ranker.predict_proba(feats)
            return above, float(probs[above] / probs[: len(cands)].sum())
        return choose

    def _generation(self, read: Mention) -> Choose:
        """The ranker's choice for "the younger Koizumi", "the elder Bush", unless the text
        says that one of the family is the other's child ("Shinjiro Koizumi, the son of former
        Prime Minister Junichiro Koizumi") and the choice is the wrong one of them: the younger
        is the child, the elder the other."""
        younger = any(_GENERATIONS.get(w) == "younger" for w in read.words)

        def choose(cands: list[Entity], feats: list[dict[str, float]]) -> tuple[int, float]:
            index, certainty = self.linker.best(cands, feats)
            family = [i for i, e in enumerate(cands) if name_match(read, e) in ("exact", "last")]
            children = [i for i in family if cands[i].roles & _CHILDREN]
            if len(family) < 2 or len(children) != 1 or (index == children[0]) == younger:
                return index, certainty
            probs = self.linker.ranker.predict_proba(feats)  # best() chose among them: a ranker
            index = children[0] if younger else max((i for i in family if i != children[0]),
                                                     key=lambda i: probs[i])
            return index, float(probs[family].sum() / probs.sum())  # one of the family, the text says which
        return choose

    def _described(self, mention: Span, read: Mention) -> Choose:
        """The ranker's choice for a description ("the ministry", "the person"), unless that is
        an unnamed source not known by its noun: then the candidate known by it ("South Korea's
        Unification Ministry" for "the ministry", over the official who spoke last), else someone
        new when an indefinite "A person familiar with the negotiations" came after that source
        (named by that introduction in `_unnamed`); a source noun ("the official") names again
        only a source described by one ("a source close to him"), any other noun ("the
        newspaper", "the Chinese government") someone new; a role the choice cannot hold goes
        to one who can (`_role_holders`); a definite epithet the ranker takes for someone new and
        the text gave no one ("the billionaire real estate mogul") is the person named most."""
        def choose(cands: list[Entity], feats: list[dict[str, float]]) -> tuple[int, float]:
            index, certainty = self.linker.best(cands, feats)
            ranker = self.linker.ranker
            if ranker is None:
                return index, certainty
            probs = ranker.predict_proba(feats)
            holders = _role_holders(mention, read, cands, index)
            if holders:  # as sure as the ranker is that it is someone named before
                return max(holders, key=lambda i: probs[i]), float(1 - probs[-1] / probs.sum())
            if index == len(cands) and mention[0].lower_ == "the" and read.head in _EPITHETS and not any(
                    read.head in known_words(e) for e in cands):
                proper = {word_key(t.text) for t in mention if t.pos_ == "PROPN" or t.ent_type_}
                people = [i for i, e in enumerate(cands) if e.kind == "person" and proper <= known_words(e)]
                if people:  # an epithet the text gave no one: the person it is most about ("the Texas
                    # senator" only one the text ties to Texas)
                    index = max(people, key=lambda i: (len(cands[i].occurrences), probs[i]))
                    return index, float(probs[index] / probs.sum())
            if index == len(cands) or read.head in known_words(cands[index]):
                return index, certainty
            if cands[index].kind == "organization" and read.head in ORGANISATION_WORDS - BODY_NOUNS:
                return len(cands), float(probs[-1] / probs.sum())  # "the Saudi embassy" is no company
            known = [i for i, e in enumerate(cands) if read.head in known_words(e)]
            found = introduction(self.text, mention.root.text, read.start)
            if known and cands[index].kind == "unnamed":
                index = max(known, key=lambda i: probs[i])
            elif found is not None and all(  # a body named inside it ("A Foreign Ministry official")
                    (cands[i].last_before(read.start, skip=found.span()) or 0) < found.start()
                    for i in [index, *known]):
                index = len(cands)  # "A military official said ..." since, whoever was named before
            elif cands[index].kind != "unnamed":
                return index, certainty
            elif sources := [i for i, e in enumerate(cands) if read.head in SOURCE_NOUNS
                             and e.kind == "unnamed" and known_words(e) & SOURCE_NOUNS]:
                if index in sources:
                    return index, certainty
                index = max(sources, key=lambda i: probs[i])  # "the official" is no newspaper
            else:  # "the newspaper" is no source described before
                index = len(cands)
            return index, float(probs[index] / probs.sum())
        return choose

    def _unnamed(self, mention: Span, at: int) -> str:
        """The name of a new unnamed source (GUIDELINES §4.3): "the official" and "another
        supporter" are named as the source an indefinite description introduced before ("A senior
        administration official", "one Sanders supporter")."""
        name = one_of(mention, self.parses, at, self.table.fullest) or described(mention, self.table.fullest)
        if " " not in name and mention[0].lower_ in ("the", "another", "a", "an"):
            name = introduced(self.text, self.parses, mention.root.text, at, self.table.fullest) or name
        reported = self._reported_country(mention, at, name)
        return self._of_its_country(self._of_its_body(name, at) or name, at, reported)

    def _reported_country(self, mention: Span, at: int, name: str) -> str | None:
        """The adjective of the country whose doing a source reports, as the parse gives it for
        the source or for the description that introduced it, named `name` ("South Korea will
        implement the pact, a defence ministry official has told AFP" -> South Korean); None
        where the reported clause's subject names no country."""
        found = introduction(self.text, mention.root.text, at)
        if found is not None and name.startswith(" ".join(found.group().split()[1:])):
            offset, doc = parse_at(self.parses, found.start(1))  # "a defence ministry official" again
            head = None if doc is None else doc.char_span(found.start(1) - offset, found.end(1) - offset)
            sources = [mention] if head is None else [mention, _phrase(head.root)]
        else:
            sources = [mention]
        for source in sources:
            if source.root.dep_ not in SUBJECTS:
                continue
            for clause in source.root.head.children:
                subject = next((c for c in clause.children if c.dep_ in SUBJECTS), None) if clause.dep_ in (
                    "ccomp", "parataxis") else None
                country = None if subject is None else _COUNTRY.search(
                    subject.doc[subject.left_edge.i : subject.right_edge.i + 1].text)
                if country is not None:
                    return DEMONYMS.get(country.group(1) or "", country.group(2))
        return None

    def _of_its_body(self, name: str, at: int) -> str | None:
        """An unnamed source of a state body the text named before, with the body's name for
        its kind (GUIDELINES §4.3): "a ministry spokesperson" after "North Korea's foreign
        ministry" is a North Korean foreign ministry spokesperson; None when no such body is
        named within reach or the description names its own ("a defense ministry official"
        after the foreign ministry)."""
        words = name.split()
        at_word = next((i for i, w in enumerate(words[:-1]) if w.lower() in STATE_BODIES), None)
        if at_word is None or any(w in _COUNTRY_WORDS for w in words):
            return None
        bodies = [(e.last_before(at), e) for e in self.table.entities if e.kind == "organization" and e.name
                  and e.name.split()[-1].lower() == words[at_word].lower()]
        bodies = [(last, e) for last, e in bodies if last is not None and at - last <= _TIE_REACH]
        if not bodies:
            return None
        body = max(bodies, key=lambda pair: pair[0])[1]
        body_words = {w.lower() for w in body.name.split()}
        kept = [w for w in words[:at_word] if w.lower() not in body_words]  # "senior", not "foreign"
        if any(w.lower() in _GOVERNMENT_WORDS | STATE_BODIES for w in kept):
            return None  # the description says which body, and it is another
        return " ".join([*kept, body.name, *words[at_word + 1 :]])

    def _of_its_country(self, name: str, at: int, reported: str | None = None) -> str:
        """An unnamed source of a government with the country the text ties that government
        to before it (GUIDELINES §4.3): "a military official" after "South Korea's military
        said" is a South Korean military official; "a senior presidential official" after "the
        South Korean presidential office" a senior South Korean presidential official."""
        words = name.split()
        modifier = next((w for w in words[:-1] if w.lower() in _GOVERNMENT_WORDS), None) or (
            _body_name_start(words))
        if modifier is None or any(w in _COUNTRY_WORDS for w in words):
            return name
        ties = list(_tie(modifier.lower()).finditer(self.text, max(0, at - _TIE_REACH), at))
        # the nearest tie before it, else the country whose doing it reports, else the country the
        # story was filed in ("SEOUL --")
        adjective = DEMONYMS.get(ties[-1].group(1) or "", ties[-1].group(2)) if ties else (
            reported or self.filed_in)
        if adjective is None:
            return name
        at_word = words.index(modifier)
        return " ".join([*words[:at_word], adjective, *words[at_word:]])

    def _owned(self, mention: Span, offset: int) -> Owned | None:
        """What a description owned by a person the text named stands for: their campaign is a
        body named after them ("Clinton’s campaign", "her campaign" -> Clinton campaign), what
        they wrote or planned speaks for them ("her economic plan" -> Hillary Clinton), anyone or
        anything else is theirs ("his aides" -> Donald Trump's aides, "Powell’s office" -> Colin
        Powell’s office; "one of his lawyers" -> Yoon Suk Yeol's lawyer); None when the mention
        has no such owner or a name of its own."""
        head = mention.root
        if len(mention) == 2 and mention[0].lower_ == "the" and head.lower_ == "campaign":
            return self._campaign(offset + mention.start_char)
        one = of_object(head) if head.lower_ in ONE_OF else None
        head = one if one is not None else head
        owner_token = next((c for c in head.children if c.dep_ == "poss" and c.i < head.i), None)
        if head.pos_ != "NOUN" or owner_token is None or owner_token.i < mention.start:
            return None
        owner_span = mention.doc[owner_token.left_edge.i : owner_token.i + 1]
        if any(t.pos_ == "PROPN" and not owner_span.start <= t.i < owner_span.end for t in mention):
            return None  # a name of its own ("Santilli's attorney, Thomas Coan")
        read = read_mention(owner_span, offset)
        owner, certainty = self.linker.link(read, speaker=False)
        noun = head.lemma_.lower()
        if owner.kind == "place" and owner.name in DEMONYMS and noun in STATE_BODIES:
            # "Its foreign ministry" of North Korea: the North Korean foreign ministry (GUIDELINES §4.2)
            words = mention.doc[owner_token.i + 1 : head.i + 1].text
            body = self.table.named(f"{DEMONYMS[owner.name]} {words}")
            return Owned(owner, body.name or "", "organization", body, certainty)
        if owner.kind not in ("person", "unknown") or not owner.name:
            return None
        if noun in DOCUMENT_NOUNS | WRITINGS:
            return Owned(owner, owner.name, _kind(owner), owner, certainty)
        marker = next((c for c in owner_token.children if c.tag_ == "POS"), None)
        if noun == "campaign":  # by the owner's name as written ("Clinton’s campaign" -> Clinton campaign)
            name, kind = f"{read.name or owner.name.split()[-1]} campaign", "organization"
        else:
            rest = mention.doc[(marker or owner_token).i + 1 : head.i].text_with_ws + (
                head.lemma_ if one is not None else head.text)
            name = f"{owner.name}{marker.text if marker is not None else self._apostrophe()} {rest}"
            kind = "organization" if names_a_body(rest) else "unnamed"
        return Owned(owner, name, kind, self._owned_by.get(name), certainty)

    def _campaign(self, at: int) -> Owned | None:
        """What "the campaign" stands for: the campaign a person's name last named before it
        ("Hillary Clinton's campaign", "the Cruz campaign" -> Hillary Clinton campaign, Cruz
        campaign: the owner's name as written, as `_owned` names "her campaign")."""
        named = [(start, end, entity) for entity in self.table.entities if entity.kind == "person"
                 for start, end in entity.occurrences
                 if end <= at and at - start <= REACH and _CAMPAIGN_AFTER.match(self.text, end)]
        if not named:
            return None
        start, end, owner = max(named, key=lambda found: found[0])  # no entity yet: the link's
        return Owned(owner, f"{self.text[start:end]} campaign", "organization", None, 0.0)  # certainty stands

    def _apostrophe(self) -> str:
        """A possessive spelt as the document spells its own ("’s" or "'s")."""
        return "’s" if self.text.count("’") > self.text.count("'") else "'s"

    def _author(self, noun: str, at: int) -> Resolution | None:
        """Who made the statement: the speaker of the sentence that last named it ("In a
        statement carried by KCNA, Kim Yo Jong said")."""
        floor = max(0, at - REACH)
        named = [m.start() for m in re.compile(rf"\b{re.escape(noun)}\b", re.IGNORECASE).finditer(
            self.text, floor, at)]
        if not named:
            return None
        maker = _MADE_BY.match(self.text, named[-1] + len(noun))  # "a new ad from Our Principles PAC"
        if maker is not None:
            within = maker.span(1)
            made = [e for e in self.table.entities if e.name and any(
                within[0] <= s and e <= within[1] for s, e in e.occurrences)]
            if made:
                return Resolution(made[0].name, _kind(made[0]))
        starts = [m.end() for m in _SENTENCE_END.finditer(self.text, floor, named[-1])]
        begin = starts[-1] if starts else floor
        end = _SENTENCE_END.search(self.text, named[-1])
        finish = end.start() if end else len(self.text)
        inside = [r for position, r in self.spoken if begin <= position < finish and r.name]
        if inside:
            return inside[0]
        for entity in self.table.entities:  # no quote there: who the sentence says spoke
            for start, end in entity.occurrences:
                if begin <= start < finish and _REPORTED.match(self.text, end) and entity.name:
                    return Resolution(entity.name, _kind(entity))
        described = _DESCRIBED_SPEAKER.search(self.text, begin, finish)  # "the association said"
        if described:
            named_so = [e for e in self.table.entities if e.name and e.kind in ("organization", "unknown")
                        and described.group(1).lower() in {w.lower() for w in e.name.split()}
                        and e.last_before(begin) is not None]
            if named_so:
                entity = max(named_so, key=lambda e: e.last_before(begin) or 0)
                return Resolution(entity.name, _kind(entity))
        return self._issuer(named[-1])

    def _issuer(self, at: int) -> Resolution | None:
        """Who the parse says issued the document named at `at`: the subject of the verb that
        takes it ("The White House released a statement", "In a statement, the unification
        ministry said"), named as that subject is; None where the sentence is not parsed."""
        offset, doc = parse_at(self.parses, at)
        token = None if doc is None else doc.char_span(at - offset, at - offset + 1, alignment_mode="expand")
        if token is None:
            return None
        noun = token.root
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head if noun.dep_ == "pobj" else noun
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or conjuncts_of(doc[subject.left_edge.i : subject.right_edge.i + 1]) or (
                listed_first(subject.sent)):
            return None  # several issued it: the group reading names them
        apposed = [offset + c.idx for c in subject.children if c.dep_ == "appos"]  # "The firm, Daewoo E&C,"
        for head in [offset + subject.idx, *apposed]:
            for entity in self.table.entities:  # a name that holds the subject's head, or its apposition's
                if entity.name and any(s <= head < e for s, e in entity.occurrences):
                    return Resolution(entity.name, _kind(entity))
        return self._ranked(doc[subject.left_edge.i : subject.i + 1], offset, None)

    def _spoke(self, at: int, resolution: Resolution) -> Resolution:
        self.spoken.append((at, resolution))
        return resolution
