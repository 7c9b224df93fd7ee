"""First names that tell a person's gender, from nomquamgender's name data.

The resolver needs gender evidence for people the text gives none for ("Bernie Sanders said
... she said" is not Sanders). nomquamgender (MIT, Van Buskirk et al. 2022) ships p(female)
for 720,000 names from 36 sources, as 22 MB of JSON that takes seconds to read; the names
common and clear enough to count are kept here as plain data, built by

    pip install nomquamgender==0.1.4 && python -m quotes.resolution.names

and read once per process, on first use.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path

FILE = "first_names.json"
MIN_COUNT = 100  # people counted with the name across the sources
CLEAR = 0.2  # p(female) at most this (male) or at least 1 - this (female)
_NAME = re.compile(r"[a-z][a-z'-]+")


def default_path() -> Path:
    """The lexicon shipped beside the ranker's weights."""
    return Path(str(resources.files("quotes").joinpath("data/resolver", FILE)))


def build(out: Path, min_count: int = MIN_COUNT, clear: float = CLEAR) -> dict[str, int]:
    """Write `out` from the installed nomquamgender's data; the number of names of each gender."""
    spec = importlib.util.find_spec("nomquamgender")  # found, not imported (it imports pandas)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("error: pip install nomquamgender==0.1.4 first")
    source = Path(spec.submodule_search_locations[0]) / "name_data.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    kept: dict[str, list[str]] = {"f": [], "m": []}
    for name, (_, count, p_female, *_) in sorted(data.items()):
        if count >= min_count and _NAME.fullmatch(name) and (p_female <= clear or p_female >= 1 - clear):
            kept["f" if p_female >= 1 - clear else "m"].append(name)
    out.write_text(json.dumps({"source": "nomquamgender 0.1.4 name_data.json (MIT, Ian Van Buskirk)",
                               "min_count": min_count, "clear": clear, **kept}, separators=(",", ":")),
                   encoding="utf-8")
    return {gender: len(names) for gender, names in kept.items()}


@cache
def _lexicon() -> dict[str, str]:
    """The shipped lexicon, read once (its path is resolved once too: names are looked up often)."""
    path = default_path()
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: gender for gender in ("f", "m") for name in data[gender]}


def first_name_gender(name: str) -> str | None:
    """'f' or 'm' when the first word of a person's `name` is a clearly gendered first name."""
    words = name.split()
    return _lexicon().get(words[0].lower().strip(".")) if words else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the first-name gender lexicon.")
    parser.add_argument("--output", type=Path, default=default_path())
    args = parser.parse_args(argv)
    counts = build(args.output)
    print(f"wrote {args.output}: {counts['f']:,} female and {counts['m']:,} male first names")


if __name__ == "__main__":
    main()
