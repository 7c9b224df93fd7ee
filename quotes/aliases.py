"""The alias registry: one canonical name for the variants of a person or body across documents.

The shipped registry is `quotes/data/aliases.json`::

    {"Yoon Suk Yeol": {"type": "PERSON", "aliases": ["Yun Suk-yul", "Yoon Suk-yeol"]}, ...}

Users extend it with their own file of the same shape (`--aliases FILE`). Keys are matched
after folding case, hyphens, dots and spacing, so "Kim Jong-un" and "kim jong un" meet.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

_FOLD = re.compile(r"[\s\-‐‑–—.·'’]+")
_LEADING = re.compile(r"^(the|a|an|mr|mrs|ms|dr|president|prime minister|sen|senator|gov)\s+")


def fold(name: str) -> str:
    """A comparison key: lower case, no hyphens, dots, apostrophes or extra spaces."""
    return _FOLD.sub(" ", name.lower()).strip()


class AliasError(ValueError):
    """An alias file that cannot be read; the message names the file and the problem."""


@dataclass
class AliasRegistry:
    """Maps folded variants to canonical names; later files override earlier ones."""

    names: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # the state a leader speaks for
    family_defaults: set[str] = field(default_factory=set)  # who a bare family name means in news
    # first and last words of registered people's names -> those people; built on first use
    _families: dict[str, set[str]] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> AliasRegistry:
        """The shipped registry, extended by each file in `extra`."""
        registry = cls()
        shipped = resources.files("quotes").joinpath("data/aliases.json")
        registry.update(json.loads(shipped.read_text(encoding="utf-8")), "aliases.json")
        for path in extra:
            try:
                data = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
                raise AliasError(f"{path}: cannot read alias file: {err}") from None
            registry.update(data, str(path))
        return registry

    def update(self, data: object, source: str) -> None:
        if not isinstance(data, dict):
            raise AliasError(f"{source}: expected an object of canonical names")
        self._families = None
        for canonical, entry in data.items():
            if isinstance(entry, list):
                entry = {"aliases": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("aliases", []), list):
                raise AliasError(f"{source}: entry {canonical!r} needs a list of aliases")
            self.types[canonical] = entry.get("type", self.types.get(canonical, "PERSON"))
            if entry.get("family_default"):
                self.family_defaults.add(canonical)
            if entry.get("country"):
                self.countries[canonical] = entry["country"]
            for alias in [canonical, *entry.get("aliases", [])]:
                self.names[fold(alias)] = canonical

    def canonical(self, mention: str) -> str | None:
        """The registered name of a mention, of its name without a title, or None."""
        key = fold(mention)
        if key in self.names:
            return self.names[key]
        bare = _LEADING.sub("", key)
        if bare in self.names:
            return self.names[bare]
        words = bare.split()  # "Loretta E. Lynch" is "Loretta Lynch": middle initials dropped
        initials = [w for w in words[1:-1] if len(w) == 1]
        return self.names.get(" ".join(w for w in words if w not in initials)) if initials else None

    def members(self, group: str) -> frozenset[str]:
        """The registered names a GROUP's name lists: "United States and Japan" -> both."""
        parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", group)
        return frozenset(self.canonical(p) or p.strip() for p in parts if p.strip())

    def group_of(self, members: Iterable[str]) -> str | None:
        """The registered GROUP made of exactly these names; leaders count as their states."""
        wanted = frozenset(self.countries.get(m, m) for m in members)
        for canonical, kind in self.types.items():
            if kind == "GROUP" and self.members(canonical) == wanted:
                return canonical
        return None

    def by_family_name(self, word: str) -> str | None:
        """The one registered person whose name starts or ends with `word` ("Yoon"), or the
        one of several the registry marks `family_default` ("Obama": Barack), else None.

        A family name alone is ambiguous across documents ("Kim", "Clinton"); it is only
        used when no name in the document itself explains it.
        """
        fits = set(self._family_index().get(fold(word), ()))
        if len(fits) > 1:
            fits &= self.family_defaults
        return fits.pop() if len(fits) == 1 else None

    def _family_index(self) -> dict[str, set[str]]:
        """The people each first or last word of a registered name may mean, indexed once
        rather than scanned for every word of every document."""
        if self._families is None:
            self._families = {}
            for alias, canonical in self.names.items():
                if self.types.get(canonical) == "PERSON" and " " in alias:
                    words = alias.split()
                    for word in {words[0], words[-1]}:
                        self._families.setdefault(word, set()).add(canonical)
        return self._families

    def find_in(self, mention: str) -> str | None:
        """The registered name of the longest run of words of `mention` that is an alias."""
        words = fold(mention).split()
        for size in range(len(words), 0, -1):
            for begin in range(len(words) - size + 1):
                gram = " ".join(words[begin:begin + size])
                if len(gram) > 3 and gram in self.names:
                    return self.names[gram]
        return None
