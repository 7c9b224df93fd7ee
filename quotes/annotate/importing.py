"""doccano's export back into gold records, one clear message per record that is not valid gold.

doccano 1.8.4 exports a zip with `all.jsonl` for a collaborative project, else one
`USERNAME.jsonl` per member. Its lines carry doccano's own integer `id`, our meta keys
(`doc_id`, `attribution`) at top level, `entities`, `relations` and `Comments`;
`record_to_document` prefers `doc_id`, so documents keep the ids they were exported with.

The chosen member is read as a stream, line by line. Its inflated size is checked against a
cap before reading: `zipfile` never inflates a member past the size its header declares (a
member that lies about it fails its CRC check), so a small zip cannot fill memory. A zip that
is damaged, encrypted or compressed other than by deflate (doccano's) is refused in one line,
and nothing is written.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from quotes.files import replacing
from quotes.gold.doccano import parse_gold, write_gold
from quotes.schema import Document

MAX_INFLATED_MB = 200
READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what doccano writes, and inflates in bounded steps
ZIP_MAGIC = b"PK\x03\x04"


class ExportError(ValueError):
    """The export as a whole cannot be read: not a zip or JSONL, or no such annotator."""


def is_zip(path: Path) -> bool:
    """A zip by its central directory, or a damaged one by its first bytes."""
    if zipfile.is_zipfile(path):
        return True
    with open(path, "rb") as handle:
        return handle.read(4) == ZIP_MAGIC


def open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise ExportError(f"{path} is a damaged zip ({err}): pull it again") from None


def member_info(path: Path, archive: zipfile.ZipFile, annotator: str | None,
                max_mb: float) -> zipfile.ZipInfo:
    """The chosen annotation file of the zip, once it is known to be readable within the cap."""
    names = sorted(Path(i.filename).stem for i in archive.infolist() if i.filename.endswith(".jsonl"))
    if annotator is None and len(names) == 1:
        annotator = names[0]
    if annotator not in names:
        choice = "choose one with --annotator" if annotator is None else f"no {annotator!r}"
        raise ExportError(f"{path} has annotation files {', '.join(names) or 'none'}: {choice}")
    info = next(i for i in archive.infolist()
                if i.filename.endswith(".jsonl") and Path(i.filename).stem == annotator)
    where = f"{path}: {info.filename}"
    if info.flag_bits & 0x1:
        raise ExportError(f"{where} is encrypted: export it from doccano again, without a password")
    if info.compress_type not in READABLE:
        raise ExportError(f"{where} uses zip compression method {info.compress_type}, not deflate: "
                          "re-zip it with plain `zip`")
    if info.file_size > max_mb * 1e6:
        raise ExportError(f"{where} inflates to {info.file_size / 1e6:,.1f} MB, over the limit of "
                          f"{max_mb:g} MB (raise it with --max-inflated-mb)")
    return info


@contextmanager
def export_stream(path: str | Path, annotator: str | None = None,
                  max_mb: float = MAX_INFLATED_MB) -> Iterator[tuple[str, BinaryIO]]:
    """(source name, binary line stream) of the chosen annotation file of a doccano export (zip
    or JSONL); a member that turns out corrupt while it is read is an `ExportError`."""
    path = Path(path)
    if not is_zip(path):
        with open(path, "rb") as handle:
            yield path.name, handle
        return
    with open_zip(path) as archive:
        info = member_info(path, archive, annotator, max_mb)
        try:
            with archive.open(info) as member:
                yield info.filename, member
        except (zipfile.BadZipFile, zlib.error, EOFError) as err:
            raise ExportError(f"{path}: {info.filename} is corrupt ({err}): pull it again") from None


def read_export(path: str | Path, annotator: str | None, errors: list[str],
                max_mb: float = MAX_INFLATED_MB) -> Iterator[Document]:
    """Every valid document of the export; each bad record adds one message to `errors`."""
    with export_stream(path, annotator, max_mb) as (source, lines):
        for parsed in parse_gold(lines, source):
            if isinstance(parsed, str):
                errors.append(parsed)
            else:
                yield parsed[1]


def import_export(path: str | Path, out: str | Path, annotator: str | None = None,
                  max_mb: float = MAX_INFLATED_MB) -> tuple[int, list[str]]:
    """Write the export's valid documents as gold to `out`; returns (written, error lines).
    An `ExportError` (the export as a whole unreadable) leaves `out` as it was."""
    errors: list[str] = []
    with replacing(out) as temp:
        count = write_gold(read_export(path, annotator, errors, max_mb), temp)
    return count, errors
