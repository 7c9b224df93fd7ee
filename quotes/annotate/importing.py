"""doccano's export back into gold records, one clear message per record that is not valid gold.

doccano 1.8.4 exports a zip with `all.jsonl` for a collaborative project, else one
`USERNAME.jsonl` per member. Its lines carry doccano's own integer `id`, our meta keys
(`doc_id`, `attribution`) at top level, `entities`, `relations` and `Comments`;
`record_to_document` prefers `doc_id`, so documents keep the ids they were exported with.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from quotes.annotate.files import replacing
from quotes.gold.doccano import GoldFormatError, record_to_document, write_gold
from quotes.schema import Document


class ExportError(ValueError):
    """The export as a whole cannot be read: not a zip or JSONL, or no such annotator."""


def annotators(path: str | Path) -> list[str]:
    """The annotation files in a doccano export zip, by name without `.jsonl`."""
    with zipfile.ZipFile(path) as archive:
        return sorted(Path(n).stem for n in archive.namelist() if n.endswith(".jsonl"))


def export_lines(path: str | Path, annotator: str | None = None) -> tuple[str, list[str]]:
    """(source name, lines) of the chosen annotation file in a doccano export (zip or JSONL)."""
    path = Path(path)
    if not zipfile.is_zipfile(path):
        return path.name, path.read_text(encoding="utf-8").splitlines()
    names = annotators(path)
    if annotator is None and len(names) == 1:
        annotator = names[0]
    if annotator not in names:
        choice = "choose one with --annotator" if annotator is None else f"no {annotator!r}"
        raise ExportError(f"{path} has annotation files {', '.join(names) or 'none'}: {choice}")
    with zipfile.ZipFile(path) as archive:
        member = next(n for n in archive.namelist() if Path(n).stem == annotator)
        return member, archive.read(member).decode("utf-8").splitlines()


def parse_lines(lines: Iterable[str], source: str) -> Iterator[tuple[dict, Document] | str]:
    """Each non-blank line as (record, document), or as one `source:line: problem` message."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise GoldFormatError("not a JSON object")
            yield record, record_to_document(record, default_id=f"{Path(source).stem}-{number}")
        except (json.JSONDecodeError, GoldFormatError) as err:
            yield f"{source}:{number}: {err}"


def read_export(path: str | Path, annotator: str | None,
                errors: list[str]) -> Iterator[Document]:
    """Every valid document of the export; each bad record adds one message to `errors`."""
    source, lines = export_lines(path, annotator)
    for parsed in parse_lines(lines, source):
        if isinstance(parsed, str):
            errors.append(parsed)
        else:
            yield parsed[1]


def import_export(path: str | Path, out: str | Path,
                  annotator: str | None = None) -> tuple[int, list[str]]:
    """Write the export's valid documents as gold to `out`; returns (written, error lines)."""
    errors: list[str] = []
    with replacing(out) as temp:
        count = write_gold(read_export(path, annotator, errors), temp)
    return count, errors
