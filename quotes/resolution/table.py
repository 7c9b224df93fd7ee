"""The entities one document names, read from its raw text by patterns (nothing is parsed).

Each run of capitalised words is cut at its last title ("South Korean President | Lee
Jae-myung"): the words before it are the person's role, the rest the name. Appositions
("Lee, a former governor of Gyeonggi,"; "the leader's sister, Kim Yo Jong") add roles, and
titles, role words and nearby pronouns add gender evidence. Names join the entity whose
fullest name they are part of, or the alias registry's entry they spell, so "Lee" and "Lee
Jae-myung" are one entity and its canonical name is the fullest the document gives.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from quotes.aliases import AliasRegistry, fold
from quotes.resolution.names import first_name_gender
from quotes.resolution.places import is_place

TITLES = frozenset(
    "mr mrs ms miss dr prof professor sir lord lady rev president vice prime minister secretary "
    "sen senator rep representative gov governor mayor chairman chairwoman chair chief leader "
    "spokesman spokeswoman spokesperson ambassador envoy gen general admiral judge justice "
    "director premier chancellor king queen prince princess emperor pope commissioner speaker "
    "lt col capt sgt adviser advisor lawmaker pastor bishop cardinal rabbi imam reverend actor actress "
    "singer comedian coach attorney detective sheriff deputy trooper sergeant host anchor correspondent "
    "columnist analyst economist dean candidate nominee businessman businesswoman billionaire activist "
    "founder ceo challenger rival incumbent lieutenant colonel captain commander superintendent "
    "councilmember councilman councilwoman assemblyman assemblywoman congressman congresswoman "
    # seen before names in PolNeAR train's capitalised runs ("Journalist Jorge Ramos", "Senate
    # Majority Whip John Cornyn", "Washington Political Editor Matthew Boyle")
    "journalist editor whip archbishop alderman moderator officer filmmaker executive".split())
# What a person is labelled by before their name, but is no title of a body ("Democrat Hillary
# Clinton", "Republican Jeb Bush", but "Republican National Committee"): cut only before a
# first name and a surname.
LABELS = frozenset("democrat republican democratic gop independent libertarian".split())
# an origin before a name ("Texas-based Matt Mackowiak", "Indiana-born Gonzalo Curiel")
_ORIGIN = re.compile(r"\w-(?:based|born|bred|raised|educated)$")
# Portfolios a title names with "of" or "for" ("Secretary of State John Kerry", "Minister for
# Foreign Affairs Penny Wong"): part of the role, not of the name after it.
PORTFOLIOS = frozenset(
    "state defense defence foreign affairs homeland security justice treasury interior finance commerce "
    "labor labour energy education health agriculture transportation veterans economy trade industry "
    "unification national the".split())
FEMALE = frozenset(
    "she her hers herself ms mrs miss lady queen princess sister wife mother daughter aunt niece "
    "grandmother woman girl spokeswoman chairwoman congresswoman actress widow".split())
MALE = frozenset(
    "he him his himself mr sir lord king prince emperor brother husband father son uncle nephew "
    "grandfather man boy spokesman chairman congressman actor widower".split())
ORGANISATION_WORDS = frozenset(
    "ministry department agency office party committee council commission company corporation "
    "corp inc group union association court bank government administration army military navy "
    "organization organisation institute university news network federation league foundation "
    "center centre service assembly parliament congress senate house cabinet police staff "
    "chiefs board school times post press bureau command forces college club library museum "
    "hospital journal herald bulletin church society airlines fund bank embassy consulate pac".split())
# how companies and campaigning bodies end their names ("Hyundai Motor Co.", "Samsung Electronics",
# "Human Rights Watch", "Amnesty International"): a body's name only after another word
_DESIGNATORS = frozenset(
    "co ltd llc plc holdings electronics motor motors industries securities technologies systems "
    "communications pharmaceuticals entertainment airways watch international partners steel "
    "chemical".split())
NAMED_AFTER = ORGANISATION_WORDS | {"show"}  # what is named after a person ("The Rachel Maddow Show")
PLACE_WORDS = frozenset("city street river island castle county province state park lake mountain "
                        "valley road avenue square bridge airport station hotel peninsula strait sea "
                        "gulf bay ocean coast".split())
_GENERATION_SUFFIXES = frozenset("jr sr ii iii iv".split())  # a son named after his father ("Trump Jr.")
_NAMING_STOPS = frozenset({"Our", "My", "Your"})  # stop words that begin names ("Our Revolution")
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_SKIP = _DAYS | frozenset("january february march april may june july august september october november "
                          "december despite following according unlike like asked speaking writing meanwhile "
                          "however instead".split())
_CONTRACTION = re.compile(r"(?:['’](?:ve|re|ll|d|m|s)|n['’]t)$", re.IGNORECASE)


def _stop(word: str) -> bool:
    """A word that opens a run but names nothing: a stop word, a month or a sentence adverb,
    or a stop word's contraction ("We’ve", "It’s", "Don’t")."""
    key = word.lower().rstrip(".")
    return key in STOP_WORDS | _SKIP or _CONTRACTION.sub("", key) in STOP_WORDS


