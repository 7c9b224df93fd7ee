"""Push tasks to and pull annotations from a running doccano through doccano-client.

Every failure (server unreachable, login refused, an upload doccano rejects, the server going
away mid-download) becomes one `DoccanoError` with a one-line message; the password is never
part of a message. doccano's upload does not raise when it rejects lines: it reports them in
the task status, which is checked here.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from doccano_client import DoccanoClient
from doccano_client.exceptions import DoccanoAPIError
from doccano_client.models.project import Project

from quotes.files import replacing
from quotes.gold.doccano import RELATION_TYPES, SPAN_LABELS, parse_gold

PROJECT_TYPE = "SequenceLabeling"


class DoccanoError(RuntimeError):
    """A doccano operation that failed; the message is one line for the user."""


@dataclass(frozen=True)
class Login:
    """Where doccano runs and who logs in; the password stays out of repr and messages."""

    url: str
    user: str
    password: str = field(repr=False)


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@contextmanager
def reporting(login: Login, doing: str) -> Iterator[None]:
    """Turn the client's exceptions into one-line `DoccanoError`s that say what was being done."""
    try:
        yield
    except DoccanoAPIError as err:
        status = err.response.status_code if err.response is not None else "?"
        raise DoccanoError(f"doccano at {login.url} refused to {doing} (HTTP {status}): "
                           f"{str(err).splitlines()[0][:300]}") from None
    except requests.ConnectionError:
        raise DoccanoError(f"cannot reach doccano at {login.url} to {doing}: connection "
                           "refused or lost (is the webserver running?)") from None
    except requests.RequestException as err:
        raise DoccanoError(f"doccano at {login.url} failed to {doing}: "
                           f"{type(err).__name__}") from None
    except TimeoutError:
        raise DoccanoError(f"doccano at {login.url} did not finish to {doing} in time "
                           "(is `doccano task` running?)") from None


def connect(login: Login) -> DoccanoClient:
    """A logged-in client."""
    client = DoccanoClient(login.url)
    with reporting(login, f"log in as {login.user!r}"):
        try:
            client.login(login.user, login.password)
        except DoccanoAPIError as err:
            if err.response is not None and err.response.status_code in (400, 401, 403):
                raise DoccanoError(f"doccano at {login.url} refused the login of {login.user!r}: "
                                   "wrong user name or password") from None
            raise
    return client


def find_project(client: DoccanoClient, name: str) -> Project | None:
    return next((p for p in client.list_projects() if p.name == name), None)


def ensure_project(client: DoccanoClient, name: str, collaborative: bool) -> Project:
    """The project called `name`, created if missing, with our span and relation label types."""
    project = find_project(client, name)
    if project is None:
        project = client.create_project(
            name, PROJECT_TYPE, description="Direct quotations (QUOTE), reported speech (CONTENT), "
                                           "their cues and speakers.",
            collaborative_annotation=collaborative, allow_overlapping=True, use_relation=True)
    elif not (project.project_type == PROJECT_TYPE and project.use_relation
              and project.allow_overlapping):
        raise DoccanoError(f"project {name!r} exists but is not a {PROJECT_TYPE} project with "
                           "relations and overlapping spans: choose another --project")
    for kind, wanted in (("span", SPAN_LABELS), ("relation", RELATION_TYPES)):
        have = {label.text for label in client.list_label_types(project.id, kind)}
        for text in wanted:
            if text not in have:
                client.create_label_type(project.id, kind, text)
    return project


def read_tasks(path: str | Path) -> list[dict[str, Any]]:
    """The task records of a relation JSONL file, as written, each checked as gold first."""
    with open(path, "rb") as handle:
        records = []
        for parsed in parse_gold(handle, str(path)):
            if isinstance(parsed, str):
                raise DoccanoError(parsed)
            records.append(parsed[0])
    return records


def upload_errors(status: Any) -> str | None:
    """What doccano reports as rejected in an upload's task status, on one line, or None."""
    if status.error:
        return str(status.error.get("text", status.error) if isinstance(status.error, dict)
                   else status.error)
    problems = (status.result or {}).get("error") or []
    if problems:
        shown = "; ".join(f"line {p.get('line')}: {p.get('message')}" for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        return f"{len(problems)} problem(s): {shown}{more}"
    return None


def push(login: Login, tasks: str | Path, project_name: str,
         collaborative: bool = True) -> tuple[int, int]:
    """Upload the tasks that the project does not hold yet; returns (uploaded, skipped).

    A task is already there when an example has its `doc_id` in its metadata or the same text.
    """
    records = read_tasks(tasks)
    client = connect(login)
    with reporting(login, f"prepare project {project_name!r}"):
        project = ensure_project(client, project_name, collaborative)
    with reporting(login, f"list the examples of {project_name!r}"):
        examples = list(client.list_examples(project.id))
    ids = {str(e.meta["doc_id"]) for e in examples if e.meta.get("doc_id") is not None}
    hashes = {text_hash(e.text or "") for e in examples}
    new = [r for r in records
           if str(r.get("doc_id")) not in ids and text_hash(r["text"]) not in hashes]
    if new:
        with tempfile.TemporaryDirectory(prefix="quotes-push-") as folder:
            upload = Path(folder) / Path(tasks).name
            upload.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in new),
                              encoding="utf-8")
            with reporting(login, f"import {Path(tasks).name} into {project_name!r}"):
                status = client.upload(project.id, [str(upload)], "RelationExtraction", "JSONL")
        rejected = upload_errors(status)
        if rejected:
            raise DoccanoError(f"doccano rejected the upload of {tasks}: {rejected}")
    return len(new), len(records) - len(new)


def pull(login: Login, project_name: str, out: str | Path) -> Path:
    """Download the project's annotations (doccano's JSONL export zip) to `out`, atomically."""
    client = connect(login)
    with reporting(login, f"find project {project_name!r}"):
        project = find_project(client, project_name)
    if project is None:
        raise DoccanoError(f"doccano at {login.url} has no project {project_name!r}")
    out = Path(out)
    with replacing(out) as temp, tempfile.TemporaryDirectory(dir=temp.parent,
                                                             prefix=".quotes-pull-") as folder:
        with reporting(login, f"export project {project_name!r}"):
            Path(client.download(project.id, "JSONL", dir_name=folder)).replace(temp)
        if not zipfile.is_zipfile(temp):
            raise DoccanoError(f"the export of {project_name!r} arrived incomplete; run again")
    return out
