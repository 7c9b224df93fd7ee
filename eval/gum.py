"""How often a speaker-like mention is linked to the right entity on GUM dev, ranker vs the old resolver.

    python -m eval.gum [--gum ../shared/data/gum] [--out eval/results/gum-dev.md]

Every person and organisation mention of GUM dev is linked in reading order, by the trained
ranker (quotes/resolution) and by the heuristic SpeakerResolver of quotes/coref.py, which sees
every mention as a speaker. Measured are the mentions whose gold entity was named before them:
person pronouns (he, she, him, her, his), descriptions (no proper noun: "the president") and
short names (fewer words than the fullest name given before: "Trump"). A link is right when its
canonical name is one the gold chain gives (quotes/resolution/gum.py).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections import Counter
from pathlib import Path

from quotes.aliases import AliasRegistry
from quotes.coref import SpeakerResolver
from quotes.gold.gum import GumDocument, read_split
from quotes.resolution.gum import name_right, parse_all, target, walk
from quotes.resolution.ranker import load_ranker
from quotes.rules import load_parser

GUM = Path(__file__).resolve().parents[2] / "shared" / "data" / "gum"
CATEGORIES = ("pronoun", "description", "short name")


def score(docs: list[GumDocument], registry: AliasRegistry) -> dict[str, dict[str, Counter]]:
    """{system: {category: Counter(right=, total=)}} over `docs`."""
    ranker = load_ranker()
    results = {system: {c: Counter() for c in CATEGORIES} for system in ("ranker", "old resolver")}
    for doc, parse in zip(docs, parse_all(docs, load_parser()), strict=True):
        linked, table, chains = walk(doc, parse, registry, ranker)
        old = SpeakerResolver(doc.text, registry, [(0, parse)])
        for item, entity in linked:
            old_name = old.resolve(target(item.span), 0)
            if item.category is not None:
                for system, name in (("ranker", entity.name), ("old resolver", old_name)):
                    counts = results[system][item.category]
                    counts["total"] += 1
                    counts["right"] += name_right(doc, item, name, table, chains)
    return results


def report(results: dict[str, dict[str, Counter]], command: str) -> str:
    lines = ["# Speaker resolution on GUM dev", "", "```bash", command, "```", "",
             "Every person and organisation mention of the 12 GUM dev documents is linked in reading "
             "order; counted are those whose gold entity was named before them. A link is right when "
             "the canonical name it gives is one the gold chain gives (or the name of the document "
             "entity standing for that chain). `ranker`: quotes/resolution, trained on GUM train "
             "(`python -m quotes.resolution.train`); `old resolver`: quotes/coref.py's SpeakerResolver, "
             "handed every mention as a speaker.", "",
             "| system | " + " | ".join(CATEGORIES) + " |", "| --- |" + " --- |" * len(CATEGORIES)]
    for system, table in results.items():
        cells = [f"{t['right'] / t['total']:.3f} ({t['right']}/{t['total']})" if t["total"] else "n/a"
                 for t in (table[c] for c in CATEGORIES)]
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gum", type=Path, default=GUM)
    parser.add_argument("--out", type=Path, default=Path("eval/results/gum-dev.md"))
    args = parser.parse_args(argv)
    text = report(score(read_split(args.gum / "dev"), AliasRegistry.load()),
                  shlex.join(["python", "-m", "eval.gum", *sys.argv[1:]]))
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
