"""Who gets quoted in PolNeAR dev, by outlet and by month (`quotes stats` on the shipped model's
output), and how long `quotes stats` takes over 10,000 extract records.

    python -m eval.stats_polnear [--polnear ../shared/data/polnear] [--out eval/results/stats]

The outlet and date come from PolNeAR's metadata.tsv (publisher, publication_date), passed
through `quotes extract` as extra JSONL fields, as a user's corpus would carry them. Nothing of
PolNeAR's text is written to the results: only speaker names and counts.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quotes.cli.stats import Format, write_stats
from quotes.render.chart import speaker_chart
from quotes.stats import stats

ROOT = Path(__file__).resolve().parents[1]
RECORDS = 10_000


def dev_inputs(polnear: Path, path: Path) -> int:
    """PolNeAR dev as the JSONL a user would give `quotes extract`: id, text, outlet, date."""
    with (polnear / "metadata.tsv").open(encoding="utf-8") as handle:
        meta = {row["filename"]: row for row in csv.DictReader(handle, delimiter="\t")
                if row["compartment"] == "dev"}
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for text in sorted((polnear / "dev" / "text").glob("*.txt")):
            row = meta[text.stem]
            out.write(json.dumps({"id": text.stem, "text": text.read_text(encoding="utf-8"),
                                  "outlet": row["publisher"], "date": row["publication_date"]}) + "\n")
            count += 1
    return count


def quotes_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotes.cli", *args], capture_output=True, text=True,
                          check=True, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polnear", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "stats")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        inputs, predictions = Path(work) / "dev.jsonl", Path(work) / "dev-quotes.jsonl"
        documents = dev_inputs(args.polnear, inputs)
        quotes_command("extract", str(inputs), "-q", "-o", str(predictions))
        records = [json.loads(line) for line in predictions.read_text(encoding="utf-8").splitlines()]
        tables = {"outlet": stats(records, by=["outlet"], top=10),
                  "month": stats(records, by=["month"], top=10), "all": stats(records, top=20)}
        for name, table in tables.items():
            with (args.out / f"polnear-dev-by-{name}.md").open("w", encoding="utf-8") as out:
                write_stats(table, Format.md, out)
            speaker_chart(table, args.out / f"polnear-dev-by-{name}.png", top=10 if table.by else 20,
                          title="Who gets quoted in PolNeAR dev")
        big = Path(work) / "10k.jsonl"
        with big.open("w", encoding="utf-8") as out:
            for number in range(RECORDS):
                record = dict(records[number % len(records)], id=f"{number}")
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        loaded = [json.loads(line) for line in big.read_text(encoding="utf-8").splitlines()]
        started = time.perf_counter()
        counted = stats(loaded, by=["outlet"])
        in_process = time.perf_counter() - started
        runs = []
        for _ in range(3):  # the median of three whole commands, each a fresh process
            started = time.perf_counter()
            quotes_command("stats", str(big), "--by", "outlet", "--format", "json")
            runs.append(time.perf_counter() - started)
        whole = statistics.median(runs)
    load = os.getloadavg()[0]
    (args.out / "README.md").write_text(
        "# Who gets quoted in PolNeAR dev\n\n"
        "Made by `python -m eval.stats_polnear` (the shipped model's `quotes extract` output over "
        f"the {documents} PolNeAR dev articles, with outlet and date from metadata.tsv; load average "
        f"{load:.2f} at the end).\n\n"
        "| table | chart |\n| --- | --- |\n"
        + "".join(f"| [by {n}](polnear-dev-by-{n}.md) | [png](polnear-dev-by-{n}.png) |\n"
                  for n in ("outlet", "month", "all"))
        + f"\n`quotes stats` over {RECORDS:,} extract records ({counted.quotes:,} quotes, --by outlet): "
        f"{in_process:.2f} s in process (`quotes.stats` on the parsed records), {whole:.2f} s as a "
        "whole command (start-up, reading the JSONL, counting, writing JSON; median of 3).\n",
        encoding="utf-8")
    print(f"{documents} documents; {RECORDS} records: {in_process:.2f} s in process, {whole:.2f} s whole")


if __name__ == "__main__":
    main()
