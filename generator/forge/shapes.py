"""The JSON both forges answer in: Gitea's and Forgejo's REST API copies GitHub's shapes for users,
pull requests, reviews, trees, changed files and issues, so one set of models reads both (fields
only one forge sends have defaults the other never needs). Each forge module keeps the shapes that
are its own (GitHub's workflow runs; Gitea's statuses, commits and timeline)."""

from __future__ import annotations

import re
import urllib.parse
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from .base import ForgeError

REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")
SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


class Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class User(Model):
    id: int = 0
    login: str = ""


class Repo(Model):
    full_name: str = ""


class Ref(Model):
    sha: str
    ref: str = ""
    repo: Repo | None = None


class PullShape(Model):
    number: int
    user: User | None = None
    created_at: datetime
    head: Ref
    base: Ref
    state: str
    merged: bool = False
    merged_at: datetime | None = None
    merge_commit_sha: str | None = None
    merged_by: User | None = None


class ReviewShape(Model):
    user: User | None = None
    state: str
    commit_id: str | None = None
    submitted_at: datetime | None = None
    dismissed: bool = False  # Gitea's and Forgejo's flags; GitHub says DISMISSED in `state`
    stale: bool = False


class TreeEntry(Model):
    path: str
    type: str
    sha: str


class ChangedFile(Model):
    filename: str


class Issue(Model):
    number: int
    title: str = ""
    body: str | None = ""
    state: str = ""
    user: User | None = None
    pull_request: dict[str, Any] | None = None  # set on a pull request that an issues list includes


Shape = TypeVar("Shape", bound=Model)


def parse(model: type[Shape], data: Any, what: str) -> Shape:
    """`data` read as `model`; a ForgeError in the clerk's words when the forge answered otherwise
    (the field's place only: pydantic's own message is English)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "整体"
        raise ForgeError(f"平台返回的{what}格式不对（字段 {where} 缺少或不合要求）") from None


def quoted(path: str) -> str:
    """A repository path as it goes into an API address."""
    return urllib.parse.quote(path, safe="/")