# Demonyms fold onto their place, so "the US president" meets "U.S. President Donald Trump".
_PLACES = {"us": "usa", "american": "usa", "america": "usa", "united": "usa", "states": "usa",
           "korean": "korea", "japanese": "japan", "chinese": "china", "russian": "russia",
           "british": "britain", "uk": "britain", "french": "france", "german": "germany",
           "ukrainian": "ukraine"}
# a country as the adjective a body of its state is named with (GUIDELINES §4.2)
DEMONYMS = {"South Korea": "South Korean", "North Korea": "North Korean", "Japan": "Japanese",
            "China": "Chinese", "Russia": "Russian", "Taiwan": "Taiwanese", "Britain": "British",
            "France": "French", "Germany": "German", "Ukraine": "Ukrainian", "India": "Indian",
            "Israel": "Israeli", "Iran": "Iranian", "Canada": "Canadian", "Australia": "Australian",
            "Mexico": "Mexican", "Vietnam": "Vietnamese", "Philippines": "Philippine"}
_COUNTRY_OWNER = re.compile(rf"\b({'|'.join(DEMONYMS)})['’]s\s+$")
STATE_BODIES = frozenset("ministry department agency office chiefs staff forces command cabinet service "
                          "police army navy military government parliament assembly embassy".split())
# a state body in lower case after its country: "North Korea's foreign ministry", "the Japanese
# defense ministry", "South Korea's military" (not its government, which is the country's own)
_LOWER_BODIES = sorted(STATE_BODIES - {"chiefs", "staff", "forces", "service", "government", "assembly"})
_LOWER_BODY = re.compile(rf"\b(?:({'|'.join(DEMONYMS)})['’]s|[Tt]he ({'|'.join(DEMONYMS.values())}))"
                         rf"\s+((?:[a-z]+\s+){{0,2}}?(?:{'|'.join(_LOWER_BODIES)}))\b")
PLACE_KEYS = frozenset({"north", "south", "east", "west", *_PLACES, *_PLACES.values()})
_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w’'&-]*\.?)"  # "AT&T", "Daewoo E&C"
_RUN = re.compile(rf"(?<![\w’'&-]){_WORD}(?:(?: | of (?:the )?| for (?:the )?| & ){_WORD})*")
_POSSESSIVE = re.compile(r"\s*['’]s?$|['’]s\b")
# where a run is cut into its owner and what it owns: "Post’s Chris Cillizza", "Fox News’ Bret Baier"
_OWNER = re.compile(r"\s*['’]s?$|['’]s\b|(?<=s)['’](?=\s)"  # but not a body's own ("Workers' Party")
                    rf"(?!\s+(?i:{'|'.join(sorted(ORGANISATION_WORDS))})\b)")
_APPOSITION_AFTER = re.compile(
    r"^\s*,\s+((?:a|an|the|his|her|its|their|[A-Z][\w.]*['’]s)\s[^,.;:“”\"()]{2,90}?)\s*(?:[,.;:]|$)")
_ROLE_BEFORE = re.compile(r"((?:[\w’'.-]+ ){1,6})$")
# a role set off by a comma before the name: "the leader's powerful sister, Kim Yo Jong"
_APPOSITION_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|his|her|its|their)|['’]s)\s+((?:[a-z][\w-]* ){0,3}[a-z][\w-]*),\s+$")
_PRONOUN = re.compile(r"\b(he|she|his)\b", re.IGNORECASE)
_SENTENCE_REST = re.compile(r"(?<=[.!?])\s|\n")
_WORDS = re.compile(r"\w[\w’'.-]*")
_CLAUSE = re.compile(r"[,.;:“”\"()]")
_OPENS = re.compile(r"(?:[.!?]\s|\n)\s*$")
# "Friday. Lee": a run does not cross a full stop, but goes on after a title's ("Gov. Gavin Newsom")
_SENTENCE_DOT = re.compile(r"(?<=\w{3}\.)" + "".join(rf"(?<!\b{t}\.)" for t in (
    "Gov", "Sen", "Rep", "Gen", "Col", "Mrs", "Sgt", "Rev", "Capt", "Prof", "Supt", "Cmdr", "Adm")) + " "
    # an initial's dot ends the sentence when a word that opens sentences, not names, follows
    r"|(?<=\b[A-Z]\.) (?=(?:While|But|The|He|She|It|In|On|At|As|After|When|If|This|That|They|We|And|"
    r"Yet|So|Still|However|Meanwhile|Then|There|His|Her|Its|Their|Our)\b)")
_ACRONYM = re.compile(r"\s*\(([A-Z]{2,})\)")
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_BYLINE = re.compile(r"^\s*By\s")


# Titles as news abbreviates them, read as the nouns a later description uses ("Sen. Bernie
# Sanders" ... "the senator").
_ABBREVIATED = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                "sec": "secretary", "lt": "lieutenant", "col": "colonel", "capt": "captain",
                "sgt": "sergeant", "prof": "professor", "rev": "reverend", "adm": "admiral",
                "cmdr": "commander", "supt": "superintendent", "atty": "attorney", "pres": "president"}


