"""The Spark engine: the same extraction over a DataFrame of `id` and `text` columns, one
partition at a time on the executors.

Each executor's Python worker loads the model once, on its first partition, and keeps it for
the next ones: `quotes.pipeline.load` is a module-level cache keyed by model name and alias
files, and PySpark reuses its Python workers. Needs the optional extra: `pip install
quotes[spark]` (PySpark; Java 17 or newer).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotes.pipeline import DEFAULT_MODEL, extract_many, load
from quotes.schema import Document, check_extracted

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

DEFAULT_MASTER = "local[*]"
# A failed job is reported as one line (see `_reason`), not as Spark's logged stack traces.
QUIET = {"spark.ui.showConsoleProgress": "false", "spark.log.level": "FATAL"}
_PYTHON_ERROR = re.compile(r"^(\w+(?:Error|Exception): .*)$", re.MULTILINE)


class SparkError(ValueError):
    """Input the Spark engine cannot read, or a Spark job that failed (one line)."""


def _session_class() -> type[SparkSession]:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkError("the spark engine needs PySpark: pip install 'quotes[spark]'") from None
    return SparkSession


def session(master: str | None = None, conf: dict[str, str] | None = None) -> SparkSession:
    """A Spark session on `master`; without one, spark-submit's master, else `local[*]`."""
    builder = _session_class().builder.appName("quotes")
    for key, value in {**QUIET, **(conf or {})}.items():
        builder = builder.config(key, value)
    if not master:
        from pyspark import SparkConf

        master = SparkConf().get("spark.master", DEFAULT_MASTER)
    if master.startswith("local"):  # the workers are this Python, with quotes and its model
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.master(master).getOrCreate()


def _reason(err: Exception) -> str:
    """The Python error a worker raised, out of Spark's Java stack trace; else its first line."""
    text = str(err).strip()
    found = _PYTHON_ERROR.search(text)
    return found.group(1) if found else (text.splitlines() or [type(err).__name__])[0]


def _is_parquet(path: Path) -> bool:
    return path.suffix == ".parquet" or (path.is_dir() and any(path.glob("*.parquet")))


def _is_text(path: Path) -> bool:
    """A `.txt` file, or a folder of them with no JSON or Parquet: the local engine's input."""
    if path.suffix == ".txt":
        return True
    return (path.is_dir() and not _is_parquet(path) and any(path.glob("*.txt"))
            and not any(path.glob("*.json*")))


def parquet_inputs(paths: Sequence[str]) -> bool:
    """Whether `paths` are Parquet (else JSONL); inputs the engine cannot read are a SparkError,
    found before any Spark session starts."""
    if not paths or "-" in paths:
        raise SparkError("the spark engine reads JSONL or Parquet files, not standard input")
    missing = [p for p in paths if not Path(p).exists() and "://" not in p]
    if missing:
        raise SparkError(f"{missing[0]}: no such file or folder")
    text = [p for p in paths if "://" not in p and _is_text(Path(p))]
    if text:
        raise SparkError(f"{text[0]}: the spark engine reads JSONL or Parquet, not .txt files "
                         "(the local engine reads them)")
    kinds = {_is_parquet(Path(p)) for p in paths}
    if len(kinds) > 1:
        raise SparkError("give the spark engine JSONL or Parquet inputs, not both")
    return kinds == {True}


def read(spark: SparkSession, paths: Sequence[str]) -> DataFrame:
    """`id` and `text` columns (id as a string) from JSONL or Parquet files or folders."""
    frame = spark.read.parquet(*paths) if parquet_inputs(paths) else spark.read.json(list(paths))
    absent = [c for c in ("id", "text") if c not in frame.columns]
    if absent:
        raise SparkError(f"{paths[0]}: no {' or '.join(absent)} column (columns: "
                              f"{', '.join(frame.columns) or 'none'})")
    return frame.selectExpr("CAST(id AS STRING) AS id", "text")


def _partition(model: str, aliases: tuple[str, ...], batch_size: int, kind: str,
               rows: Iterable[Any]) -> Iterator[Document]:
    records = ({"id": row["id"], "text": row["text"]} for row in rows)
    return extract_many(records, model=model, aliases=aliases, batch_size=batch_size, kind=kind)


def extract_frame(frame: DataFrame, model: str = DEFAULT_MODEL, aliases: Iterable[str] = (),
                  batch_size: int = 64, kind: str = "direct") -> RDD:
    """An RDD of `Document`s, one per row of `frame` (columns `id`, `text`), in row order;
    `kind="all"` adds reported speech, as in `extract_many`."""
    check_extracted(kind)  # here, not on every executor
    job = partial(_partition, model, tuple(str(a) for a in aliases), batch_size, kind)
    return frame.select("id", "text").rdd.mapPartitions(job, preservesPartitioning=True)


def extract_spark(paths: Sequence[str], model: str = DEFAULT_MODEL, aliases: Iterable[str] = (),
                  batch_size: int = 64, master: str | None = None,
                  conf: dict[str, str] | None = None, kind: str = "direct") -> Iterator[Document]:
    """Documents for the rows of JSONL or Parquet `paths`, extracted on Spark and streamed back
    to the driver one partition at a time, in input order. A session already active is used
    (and left running); one started here is stopped at the end."""
    aliases = tuple(str(a) for a in aliases)
    check_extracted(kind)
    parquet_inputs(paths)  # inputs Spark cannot read fail here, before a session starts,
    load(model, aliases)  # and a bad model or alias file here, not on every executor
    active = _session_class().getActiveSession()
    spark = active or session(master, conf)
    try:
        yield from extract_frame(read(spark, paths), model, aliases, batch_size,
                                 kind).toLocalIterator()
    except SparkError:
        raise
    except Exception as err:  # noqa: BLE001 - Py4J/Spark errors: one line for the user
        raise SparkError(f"spark: {_reason(err)}") from err
    finally:
        if active is None:
            spark.stop()
