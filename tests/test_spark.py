"""The Spark engine in local mode gives the records the single-process run gives."""

from __future__ import annotations

import json

import pytest
from test_scale import SEEDS, real_documents, write_jsonl
from typer.testing import CliRunner

import quotes
from quotes.cli import app
from quotes.spark import SparkError, extract_spark, session

pyspark = pytest.importorskip("pyspark", reason="the spark extra is not installed")

CONF = {"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2",
        "spark.ui.enabled": "false", "spark.driver.memory": "1g",
        "spark.sql.files.maxPartitionBytes": "20000"}  # small files still make several partitions


@pytest.fixture(scope="module")
def spark():
    active = session("local[2]", CONF)
    yield active
    active.stop()


@pytest.fixture(scope="module")
def records():
    return real_documents()


@pytest.fixture(scope="module")
def expected(records):
    return [d.to_dict() for d in quotes.extract_many(records)]


def test_jsonl_through_the_cli_matches_the_local_run(spark, records, expected, tmp_path):
    source = write_jsonl(records, tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", "--engine", "spark", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in out.read_text().splitlines()] == expected
    assert spark.read.json(str(source)).rdd.getNumPartitions() > 1


def test_parquet_matches_the_local_run_and_a_bad_row_is_an_error_record(spark, records, expected,
                                                                         tmp_path):
    rows = [*records, {"id": "empty", "text": None}]
    folder = str(tmp_path / "in.parquet")
    spark.createDataFrame(rows, "id string, text string").coalesce(1).write.parquet(folder)
    got = [d.to_dict() for d in extract_spark([folder])]
    assert got == [*expected, {"id": "empty", "quotes": [], "error": 'empty: needs a "text" string'}]


def test_inputs_spark_cannot_read_are_one_line_errors(spark, tmp_path):
    (tmp_path / "x.jsonl").write_text('{"name": "a", "text": "b"}\n')
    with pytest.raises(SparkError, match="no id column"):
        list(extract_spark([str(tmp_path / "x.jsonl")]))
    result = CliRunner().invoke(app, ["extract", "--engine", "spark", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'none.jsonl'}: no such file or folder"


def test_txt_inputs_are_refused_before_spark_starts():
    """The local engine reads .txt files and folders of them; the spark engine says what it reads."""
    seed = SEEDS / "000_fc1882434836a0c2.txt"
    for path in (seed, seed.parent):
        result = CliRunner().invoke(app, ["extract", "--engine", "spark", str(path)])
        assert result.exit_code == 2
        assert result.stderr == (f"error: {path}: the spark engine reads JSONL or Parquet, not .txt "
                                 "files (the local engine reads them)\n")


def test_kind_all_through_the_spark_engine_matches_the_local_run(spark, records, tmp_path):
    source = write_jsonl(records, tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", "--engine", "spark", "--kind", "all", str(source),
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    got = [json.loads(line) for line in out.read_text().splitlines()]
    assert got == [d.to_dict() for d in quotes.extract_many(records, kind="all")]
    assert any(q["kind"] == "indirect" for record in got for q in record["quotes"])
