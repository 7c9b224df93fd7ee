"""What the ranker sees: a mention read from its parse, and its features against each entity.

A mention is a pronoun, a name or a description. Against an entity the features say how
their names meet (same name, a part of it, the registry's entry), whether gender, number and
kind agree, whether the description's words are the entity's roles or name, and how salient
the entity is (how recently and how often it was named, whether it spoke last). The "new
entity" choice has features of its own (an indefinite description, a name no entity has).
Every feature is crossed with the mention's form, so the weights differ for pronouns,
names and descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from quotes.coref import DOCUMENT_NOUNS
from quotes.resolution.names import first_name_gender
from quotes.resolution.table import Entity, content_words, gender_of, role_only, untitled, word_key

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself", "i", "me", "my",
                             "who", "whom", "whose"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "themselves", "we", "us", "our"})
THING_PRONOUNS = frozenset({"it", "its", "itself", "which"})
PRONOUNS = PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS
_BUCKETS = (0, 60, 200, 600, 1500, 4000)
SPEAKER_SCALE = 2.0  # chosen by 5-fold CV on GUM train + PolNeAR train's layer (0.5, 1, 2 and 4 tried)
_OWNED = frozenset({"'s", "’s", "'", "’"})
# what someone writes, says or plans, which speaks for its author ("her economic plan", "a
# Wednesday editorial in The Des Moines Register")
WRITINGS = frozenset("plan slogan ad book website column tweet speech message email op-ed post video "
                     "editorial paper study article".split())


@dataclass
class Mention:
    """A mention as the ranker reads it; offsets are into the document's text."""

    start: int
    end: int
    form: str  # pronoun, name, description
    text: str
    name: str | None = None  # the name without its titles
    words: tuple[str, ...] = ()  # content words, as keys
    head: str = ""
    gender: str | None = None
    plural: bool = False
    indefinite: bool = False
    subject: bool = False  # the subject of its verb, as a speaker mention is
    quote: tuple[int, int] | None = None  # what it speaks: who is named in it does not speak it
    speaker: bool = False  # a quote's speaker in news (PolNeAR, the pipeline), not any GUM mention


def _proper(token: Token) -> bool:
    """A proper noun, or a capitalised noun inside a sentence the tagger took for a common one
    ("Sanders said": the plural of "sander")."""
    return token.pos_ == "PROPN" or (token.pos_ == "NOUN" and token.text[:1].isupper()
                                     and not token.is_sent_start and not token.is_upper)


def _name_tokens(span: Span) -> list[str] | None:
    """The proper-noun words of the mention's head run, else None. After a common noun, only a
    name set in apposition is the mention's ("The leader of the ADL, Jonathan Greenblatt"); one
    the head's modifiers hold describes it ("a source familiar with Cruz's thinking", "One
    operative inside Trump Tower", "a woman in Worcester"). A writing speaks for the one it names
    ("a Wednesday editorial in The Des Moines Register")."""
    run: list[Token] = []
    root = span.root
    common = not _proper(root) and root.lemma_.lower() not in DOCUMENT_NOUNS | WRITINGS

    def names(run: list[Token]) -> bool:  # a run that holds the head or names it after it
        return bool(run) and run[-1].i >= root.i and (run[0].i <= root.i or not common or _apposed(run, span))

    for token in span:
        if token.tag_ == "POS" or token.lower_ in _OWNED:  # "The Post’s Chris Cillizza": the owner
            if names(run):                                # is not part of the name
                break
            run = []
            continue
        article = token.lower_ in ("of", "for") and span.doc[token.i + 1 : token.i + 2].text.lower() == "the"
        after = token.i + 1 + article  # "Speaker of the House Rep. Paul Ryan": "of the" inside a run too
        inner = token.lower_ in ("of", "for", "the") and after < span.end and _proper(span.doc[after])
        # a syllable glued on by a hyphen is the name's too ("Sang-in", "Moon Jae-in"; not "Saudi-led")
        glued = run and run[-1].text in "-‐‑" and not run[-1].whitespace_ and len(token.text) <= 2
        glued = glued and token.is_alpha
        if _proper(token) or (run and (inner or glued or token.text in "-‐‑" and not token.whitespace_)):
            run.append(token)
        elif names(run):
            break
        elif run:
            run = []
    if run and not names(run) and run[0].i > root.i:
        return None
    text = "".join(t.text_with_ws for t in run).strip()
    return text.split() if text else None