@lru_cache(maxsize=2**16)
def word_key(word: str) -> str:
    """A word as role and name comparisons see it: lower case, no dots, demonyms folded, titles
    unabbreviated (memoised: the same words are compared again and again)."""
    key = _POSSESSIVE.sub("", word.lower().replace(".", "").strip("’'"))
    if key == "us" and word.islower():
        return key  # the pronoun, a stop word; "US" and "U.S." are the country
    return _PLACES.get(key) or _ABBREVIATED.get(key, key)


def content_words(text: str) -> list[str]:
    """The words of a phrase that say something (no articles, no stop words), as keys."""
    return [k for k in (word_key(w) for w in _WORDS.findall(text)) if k and k not in STOP_WORDS]


def gender_of(words: Iterable[str]) -> str | None:
    """'f' or 'm' when the words say so and do not disagree."""
    keys = (w.lower().strip(".") for w in words)
    said = {("f" if w in FEMALE else "m") for w in keys if w in FEMALE | MALE}
    return said.pop() if len(said) == 1 else None


def _title(word: str) -> bool:
    """A title word, or a hyphenated one ("Secretary-Treasurer", "Co-anchor")."""
    key = word_key(word)
    return key in TITLES or ("-" in key and any(part in TITLES for part in key.split("-")))


def untitled(words: list[str]) -> tuple[list[str], list[str]]:
    """(title and role words, name words) of a capitalised run, cut after its last title and
    the portfolio it names ("Secretary of State | John F. Kerry"), and before a first name and
    surname that role words or a label precede ("Senate Majority Whip | John Cornyn", "DJ |
    Beverly Bond", "Republican | Jeb Bush", "Chief of Staff | Cheryl Mills")."""
    cut = 0
    for i, word in enumerate(words[:-1]):
        if _title(word):
            cut = i + 1
    if cut and cut < len(words) and words[cut].lower() in ("of", "for"):
        end = cut + 1
        while end < len(words) - 2 and word_key(words[end]) in PORTFOLIOS:
            end += 1
        if end > cut + 1:
            cut = end
    cut += _given_name_at(words[cut:], bool(cut))
    return words[:cut], person_part(words[cut:])


def _first_name(word: str) -> bool:
    return word[:1].isupper() and not word.isupper() and word.lower() not in STOP_WORDS \
        and first_name_gender(word) is not None


def _given_name_at(words: list[str], titled: bool) -> int:
    """Where a person's first name and surname begin after words that only describe them: an
    acronym ("DJ", "RNC"), an origin ("Texas-based"), a party label, or the rest of a title's
    portfolio ("of Staff"); 0 when the words are all the name."""
    for j in range(1, len(words) - 1):
        rest = words[j:]
        if len(rest) > 3 or not _first_name(words[j]) or any(
                w.lower() in STOP_WORDS or not w[:1].isupper() for w in rest):
            continue
        if word_key(rest[-1]) in ORGANISATION_WORDS | PLACE_WORDS or is_place(" ".join(rest)):
            return 0
        before = words[j - 1]
        if (titled and words[0].lower() in ("of", "for")) or (before.isupper() and len(before) > 1) \
                or _ORIGIN.search(before) or word_key(before) in LABELS:
            return j
        return 0
    return 0


NAME_WORDS = 4  # words of a person's name at most
HONORIFICS = frozenset("mr mrs ms miss dr sir".split())


def role_only(titles: list[str], name: list[str], article: bool) -> bool:
    """Whether a run is a role with no name ("the Prime Minister"); a name may be a title word
    ("Charlie King", "Mr. King", "said Dean": no article before it)."""
    if not name:
        return True
    if any(word_key(t) in HONORIFICS for t in titles) or (not article and not titles and len(name) == 1):
        return False
    return all(word_key(w) in TITLES for w in name)


