"""What a change does: one diff of the base revision against the working tree (the merge result).

The change is the whole tree diff, whatever commits (merges included) it is made of: nothing is
attributed per commit. Filings under `submissions/` come with their base text (for the calendar
and the signed statements); other paths (code, workflows) only by name, for their owner's signature.

The base revision is also where authority comes from: the registry (who signs for whom), the
calendar and the office's exceptions are read as they stand on the base, never as the change
itself would have them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import TracebackType

import git

from ..paths import SUBMISSIONS
from ..read.source import MAX_LIST_BYTES, SourceError, decode


class Status(StrEnum):
    ADDED = "A"
    MODIFIED = "M"
    DELETED = "D"


@dataclass(frozen=True, slots=True)
class Change:
    status: Status
    path: str  # repo-relative, forward slashes
    base_text: str | None = None  # the base revision's text, for modified and deleted files


class RevisionError(Exception):
    """The base revision cannot be read; the message is for the user."""


def open_repo(repo_root: Path) -> git.Repo:
    """A GitPython repo that never quotes Chinese paths. Close it (or use `with`) when done."""
    try:
        repo = git.Repo(repo_root, search_parent_directories=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise RevisionError(f"{repo_root} 不是 git 仓库，无法与基准版本比较") from None
    repo.git.set_persistent_git_options(c="core.quotepath=off")
    return repo


class BaseRevision:
    """The base commit of a change, with the diff of the working tree against it."""

    def __init__(self, repo_root: Path, ref: str) -> None:
        self.repo_root = repo_root
        self.repo = open_repo(repo_root)
        try:
            self.commit = self.repo.commit(ref)
        except (git.BadName, git.BadObject, ValueError, git.GitCommandError):
            self.repo.close()
            raise RevisionError(f"找不到基准版本“{ref}”") from None

    def __enter__(self) -> BaseRevision:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        # GitPython keeps `git cat-file` helpers alive per repo; they must not outlive the check.
        self.repo.close()

    @property
    def sha(self) -> str:
        return self.commit.hexsha

    def changes(self) -> list[Change]:
        """Files under submissions/ added, modified or deleted since the base (a rename is both)."""
        found: list[Change] = []
        for diff in self.commit.diff(None, paths=[SUBMISSIONS], no_renames=True):
            if diff.new_file:
                found.append(Change(Status.ADDED, _posix(diff.b_path)))
            elif diff.deleted_file:
                found.append(Change(Status.DELETED, _posix(diff.a_path), self._blob_text(diff.a_blob)))
            else:
                found.append(Change(Status.MODIFIED, _posix(diff.b_path), self._blob_text(diff.a_blob)))
        # `git diff` sees only tracked files; a clerk checking before `git add` has untracked ones.
        untracked = self.repo.git.ls_files("--others", "--exclude-standard", "-z", "--", SUBMISSIONS)
        found.extend(Change(Status.ADDED, p) for p in untracked.split("\0") if p)
        return sorted(found, key=lambda c: c.path)

    def changes_outside(self) -> list[Change]:
        """Tracked files outside submissions/ (code, workflows, CODEOWNERS) changed since the base."""
        output = self.repo.git.diff("--name-status", "-z", "--no-renames", self.sha, "--", ".",
                                    f":(exclude){SUBMISSIONS}")
        tokens = output.split("\0")
        return [Change(Status(tokens[i][0]) if tokens[i][0] in "AMD" else Status.MODIFIED, tokens[i + 1])
                for i in range(0, len(tokens) - 1, 2) if tokens[i]]

    def text(self, path: str) -> str | None:
        """A file's text on the base revision; None when it is not there (or is not text)."""
        try:
            blob = self.commit.tree / path
        except KeyError:
            return None
        return self._blob_text(blob) if blob.type == "blob" else None

    def list_folder(self, folder: str) -> list[str]:
        """Names of the entries of a folder on the base revision."""
        try:
            tree = self.commit.tree / folder
        except KeyError:
            return []
        return [entry.name for entry in tree] if tree.type == "tree" else []

    def _blob_text(self, blob: git.Blob | None) -> str | None:
        if blob is None:
            return None
        try:
            return decode(blob.data_stream.read(), blob.path, MAX_LIST_BYTES)
        except SourceError:
            return None


def _posix(path: str | None) -> str:
    return (path or "").replace("\\", "/")