def _apposed(run: list[Token], span: Span) -> bool:
    """Whether a run of words is a name set in apposition to the head of `span` (or a person's,
    which the parse may hang on the noun before it: "the chairwoman of the Vermont Democratic
    Party, Dottie Deans"), not one of its modifiers' ("a woman in Worcester, Massachusetts")."""
    return any(not span.start <= t.head.i < span.end or t.dep_ == "appos" and (
        t.head == span.root or first_name_gender(run[0].text) is not None) for t in run)


def read_mention(span: Span, offset: int = 0) -> Mention:
    """The form, name, words, gender and number of a parsed mention."""
    start, end = offset + span.start_char, offset + span.end_char
    root = span.root
    lower = root.lower_
    subject = root.dep_ in ("nsubj", "nsubjpass")
    if len(span) == 1 and lower in PRONOUNS or (root.pos_ == "PRON" and lower in PRONOUNS):
        gender = "f" if lower in ("she", "her", "hers", "herself") else "m" if lower in (
            "he", "him", "his", "himself") else None
        return Mention(start, end, "pronoun", span.text, head=lower, gender=gender,
                       plural=lower in PLURAL_PRONOUNS, subject=subject)
    words = tuple(content_words(span.text))
    plural = root.tag_ in ("NNS", "NNPS") and not _proper(root)
    indefinite = span[0].lower_ in ("a", "an", "one", "another", "some")
    tokens = _name_tokens(span)
    if tokens:
        titles, name = untitled(tokens)
        if not role_only(titles, name, any(t.dep_ == "det" or t.lower_ in ("the", "a", "an") for t in span)):
            return Mention(start, end, "name", span.text, name=" ".join(name), words=words,
                           head=word_key(root.text), plural=plural,
                           gender=gender_of(t.text for t in span), subject=subject)
    return Mention(start, end, "description", span.text, words=words, head=word_key(root.lemma_),
                   gender=gender_of(t.text for t in span), plural=plural, indefinite=indefinite,
                   subject=subject)


def _bucket(distance: int) -> int:
    return sum(distance >= b for b in _BUCKETS)


def name_match(mention: Mention, entity: Entity) -> str:
    if not mention.name:
        return "none"
    words = [word_key(w) for w in mention.name.split()]
    forms = [[word_key(w) for w in n.split()] for n in entity.names]
    if entity.registered:
        forms.append([word_key(w) for w in entity.registered.split()])
    if any(f == words for f in forms):
        return "exact"
    if mention.name.isupper() and len(words) == 1 and any(
            "".join(w[0] for w in f if w not in STOP_WORDS) == words[0] for f in forms if len(f) > 1):
        return "acronym"
    if any(f[-len(words):] == words for f in forms if len(f) > len(words)):
        return "last"
    if any(f[: len(words)] == words for f in forms if len(f) > len(words)):
        return "first"
    if any(w in f for f in forms for w in words):
        return "part"
    return "none"


@dataclass
class Context:
    """What the features read beside the mention and the entity: recency ranks of the
    candidates and the entity that spoke last."""

    ranks: dict[int, int]
    gender_ranks: dict[int, int]
    last_speaker: int | None
    registered: str | None  # the registry's name for the mention
    fits: int = 0  # candidates whose name the mention's name is part of
    best_words: frozenset[int] = frozenset()  # candidates whose roles and names hold most of its words
    best_share: float = 0.0  # the share of its words those candidates hold
    opener_ranks: dict[int, int] = field(default_factory=dict)  # by how recently each opened a sentence
    subject_ranks: dict[int, int] = field(default_factory=dict)  # by how recently each was a subject


def known_words(entity: Entity) -> set[str]:
    """The words an entity is known by: roles, titles, names, its description."""
    return entity.roles | entity.name_words() | set((entity.description or "").lower().split())


def overlap(mention: Mention, entity: Entity) -> float:
    """The share of a description's words that the entity is known by."""
    words = set(mention.words)
    return len(words & known_words(entity)) / len(words) if words else 0.0


