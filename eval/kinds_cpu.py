"""The cost of `--kind all` against `--kind direct` in CPU seconds, in one process, in minutes.

    python -m eval.kinds_cpu [--texts 84] [--rounds 3]

`python eval/bench.py --kinds-only` times fresh processes by the wall clock (13 minutes on an
idle machine), too slow to try a change with and, on a shared 2-core machine, as noisy as the
other jobs make it. This runs `quotes.extract_many` over the first `--texts` PolNeAR dev texts
with each kind in turn, in the same process and after a pass of each to load the model and
fill the memos, and takes the CPU time of the process (`time.process_time`, which other jobs
do not add to); the kinds alternate in order round by round, so a slow spell of the machine
falls on both. The ratio printed is the median of the rounds' all / direct.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time

from eval.bench import POLNEAR, split_texts


def cpu_seconds(texts: list[str], kind: str) -> float:
    """The CPU seconds `extract_many` takes over `texts` with `kind`."""
    from quotes import extract_many

    gc.collect()
    started = time.process_time()
    for _ in extract_many(texts, kind=kind):
        pass
    return time.process_time() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--texts", type=int, default=84, help="PolNeAR dev texts (84: all)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    texts = [text for _, text in split_texts(POLNEAR)][: args.texts]
    if not texts:
        sys.exit(f"no PolNeAR dev texts in {POLNEAR / 'dev' / 'text'} (set QUOTES_POLNEAR)")
    for kind in ("direct", "all"):
        cpu_seconds(texts, kind)  # the model loaded, the memos filled
    seconds: dict[str, list[float]] = {"direct": [], "all": []}
    for round_ in range(args.rounds):
        for kind in ("direct", "all") if round_ % 2 == 0 else ("all", "direct"):
            seconds[kind].append(cpu_seconds(texts, kind))
    ratios = [a / d for a, d in zip(seconds["all"], seconds["direct"], strict=True)]
    for kind, values in seconds.items():
        print(f"--kind {kind}: {' '.join(f'{v:.2f}' for v in values)} CPU s")
    print(f"all / direct: {statistics.median(ratios):.2f}x (rounds {' '.join(f'{r:.2f}' for r in ratios)}), "
          f"{len(texts)} PolNeAR dev texts")


if __name__ == "__main__":
    main()
