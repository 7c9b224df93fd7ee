"""JSON lines checked against a schema: gold, tasks and predictions are read record by record,
and a record that is not what it should be is one message naming its file and line, so that
one bad record never hides the others.

Lines are split on b"\\n" only and decoded one by one: a bad byte spoils only its own line, and a
U+2028 or U+0085 inside a JSON string (`json.dumps(..., ensure_ascii=False)` writes them raw)
does not split a record the way `str.splitlines` would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from pydantic.v1 import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)
Item = TypeVar("Item")


class RecordError(ValueError):
    """A record that does not fit its schema; the message is one line saying where and what."""


def json_lines(lines: Iterable[bytes], source: str) -> Iterator[tuple[int, Any] | str]:
    """(line number, JSON value) of each non-blank line, or one `source:line: problem` message."""
    for number, raw in enumerate(lines, 1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as err:
            yield f"{source}:{number}: not UTF-8 (byte {raw[err.start]:#04x} at column {err.start + 1})"
            continue
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as err:
            yield f"{source}:{number}: not JSON ({err.msg} at column {err.colno})"


def read_records(lines: Iterable[bytes], source: str, read: Callable[[Any, int], Item],
                 key: Callable[[Item], str]) -> Iterator[tuple[Any, Item] | str]:
    """Each line as (JSON value, `read(value, line number)`), or one `source:line: problem`
    message: `read` raises `RecordError` on a bad record, and an item whose `key` (its document
    id) came before is one too, since gold and predictions are joined by it."""
    seen: dict[str, int] = {}
    for parsed in json_lines(lines, source):
        if isinstance(parsed, str):
            yield parsed
            continue
        number, value = parsed
        try:
            item = read(value, number)
        except RecordError as err:
            yield f"{source}:{number}: {err}"
            continue
        if key(item) in seen:
            yield f"{source}:{number}: document id {key(item)!r} is already on line {seen[key(item)]}"
            continue
        seen[key(item)] = number
        yield value, item


def checked(model: type[Model], value: Any) -> Model:
    """`value` as `model`, or a `RecordError` naming the first field that does not fit."""
    if not isinstance(value, dict):
        raise RecordError(f"not a JSON object but {_kind(value)}")
    try:
        return model.parse_obj(value)
    except ValidationError as err:
        problems = err.errors()
        loc = problems[0]["loc"]  # a union's alternatives each fail at the same place
        where = ".".join(str(part) for part in loc if part != "__root__") or "record"
        said = " or ".join(dict.fromkeys(p["msg"] for p in problems if p["loc"] == loc))
        raise RecordError(f"{where}: {said}") from None


def _kind(value: Any) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")
