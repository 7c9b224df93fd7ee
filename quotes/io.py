"""Reading documents from files, folders, JSONL and stdin; writing results as JSONL, CSV or a table.

Every input yields one `Record` per document. A document that cannot be read becomes a
record with an `error` (one line naming the document) so the rest of the batch goes on.
"""

from __future__ import annotations

import codecs
import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from quotes.schema import Document


@dataclass
class Record:
    """One input document, or the reason it could not be read."""

    id: str
    text: str = ""
    error: str | None = None


def decode(data: bytes, name: str, encoding: str = "utf-8") -> Record:
    """Strict `encoding`, UTF-8 by default; a byte-order mark at the start is dropped, so offsets
    index the text after it. Binary or undecodable bytes give an error record."""
    if b"\x00" in data and not encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
        return Record(name, error=f"{name}: binary data, not text")
    try:
        text = data.decode("utf-8-sig" if codecs.lookup(encoding).name == "utf-8" else encoding)
    except UnicodeDecodeError as err:
        label = "UTF-8" if codecs.lookup(encoding).name == "utf-8" else encoding
        return Record(name, error=f"{name}: not valid {label} (byte {data[err.start]:#04x} at "
                                  f"offset {err.start}); give its encoding with --encoding NAME")
    return Record(name, text.removeprefix("\ufeff"))


def _records_from_jsonl(lines: Iterable[str], source: str) -> Iterator[Record]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            yield Record(where, error=f"{where}: not JSON ({err.msg})")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            yield Record(where, error=f"{where}: needs a \"text\" string")
            continue
        yield Record(str(data.get("id", where)), data["text"])


def _read_path(path: Path, encoding: str = "utf-8") -> Iterator[Record]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.txt") if p.is_file())
        if not files:
            yield Record(str(path), error=f"{path}: folder holds no .txt files")
        for file in files:
            yield from _read_path(file, encoding)
        return
    try:
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8-sig") as handle:
                yield from _records_from_jsonl(handle, str(path))
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield Record(str(path), error=f"{path}: no such file or folder")
        return
    except (OSError, UnicodeDecodeError) as err:
        yield Record(str(path), error=f"{path}: cannot read ({err.__class__.__name__}: {err})")
        return
    yield decode(data, path.stem, encoding)


def read_inputs(paths: Iterable[str], stdin: TextIO | None = None,
                encoding: str = "utf-8") -> Iterator[Record]:
    """Documents from `.txt` files, folders of them, `.jsonl` files, or `-` (standard input).

    Standard input is JSONL when its first line is a JSON object, otherwise one text. `.txt`
    files and standard input are read in `encoding`; JSONL is UTF-8.
    """
    for name in paths:
        if name != "-":
            yield from _read_path(Path(name), encoding)
            continue
        stream = stdin or sys.stdin
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode()
        record = decode(data, "stdin", encoding)
        first = record.text.lstrip()[:1]
        if record.error is None and first == "{":
            yield from _records_from_jsonl(record.text.splitlines(), "stdin")
        else:
            yield record


def write_jsonl(docs: Iterable[Document], out: TextIO) -> Iterator[Document]:
    """Write one JSON line per document as it comes, passing documents on."""
    for doc in docs:
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        out.flush()
        yield doc


CSV_FIELDS = ["id", "quote", "start", "end", "cue", "speaker_mention", "speaker", "speaker_kind",
              "confidence", "error"]


def write_csv(docs: Iterable[Document], out: TextIO) -> Iterator[Document]:
    """One CSV row per quote (a document without quotes or with an error gets one row)."""
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for doc in docs:
        for q in doc.quotes:
            writer.writerow([doc.id, q.text, q.start, q.end, q.cue.text if q.cue else "",
                             q.speaker_mention.text if q.speaker_mention else "",
                             q.speaker or "", q.speaker_kind or "", f"{q.confidence:.3f}", ""])
        if not doc.quotes:
            writer.writerow([doc.id, "", "", "", "", "", "", "", "", doc.error or ""])
        yield doc


def write_table(docs: Iterable[Document], out: TextIO) -> Iterator[Document]:
    """A readable who-said-what listing for people at a terminal."""
    for doc in docs:
        out.write(f"== {doc.id}: {len(doc.quotes)} quote(s)\n" if doc.error is None
                  else f"== {doc.id}: ERROR {doc.error}\n")
        for q in doc.quotes:
            who = q.speaker or (q.speaker_mention.text if q.speaker_mention else "?")
            cue = f" [{q.cue.text}]" if q.cue else ""
            text = q.text if len(q.text) <= 120 else q.text[:117] + "..."
            out.write(f"  {who}{cue} ({q.confidence:.2f}): \u201c{text}\u201d\n")
        out.flush()
        yield doc


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "table": write_table}