def person_part(words: list[str]) -> list[str]:
    """A person's name without the place or body it is "of" or "for" ("Charles B. Rangel | of
    New York", "Cameron Easley | for Morning Consult"); bodies keep theirs ("Bank of America")."""
    for i, word in enumerate(words[1:], 1):
        if word.lower() in ("of", "for"):
            head = [word_key(w) for w in words[:i]]
            if len(head) >= 2 and head[-1] not in ORGANISATION_WORDS | PLACE_WORDS | TITLES \
                    and all(w[:1].isupper() for w in words[:i]) and words[0][:1].isupper():
                return words[:i]
            return words
    return words


def _named_after(found: tuple[int, int, int, list[str], str]) -> list[tuple[int, int, int, list[str], str]]:
    """The person a body or show is named after ("The Rachel Maddow Show" -> Rachel Maddow, whom a
    later "Maddow said" means): a first name and a surname before the body's word."""
    _, start, end, titles, name = found
    words = name.split()
    if not titles and len(words) == 3 and _first_name(words[0]) and words[1][:1].isupper() \
            and word_key(words[2]) in NAMED_AFTER:
        person = " ".join(words[:2])
        return [(start, start, start + len(person), [], person)]
    return []


_TRAILING = re.compile(r"\W+$")


def headline(line: str) -> bool:
    """A title-case line (a headline or a byline): its capitalised runs are not names."""
    words = [w for w in line.split() if w[:1].isalpha()]
    if _BYLINE.match(line) and len(words) <= 8:
        return True
    if len(words) < 4 or sum(w[:1].isupper() for w in words) < 0.8 * len(words):
        return False
    if any(_TRAILING.sub("", w).lower() not in STOP_WORDS for w in words[1:] if w[:1].islower()):
        return False  # "... Takaichi met U.S. President Donald Trump": title case leaves only
        # function words in lower case, a sentence of names its verbs too
    return len(words) >= 5 or any(w.lower() in STOP_WORDS for w in words[1:] if w[:1].isupper())


@dataclass
class Entity:
    """One person, body or place of the document (or an unnamed source, once linked)."""

    id: int
    kind: str  # person, organization, place, group, unnamed, unknown
    names: list[str] = field(default_factory=list)
    registered: str | None = None
    roles: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    genders: Counter = field(default_factory=Counter)
    occurrences: list[tuple[int, int]] = field(default_factory=list)
    description: str | None = None  # what an unnamed source is called
    plural: bool = False
    spoke: int = 0  # times it was linked as a speaker
    opened: list[int] = field(default_factory=list)  # where its names open a sentence (its subject, mostly)
    first_name_gender: str | None = None  # what the first name says (quotes/resolution/names.py)
    subjects: list[int] = field(default_factory=list)  # where it is a verb's subject (from the parses)
    common: bool = False  # a common noun or plural read as a name ("People", "Democrats"): not "he" or "she"

    @property
    def name(self) -> str | None:
        """The canonical name: the registry's, else the fullest name given, else the description."""
        if self.registered:
            return self.registered
        if self.names:
            return max(enumerate(self.names), key=lambda p: (len(p[1].split()), len(p[1]), -p[0]))[1]
        return self.description

    @property
    def gender(self) -> str | None:
        if not self.genders:
            return None
        (top, count), *rest = self.genders.most_common(2) + [(None, 0)]
        return top if count > rest[0][1] else None

    def name_words(self) -> set[str]:
        return {word_key(w) for n in self.names for w in n.split()} | (
            {word_key(w) for w in self.registered.split()} if self.registered else set())

    @property
    def openers(self) -> int:
        return len(self.opened)

    def last_opened_before(self, at: int, skip: tuple[int, int] | None = None) -> int | None:
        """Where a name of it last opened a sentence before `at`, not counting those inside `skip`."""
        starts = [s for s in self.opened if s < at and not (skip and skip[0] <= s < skip[1])]
        return max(starts) if starts else None

    def last_subject_before(self, at: int, skip: tuple[int, int] | None = None) -> int | None:
        """Where it was last a verb's subject before `at`, not counting subjects inside `skip`."""
        starts = [s for s in self.subjects if s < at and not (skip and skip[0] <= s < skip[1])]
        return max(starts) if starts else None

    def last_before(self, at: int, skip: tuple[int, int] | None = None) -> int | None:
        """Where it was last named before `at`, not counting names inside `skip`."""
        starts = [s for s, e in self.occurrences if s < at and not (skip and skip[0] <= s and e <= skip[1])]
        return max(starts) if starts else None