def pair_features(mention: Mention, entity: Entity, context: Context) -> dict[str, float]:
    """The features of linking `mention` to `entity`."""
    f = mention.form
    feats: dict[str, float] = {}

    def put(name: str, value: float = 1.0) -> None:
        feats[f"{f}:{name}"] = value

    last = entity.last_before(mention.end, mention.quote) or 0
    put(f"dist={_bucket(max(0, mention.start - last))}")
    put(f"rank={min(context.ranks.get(entity.id, 9), 5)}")
    if mention.gender:
        put(f"grank={min(context.gender_ranks.get(entity.id, 9), 5)}")
    put(f"count={min(len(entity.occurrences), 6)}")
    put(f"kind={entity.kind}")
    put(f"named={bool(entity.names)}")
    if context.last_speaker == entity.id:
        put("last_speaker")
        put(f"last_speaker&kind={entity.kind}")
    put(f"spoke={min(entity.spoke, 3)}")
    put(f"opens={min(entity.openers, 2)}")
    opener_rank = min(context.opener_ranks.get(entity.id, 9), 3)
    put(f"orank={opener_rank}")
    put(f"rank={min(context.ranks.get(entity.id, 9), 5)}&subject={mention.subject}")
    subject_rank = min(context.subject_ranks.get(entity.id, 9), 3)
    put(f"srank={subject_rank}&kind={entity.kind}")
    if any(s >= mention.start and mention.end - 1 <= e <= mention.end for s, e in entity.occurrences):
        put("inside")  # the mention ends with the entity's name
    gender = entity.gender
    if mention.gender:
        agree = "unknown" if gender is None else "agree" if gender == mention.gender else "clash"
        put(f"gender={agree}")
        put(f"gender={agree}&kind={entity.kind}")
        put(f"gender={agree}&rank={min(context.ranks.get(entity.id, 9), 3)}")
        put(f"gender={agree}&last_speaker={context.last_speaker == entity.id}")
        put(f"gender={agree}&orank={opener_rank}")
        put(f"gender={agree}&srank={subject_rank}")
        if entity.first_name_gender:
            named = "agree" if entity.first_name_gender == mention.gender else "clash"
            put(f"first_name={named}&gender={agree}")
            put(f"first_name={named}&srank={subject_rank}")
    if f == "pronoun":
        put(f"pron={mention.head}&kind={entity.kind}")
        put(f"plural={mention.plural}&entity_plural={entity.plural}")
    match = name_match(mention, entity)
    put(f"name={match}")
    if f == "name":
        put(f"name={match}&kind={entity.kind}")
        put(f"name={match}&fits={min(context.fits, 3)}")
    if context.registered:
        same = context.registered in (entity.registered, entity.name)
        put(f"registry={'same' if same else 'other'}")
    if mention.words and f != "pronoun":
        known = known_words(entity)
        share = overlap(mention, entity)
        put("words", share)
        put(f"words_all={share == 1.0}")
        if entity.id in context.best_words:
            put(f"best_words&only={len(context.best_words) == 1}")
            rank = min(context.ranks.get(entity.id, 9), 3)
            put(f"best_words&only={len(context.best_words) == 1}&rank={rank}")
            put(f"best_words&all={share == 1.0}&kind={entity.kind}")
        put(f"head_known={mention.head in known}")
        put(f"head_role={mention.head in entity.roles}")
        put(f"head_title={mention.head in entity.titles}")
        put(f"plural={mention.plural}&entity_plural={entity.plural}")
        if entity.description:
            put(f"unnamed_head={mention.head in entity.description.split()}")
    return _as_speaker(mention, feats)


def _as_speaker(mention: Mention, feats: dict[str, float]) -> dict[str, float]:
    """A speaker name's or description's features twice: as they are, shared with GUM's
    mentions, and as a news speaker's own, so that the ranker learns where the two differ (a
    definite "the two-term president" or "the senator" saying something is mostly someone the
    article named before; GUM's definite descriptions are mostly new). The copies count
    `SPEAKER_SCALE` times, which loosens their regularisation against the shared weights.
    Pronouns keep one set: their copies helped cross-validation less and cost PolNeAR dev."""
    if mention.speaker and mention.form != "pronoun":
        feats.update({f"speaker&{key}": value * SPEAKER_SCALE for key, value in list(feats.items())})
    return feats


def new_features(mention: Mention, context: Context) -> dict[str, float]:
    """The features of a new entity for `mention`."""
    f = mention.form
    feats = {f"{f}:new": 1.0, f"{f}:new&indefinite={mention.indefinite}": 1.0,
             f"{f}:new&plural={mention.plural}": 1.0,
             f"{f}:new&registered={context.registered is not None}": 1.0,
             f"{f}:new&subject={mention.subject}": 1.0,
             f"{f}:new&subject={mention.subject}&indefinite={mention.indefinite}": 1.0}
    if mention.name:
        feats[f"{f}:new&fits={min(context.fits, 3)}"] = 1.0
        feats[f"{f}:new&words={min(len(mention.name.split()), 3)}"] = 1.0
    if mention.words and f != "pronoun":  # is there someone the description fits already?
        covered = "all" if context.best_share == 1.0 else "some" if context.best_share else "none"
        feats[f"{f}:new&covered={covered}"] = 1.0
        feats[f"{f}:new&covered={covered}&only={len(context.best_words) == 1}"] = 1.0
    if f == "pronoun":
        feats[f"{f}:new&pron={mention.head}"] = 1.0
    return _as_speaker(mention, feats)
