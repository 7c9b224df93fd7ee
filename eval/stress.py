"""Time and peak memory of `quotes.extract_many` on one document on one line, 1 to 20 million
characters long: both should grow linearly with the length, at a rate close to that of articles.

The document is real text: the PolNeAR train and dev articles (the seeds when PolNeAR is not
there), each with its line breaks made spaces, joined by spaces and cycled to the length asked
for. Each length is extracted in a fresh child process, which reports its own peak RSS
(`getrusage`), wall and CPU seconds; loading the model is timed apart. A first child extracts
the PolNeAR dev articles as separate documents, once each, for the rate of normal articles.

    python -m eval.stress                   # writes eval/results/stress.md
    python -m eval.stress --sizes 0.1 0.5   # quicker (millions of characters)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
import time
from itertools import cycle
from pathlib import Path

from eval.bench import POLNEAR, ROOT, machine
from quotes.pipeline import MAX_CHARS

RESULTS = ROOT / "eval" / "results"
MILLION = 1_000_000


def articles(polnear: Path, splits: tuple[str, ...] = ("train", "dev")) -> list[str]:
    """The articles of `splits` (the seeds when PolNeAR is not there), as they are."""
    paths = [p for split in splits for p in sorted((polnear / split / "text").glob("*.txt"))]
    return [p.read_text(encoding="utf-8") for p in paths or sorted((ROOT / "seeds").glob("*.txt"))]


def one_line(texts: list[str], size: int) -> str:
    """`texts`, their line breaks made spaces, joined by spaces and cycled, cut to `size`
    characters."""
    parts, length = [], 0
    for text in cycle(texts):
        if length >= size:
            break
        parts.append(text.replace("\n", " "))
        length += len(text) + 1
    return " ".join(parts)[:size]


def child(size: int, model: str, polnear: Path) -> dict:
    """Extract one document of `size` characters (0: the dev articles apart) in this process."""
    from quotes.pipeline import extract_many, load  # noqa: PLC0415 - loaded in the child only

    docs = articles(polnear, ("dev",)) if size == 0 else [one_line(articles(polnear), size)]
    started = time.perf_counter()
    load(model)
    loaded, cpu = time.perf_counter(), time.process_time()
    loaded_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = list(extract_many(docs, model=model))
    return {"size": size, "chars": sum(map(len, docs)), "docs": len(docs),
            "quotes": sum(len(d.quotes) for d in found), "errors": sum(d.error is not None for d in found),
            "load_s": loaded - started, "seconds": time.perf_counter() - loaded,
            "cpu_s": time.process_time() - cpu, "loaded_rss_mb": loaded_rss,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(size: int, args: argparse.Namespace) -> dict:
    command = [sys.executable, "-m", "eval.stress", "--child", str(size), "--model", args.model,
               "--polnear", str(args.polnear)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if done.returncode != 0:
        sys.exit(f"error: {size:,} characters failed: {done.stderr.strip().splitlines()[-1:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{result['chars']:>12,} chars: {result['seconds']:7.1f} s, "
          f"peak RSS {result['peak_rss_mb']:.0f} MB", file=sys.stderr)
    return result


def report(args: argparse.Namespace, setup: str, apart: dict, runs: list[dict]) -> str:
    rate = apart["chars"] / apart["cpu_s"]
    lines = ["# One document on one line: time and memory by length", "",
             f"Command: `{' '.join(['python -m eval.stress', *map(shlex.quote, sys.argv[1:])])}`", "",
             setup, "",
             f"Model {args.model!r}. Each row is a fresh process; seconds exclude loading the model "
             "(load s), peak RSS is the process's own (`getrusage`), after loading it was "
             f"{runs[0]['loaded_rss_mb']:.0f} MB. The documents are the PolNeAR train and dev articles "
             "(line breaks made spaces) joined on one line and cycled; the first row extracts the "
             f"{apart['docs']} dev articles as separate documents. The machine is shared, so wall times "
             "carry noise; CPU seconds are the steadier measure.", "",
             "| document | characters | quotes | load s | wall s | CPU s | characters/CPU s | "
             "CPU s per million characters | peak RSS MB |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    named = [("articles apart", apart), *((f"one line, {r['size'] / MILLION:g} M", r) for r in runs)]
    for name, run in named:
        lines.append(f"| {name} | {run['chars']:,} | {run['quotes']:,} | {run['load_s']:.1f} | "
                     f"{run['seconds']:.1f} | {run['cpu_s']:.1f} | {run['chars'] / run['cpu_s']:,.0f} | "
                     f"{run['cpu_s'] / run['chars'] * MILLION:.1f} | {run['peak_rss_mb']:.0f} |")
    first, last = runs[0], runs[-1]
    lines += ["", f"From {first['chars']:,} to {last['chars']:,} characters "
              f"({last['chars'] / first['chars']:.0f}x): CPU time {last['cpu_s'] / first['cpu_s']:.1f}x, "
              "peak RSS "
              f"{last['peak_rss_mb'] - first['peak_rss_mb']:+.0f} MB. One line runs at "
              f"{last['chars'] / last['cpu_s'] / rate:.2f}x the rate of the articles apart "
              f"({rate:,.0f} characters per CPU second). Documents over "
              f"{MAX_CHARS:,} characters are refused (`quotes.pipeline.MAX_CHARS`)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20],
                        help="document lengths in millions of characters")
    parser.add_argument("--model", default="default")
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    parser.add_argument("--out", type=Path, default=RESULTS / "stress.md")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.model, args.polnear)))
        sys.exit(0)
    setup = f"Machine: {machine()}"
    apart = measure(0, args)
    runs: list[dict] = []
    for size in args.sizes:  # the report so far is written after each length
        runs.append(measure(int(size * MILLION), args))
        args.out.write_text(report(args, setup, apart, runs), encoding="utf-8")
        args.out.with_suffix(".json").write_text(json.dumps(
            {"machine": setup, "model": args.model, "apart": apart, "runs": runs}, indent=1) + "\n",
            encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))