def names_a_body(name: str) -> bool:
    """Whether a name's last word says it is a body, not a person ("the Foreign Ministry")."""
    return _body_words([word_key(w) for w in name.split()])


def _body_words(words: list[str]) -> bool:
    return bool(words) and (words[-1] in ORGANISATION_WORDS or len(words) > 1 and words[-1] in _DESIGNATORS)


def _kind(registry: AliasRegistry, registered: str | None, name: str, titles: set[str],
          personal: bool = True) -> str:
    """What a name names; `personal` false when no longer name of the text holds it as a person's."""
    if registered:
        return {"PERSON": "person", "ORG": "organization", "GPE": "place", "GROUP": "group"}.get(
            registry.types.get(registered, "PERSON"), "unknown")
    words = [word_key(w) for w in name.split()]
    if _body_words(words) or (len(name) > 1 and name.isupper()) or "&" in name:  # no one is named "E&C"
        return "organization"
    if words and (words[-1] in PLACE_WORDS and not (1 < len(words) <= NAME_WORDS and first_name_gender(name))
                  or all(w in PLACE_KEYS for w in words)):
        return "place"  # not a person whose surname is a place word ("Chris Park")
    if is_place(name, personal):
        return "place"  # "New Hampshire", "Mexico City": two words, but not a person's
    if len(words) > NAME_WORDS or any(w in STOP_WORDS for w in words):
        return "unknown"  # "Medical Journal of Australia": not how people are named
    return "person" if titles or len(words) >= 2 else "unknown"


def _first_name_vote(entity: Entity, name: str) -> None:
    """What a person's first name says of their gender ("Hillary Clinton": f), kept apart from
    what the text says (the ranker weighs the two on their own)."""
    if entity.kind in ("person", "unknown") and len(name.split()) >= 2:
        entity.first_name_gender = first_name_gender(name)


def _ends(words: list[str]) -> list[str]:
    """The first and the last parts of a name, shorter than it: "kim yo jong" -> "kim",
    "kim yo", "yo jong", "jong"."""
    cuts = range(1, len(words))
    return [" ".join(words[:i]) for i in cuts] + [" ".join(words[i:]) for i in cuts]


def _suffix(words: list[str]) -> str | None:
    return words[-1] if words and words[-1] in _GENERATION_SUFFIXES else None


def _same_generation(words: list[str], entity: Entity) -> bool:
    """Whether a name may be one of the entity's by its generational suffix: "Donald Trump" and
    "Trump Jr." are not "Donald Trump Jr." and his father; a bare "Trump" may be either."""
    if len(words) < 2:
        return True
    return all(_suffix(other) == _suffix(words) for other in map(str.split, map(fold, entity.names))
               if len(other) >= 2)


def _may_lengthen(entity: Entity, words: list[str]) -> bool:
    """Whether a longer name may be the entity's fuller name: not when the entity already has a
    full name that differs from it in its first or last word ("Kim Ju Ae" is not Kim Jong Un, who
    was called "Kim"; "Shinjiro Koizumi" is not Junichiro), nor a body a place or a person ("U.S.
    Commerce Department" is not the U.S.)."""
    if entity.kind in ("place", "person") and word_key(words[-1]) in NAMED_AFTER:
        return False  # nor a person the body named after them ("Trayvon Martin Foundation")
    for name in entity.names:
        other = fold(name).split()
        if len(other) >= 2 and (other[0] != words[0] or other[-1] != words[-1]) \
                and " ".join(other) not in _ends(words) and " ".join(words) not in _ends(other):
            return False
    return True


def _first_two(entities: Iterable[Entity]) -> list[Entity]:
    """Up to two distinct entities, stopping there: one fits, or several do."""
    found: list[Entity] = []
    for entity in entities:
        if all(e is not entity for e in found):
            found.append(entity)
            if len(found) == 2:
                break
    return found


def _acronym(name: str) -> bool:
    """An acronym: a word of two to six capitals ("DNC", "USFK")."""
    return name.isupper() and name.isalpha() and 2 <= len(name) <= 6


def _initials(name: str) -> str | None:
    """The acronym a body's name of two words or more makes ("Democratic National Committee" ->
    "dnc"), None for a person's name or a single word."""
    words = [w for w in fold(name).split() if w not in STOP_WORDS]
    if len(words) < 2 or len(words) > 6 or _first_name(name.split()[0]):
        return None
    return "".join(w[0] for w in words)


AMBIGUOUS = Entity(-1, "unknown")  # a short name that fits several entities


