"""Reading documents from files, folders, JSONL and stdin; writing results as JSONL, CSV or a table.

Every input yields one `Record` per document. A document that cannot be read becomes a
record with an `error` (one line naming the document) so the rest of the batch goes on.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import BinaryIO, TextIO

from quotes.schema import Document, metadata


@dataclass
class Record:
    """One input document, or the reason it could not be read."""

    id: str
    text: str = ""
    error: str | None = None
    meta: dict = field(default_factory=dict)  # a JSONL record's other fields, passed on


# A text file with one of these byte-order marks is decoded in that encoding, not as UTF-8.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, name: str, encoding: str = "utf-8") -> Record:
    """Strict `encoding`: UTF-8 by default, or UTF-16/32 when the bytes start with its
    byte-order mark. A BOM is dropped, so offsets index the text after it; binary or
    undecodable bytes give an error record."""
    utf8 = codecs.lookup(encoding).name == "utf-8"
    if utf8:
        encoding = next((codec for bom, codec in _BOMS if data.startswith(bom)), "utf-8-sig")
    if b"\x00" in data and not encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
        return Record(name, error=f"{name}: binary data, not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        if utf8 and encoding != "utf-8-sig":  # its byte-order mark named the encoding
            return Record(name, error=f"{name}: not valid {encoding.upper()} (byte "
                                      f"{data[err.start]:#04x} at offset {err.start})")
        label = "UTF-8" if utf8 else encoding
        return Record(name, error=f"{name}: not valid {label} (byte {data[err.start]:#04x} at "
                                  f"offset {err.start}); give its encoding with --encoding NAME")
    return Record(name, text.removeprefix("\ufeff"))


def record_id(value: object, default: str) -> str:
    """The id a record gives: a string as it is, a JSON value as JSON (`7`, `true`, `{"a": 1}`,
    not Python's `True`), anything else as `str`; absent or null gives `default`."""
    if value is None:
        return default
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float, list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _records_from_jsonl(lines: Iterable[bytes], source: str) -> Iterator[Record]:
    """One record per line of UTF-8 JSON (lines end at b"\\n" only: U+2028 or a form feed inside
    a string does not end a record); a line that is not is an error record naming it."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        if number == 1 and line.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            yield Record(source, error=f"{source}: JSONL must be UTF-8; this file starts with a UTF-16 "
                                       "byte-order mark")
            return
        try:
            data = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError as err:
            yield Record(where, error=f"{where}: not valid UTF-8 (byte {line[err.start]:#04x} at "
                                      f"offset {err.start} of the line)")
            continue
        except json.JSONDecodeError as err:
            yield Record(where, error=f"{where}: not JSON ({err.msg})")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            yield Record(where, error=f"{where}: needs a \"text\" string")
            continue
        yield Record(record_id(data.get("id"), where), data["text"], meta=metadata(data))


def _read_file(path: Path, name: str, encoding: str) -> Iterator[Record]:
    """The records of one file: a `.jsonl` line by line, streamed; any other file as one text
    whose id is `name`."""
    try:
        if path.suffix == ".jsonl":
            with path.open("rb") as handle:
                yield from _records_from_jsonl(handle, str(path))
            return
        data = path.read_bytes()
    except FileNotFoundError:
        yield Record(str(path), error=f"{path}: no such file or folder")
        return
    except OSError as err:
        yield Record(str(path), error=f"{path}: cannot read ({err.__class__.__name__}: {err})")
        return
    yield decode(data, name, encoding)


def _read_path(path: Path, encoding: str = "utf-8") -> Iterator[Record]:
    """A file given by name has its stem as id; a file inside a folder, its path relative to the
    folder without `.txt` (`a` and `sub/a`), so that one tree never gives the same id twice."""
    if not path.is_dir():
        yield from _read_file(path, path.stem, encoding)
        return
    files = sorted(p for p in path.rglob("*.txt") if p.is_file())
    if not files:
        yield Record(str(path), error=f"{path}: folder holds no .txt files")
    for file in files:
        yield from _read_file(file, file.relative_to(path).with_suffix("").as_posix(), encoding)


def _read_stdin(stream: TextIO, encoding: str = "utf-8") -> Iterator[Record]:
    """JSONL, streamed, when the first line that is not blank starts with `{`; else one text."""
    raw: BinaryIO = getattr(stream, "buffer", None) or io.BytesIO(stream.read().encode())
    head: list[bytes] = []
    for line in raw:
        head.append(line)
        if line.strip():
            break
    if b"".join(head).removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"{"):
        yield from _records_from_jsonl(chain(head, raw), "stdin")
    else:
        yield decode(b"".join(head) + raw.read(), "stdin", encoding)


def read_inputs(paths: Iterable[str], stdin: TextIO | None = None,
                encoding: str = "utf-8") -> Iterator[Record]:
    """Documents from `.txt` files, folders of them, `.jsonl` files, or `-` (standard input).

    Standard input is JSONL when its first line that is not blank starts with `{`, otherwise one
    text; JSONL, from a file or standard input, is read as it streams, one line at a time.
    `.txt` files and a text on standard input are read in `encoding`; JSONL is always UTF-8.
    """
    for name in paths:
        if name == "-":
            yield from _read_stdin(stdin or sys.stdin, encoding)
        else:
            yield from _read_path(Path(name), encoding)


def write_jsonl(docs: Iterable[Document], out: TextIO) -> Iterator[Document]:
    """Write one JSON line per document as it comes, passing documents on."""
    for doc in docs:
        out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
        out.flush()
        yield doc


CSV_FIELDS = ["id", "kind", "quote", "start", "end", "cue", "speaker_mention", "speaker", "speaker_kind",
              "confidence", "error"]


def write_csv(docs: Iterable[Document], out: TextIO) -> Iterator[Document]:
    """One CSV row per item, its `kind` direct or indirect (a document without items or with an
    error gets one row, with no kind)."""
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for doc in docs:
        for q in doc.quotes:
            writer.writerow([doc.id, q.kind, q.text, q.start, q.end, q.cue.text if q.cue else "",
                             q.speaker_mention.text if q.speaker_mention else "",
                             q.speaker or "", q.speaker_kind or "", f"{q.confidence:.3f}", ""])
        if not doc.quotes:
            writer.writerow([doc.id, "", "", "", "", "", "", "", "", "", doc.error or ""])
        yield doc


def write_table(docs: Iterable[Document], out: TextIO) -> Iterator[Document]:
    """A readable who-said-what listing for people at a terminal: a direct quote in quotation
    marks, reported speech (kind indirect) after `reported:` and without marks, since its words
    are the writer's."""
    for doc in docs:
        reported = sum(q.kind == "indirect" for q in doc.quotes)
        count = f"{len(doc.quotes) - reported} quote(s)" + (f", {reported} reported" if reported else "")
        out.write(f"== {doc.id}: {count}\n" if doc.error is None
                  else f"== {doc.id}: ERROR {doc.error}\n")
        for q in doc.quotes:
            who = q.speaker or (q.speaker_mention.text if q.speaker_mention else "?")
            cue = f" [{q.cue.text}]" if q.cue else ""
            text = q.text if len(q.text) <= 120 else q.text[:117] + "..."
            said = f"reported: {text}" if q.kind == "indirect" else f"\u201c{text}\u201d"
            out.write(f"  {who}{cue} ({q.confidence:.2f}): {said}\n")
        out.flush()
        yield doc


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "table": write_table}