class EntityTable:
    """The entities of one text, in the order they are first named."""

    def __init__(self, text: str, registry: AliasRegistry) -> None:
        self.text = text
        self.registry = registry
        self.entities: list[Entity] = []
        self._by_key: dict[str, Entity] = {}
        # a name, and each first or last part of one, -> the entities that have it
        self._by_name: dict[str, list[Entity]] = {}
        self._by_end: dict[str, list[Entity]] = {}
        self._by_initials: dict[str, Entity] = {}  # a body's initials ("dnc") -> the body
        self._family: dict[str, str | None] = {}
        found = list(self._names())
        # for each word of a longer name, the registry's entries those names are (None: unregistered)
        self._longer: dict[str, set[str | None]] = {}
        for *_, titles, name in found:  # people's names only: "Trump Foundation" names no Trump,
            # nor a run of a headline into the story on one line ("... Deter N Korea Under Yoon")
            if 0 < name.count(" ") < NAME_WORDS and _kind(registry, registry.canonical(name), name,
                                     {word_key(t) for t in titles}) in ("person", "unknown"):
                for word in fold(name).split():
                    self._longer.setdefault(word, set()).add(registry.canonical(name))
        floor = 0
        for begin, start, end, titles, name in found:
            entity = self._add(begin, start, end, titles, name, floor)
            if entity is None or entity.kind != "place":
                floor = end  # a place before a title is part of the role ("North Korean leader")
        for match in _LOWER_BODY.finditer(text):  # after the names: not where a name begins
            self._add_body(match)

    def _names(self) -> Iterable[tuple[int, int, int, list[str], str]]:
        """(run start, start, end, title words, name) of every name in the text; a possessive
        ends one name and starts another ("South Korea's Unification Ministry")."""
        lines = [m for m in _LINE.finditer(self.text) if headline(m.group())]
        skipped = [(m.start(), m.end()) for m in lines]
        for run in _RUN.finditer(self.text):
            if any(start <= run.start() < end for start, end in skipped):
                continue
            for part in (p for chunk in _OWNER.split(run.group()) for p in _SENTENCE_DOT.split(chunk)):
                offset = run.start() + run.group().find(part)
                opens = offset == 0 or bool(_OPENS.search(self.text[max(0, offset - 3) : offset]))
                for found in self._named_part(offset, offset, part, opens):
                    yield from _named_after(found)  # the person first: the body is not them
                    yield found

    @staticmethod
    def _named_part(begin: int, offset: int, part: str,
                    opens: bool = True) -> Iterable[tuple[int, int, int, list[str], str]]:
        """The name in one part of a run; `opens` when the part opens a sentence, where a
        capitalised "Our" is no name's ("Our Principles PAC" in mid-sentence is)."""
        words = part.split()
        lead = 0
        while lead < len(words) and _stop(words[lead]) and (opens or words[lead] not in _NAMING_STOPS):
            lead += 1
        contracted = [i for i, w in enumerate(words) if i > lead and _CONTRACTION.search(w) and _stop(w)]
        words = words[: contracted[0]] if contracted else words  # "Look I’ve": no part of a name
        titles, name = untitled(words[lead:]) if words[lead:] else ([], [])
        if role_only(titles, name, any(w.lower() in ("the", "a", "an") for w in words[:lead])):
            return  # nothing, or a role alone ("the Prime Minister"), not a name
        if len(name[-1]) > 3 and name[-1].endswith(".") and "." not in name[-1][:-1]:
            name[-1] = name[-1][:-1]  # the sentence's full stop
        while len(name) > 1 and name[-1].lower() in _DAYS:
            name.pop()  # "The White House Saturday": when, not a word of the name
        name_text = " ".join(name)
        start = offset + part.find(name_text)
        if start >= offset:
            yield begin, start, start + len(name_text), titles, name_text

    def _add_body(self, match: re.Match) -> None:
        """A state body the text writes in lower case, as its country's ("North Korea's foreign
        ministry", "the South Korean unification ministry"): a body named with its country
        as an adjective (GUIDELINES §4.2), so that "the ministry" and "a ministry spokesperson"
        find it."""
        country, demonym, body = match.groups()
        name = f"{demonym or DEMONYMS[country]} {' '.join(body.split())}"
        entity = self._by_key.get(fold(name))
        if entity is None:
            entity = Entity(len(self.entities), "organization")
            self.entities.append(entity)
            self.add_name(entity, name)
            self._by_key[fold(name)] = entity
        entity.occurrences.append(match.span())

    def _national(self, start: int, name: str) -> str | None:
        """A state body's name with its country in front, when the text gives the body as the
        country's ("Japan's Defense Ministry" -> Japanese Defense Ministry; GUIDELINES §4.2)."""
        owner = _COUNTRY_OWNER.search(self.text, max(0, start - 20), start)
        keys = [word_key(w) for w in name.split()]
        if owner is None or keys[0] in PLACE_KEYS or STATE_BODIES.isdisjoint(keys):
            return None  # not the country's, already named with a place, or no state body
        return f"{DEMONYMS[owner.group(1)]} {name}"

    def _match(self, name: str, registered: str | None, article: bool = False) -> Entity | None:
        """The entity this name belongs to: the one with the same name, else the one entity a
        name of which begins or ends with it or is how it begins or ends (AMBIGUOUS when
        several are), else the same registered entry. A body or place is shortened with an
        article ("the North", "the Post"); a bare word is a person's name ("Trump" said, not the
        Trump Foundation)."""
        key = fold(name)
        if key in self._by_key:
            return self._by_key[key]
        spelled = self._by_initials.get(key) if _acronym(name) else None
        if spelled is not None:
            return spelled  # "DNC" after "the Democratic National Committee"
        short = self._by_key.get(_initials(name) or "")
        if short is not None and short.kind == "organization" and all(_acronym(n) for n in short.names):
            return short  # "the Democratic National Committee" after "DNC"
        fits = _first_two(self._near(key, article))
        if len(fits) == 1:
            return fits[0]
        if len(fits) > 1:
            return AMBIGUOUS
        if registered and registered in self._by_key and not fits:
            return self._by_key[registered]
        return None

    def _near(self, key: str, article: bool) -> Iterable[Entity]:
        """The entities a folded name is a part of, or that are a part of it (with repeats)."""
        words = key.split()
        near = chain(self._by_end.get(key, ()), *(
            (e for e in self._by_name.get(end, ()) if _may_lengthen(e, words)) for end in _ends(words)))
        return (e for e in near
                if (article or e.kind in ("person", "unknown")) and _same_generation(words, e))

    def _of_gender(self, name: str, gender: str | None) -> Entity | None:
        """Of the people a short name fits, the one gender the text gives it points to ("Woods
        said she" where the text named Dorothy Woods and her husband Ty Woods); None when no
        gender is given or it fits none or several."""
        if gender is None:
            return None
        fits = {e.id: e for e in self._near(fold(name), False)}.values()
        agree = [e for e in fits if (e.gender or e.first_name_gender) == gender]
        return agree[0] if len(agree) == 1 else None

    def _add(self, begin: int, start: int, end: int, titles: list[str], name: str,
             floor: int) -> Entity | None:
        # a registered name inside a longer one, but not the place a body's name holds ("Seoul
        # National University")
        inside = self.registry.find_in(name) if " " in name else None
        registered = self._registered(name) or (inside if inside and not (
            self.registry.types.get(inside) == "GPE" and names_a_body(name)) else None)
        entity = self._match(name, registered, self.text[max(0, start - 4) : start].lower() == "the ")
        pronoun = self._pronoun_after(end)
        if entity is AMBIGUOUS:  # "Kim" where the text named two Kims: left to the ranker unless
            entity = self._of_gender(name, gender_of([*titles, *pronoun]))  # a gender tells them apart
            if entity is None:
                return None
        title_keys = {word_key(t) for t in titles}
        if entity is None:
            entity = Entity(len(self.entities), _kind(self.registry, registered, name, title_keys,
                                                      fold(name) in self._longer), registered=registered)
            self.entities.append(entity)
            _first_name_vote(entity, registered or name)
        elif entity.kind == "unknown" and (title_keys or len(name.split()) >= 2):
            entity.kind = _kind(self.registry, registered, name, title_keys)
        self.add_name(entity, name)
        national = self._national(start, name) if entity.kind == "organization" and not registered else None
        if national is not None and national not in entity.names:
            self.add_name(entity, national)  # the fullest name: "Japanese Defense Ministry"
        entity.occurrences.append((start, end))
        if _OPENS.search(self.text[max(0, begin - 3) : begin]) or begin == 0:
            entity.opened.append(start)
        for key in [fold(name), registered]:
            if key:
                self._by_key.setdefault(key, entity)
        entity.titles |= title_keys
        roles = self._roles(begin, end, floor)
        entity.roles |= {word_key(t) for t in titles} | set(roles)
        gender = gender_of([*titles, *roles, *pronoun])
        if gender:
            entity.genders[gender] += 1
        acronym = _ACRONYM.match(self.text, end)
        if acronym:
            self._by_key.setdefault(fold(acronym.group(1)), entity)
        initials = _initials(name)
        if initials and entity.kind in ("organization", "unknown"):
            self._by_initials.setdefault(initials, entity)
        return entity

    def _roles(self, start: int, end: int, floor: int) -> list[str]:
        """Role words around a name: an apposition after it, the lower-case words before it."""
        words = []
        after = _APPOSITION_AFTER.match(self.text[end : end + 120])
        if after:
            words += content_words(after.group(1))
        before = _ROLE_BEFORE.search(self.text[max(floor, start - 80) : start])
        if before:
            trailing: list[str] = []
            for word in reversed(_CLAUSE.split(before.group(1))[-1].split()):
                if word.lower() in STOP_WORDS:
                    break
                trailing.append(word)
            words += content_words(" ".join(reversed(trailing)))
        else:
            set_off = _APPOSITION_BEFORE.search(self.text[max(floor, start - 80) : start])
            if set_off:
                words += content_words(set_off.group(1))
        return words

    def _pronoun_after(self, end: int) -> list[str]:
        """The first subject or possessive pronoun in the rest of a name's sentence, which with
        its role words tells its gender ("her" is as often someone else)."""
        rest = _SENTENCE_REST.split(self.text[end : end + 200], maxsplit=1)[0]
        pronoun = _PRONOUN.search(rest)
        return [pronoun.group(1).lower()] if pronoun else []

    def _registered(self, name: str) -> str | None:
        """The registry's entry for a name, unless it is a part of a name the document gives
        to someone else ("Kim" where the text named Kim Yo Jong)."""
        registered = self.registry.canonical(name)
        if " " in name.strip():
            return registered
        key = fold(name)
        if registered and any(other != registered for other in self._longer.get(key, ())):
            return None
        if registered is None and key not in self._longer:
            if key not in self._family:  # the registry's scan, once a word
                self._family[key] = self.registry.by_family_name(key)
            return self._family[key]  # a bare "Yoon" where the text names no one else
        return registered

    def mark_subjects(self, parses: Iterable[tuple[int, Doc]]) -> None:
        """Note which names the parses make a verb's subject ("Former Pennsylvania governor Ed
        Rendell ... was even more resolute"): the person a paragraph is about, who a following
        "he said" most often means. A single word the parses read as a common noun or a plural
        wherever they see it ("People should provide evidence", "Candidates should know that",
        "Democrats had") is marked `common`, unless it is a word of a longer name or the
        registry's."""
        spans = sorted(((start, end, entity) for entity in self.entities
                        for start, end in entity.occurrences), key=lambda span: span[:2])
        starts = [start for start, _, _ in spans]
        common: dict[int, set[bool]] = {}  # entity id -> whether each parsed occurrence is a common noun
        for offset, doc in parses:
            for token in doc:
                at = offset + token.idx
                index = bisect_right(starts, at) - 1
                if index < 0 or at >= spans[index][1]:
                    continue
                start, end, entity = spans[index]
                if start == at and end == at + len(token.text):
                    common.setdefault(entity.id, set()).add(token.pos_ == "NOUN" or token.tag_ == "NNPS")
                if token.dep_ in ("nsubj", "nsubjpass"):
                    entity.subjects.append(start)
        for entity in self.entities:
            if (common.get(entity.id) == {True} and entity.kind == "unknown" and len(set(entity.names)) == 1
                    and not entity.registered and fold(entity.names[0]) not in self._longer):
                entity.common = True

    def new(self, kind: str, description: str | None = None, plural: bool = False) -> Entity:
        """An entity the text did not name: an unnamed source first described by a mention."""
        entity = Entity(len(self.entities), kind, description=description, plural=plural)
        self.entities.append(entity)
        return entity

    def named(self, name: str) -> Entity:
        """The entity a name mention introduces (or the one it already names)."""
        registered = self._registered(name)
        entity = self._match(name, registered)
        if entity is None or entity is AMBIGUOUS:
            entity = Entity(len(self.entities), _kind(self.registry, registered, name, set()),
                            registered=registered)
            self.entities.append(entity)
            self._by_key.setdefault(fold(name), entity)
            _first_name_vote(entity, registered or name)
        self.add_name(entity, name)
        return entity

    def fullest(self, name: str) -> str:
        """The fullest name the text gives whatever `name` names ("Platte River" -> Platte River
        Networks), or `name` itself."""
        entity = self._match(name, self._registered(name), article=True)
        return entity.name if entity is not None and entity is not AMBIGUOUS and entity.name else name

    def add_name(self, entity: Entity, name: str) -> None:
        """Give `entity` one more name, indexed by its first and last parts so that a name finds
        the entities it is part of, or that are part of it, without a pass over all of them."""
        entity.names.append(name)
        words = fold(name).split()
        for table, key in [(self._by_name, " ".join(words)), *((self._by_end, end) for end in _ends(words))]:
            known = table.setdefault(key, [])
            if all(e is not entity for e in known):
                known.append(entity)
