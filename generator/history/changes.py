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

from ..paths import SUBMISSIONS
from ..read.source import MAX_LIST_BYTES, SourceError, decode
from . import gitproc


class ChangeKind(StrEnum):
    ADDED = "A"
    MODIFIED = "M"
    DELETED = "D"


@dataclass(frozen=True, slots=True)
class Change:
    status: ChangeKind
    path: str  # repo-relative, forward slashes
    base_text: str | None = None  # the base revision's text, for modified and deleted files


class RevisionError(Exception):
    """The base revision cannot be read; the message is for the user."""


def not_a_repository(repo_root: Path) -> RevisionError:
    return RevisionError(f"{repo_root} 不是 git 仓库，无法与基准版本比较")


class BaseRevision:
    """The base commit of a change, with the diff of the working tree against it."""

    def __init__(self, repo_root: Path, ref: str) -> None:
        self.repo_root = repo_root
        try:
            found = gitproc.commit_id(repo_root, ref)
        except gitproc.GitError as exc:
            if exc.not_a_repository:
                raise not_a_repository(repo_root) from None
            raise RevisionError(f"找不到基准版本“{ref}”") from None
        self.sha = found
        self._scanned: tuple[list[tuple[ChangeKind, str]], list[str], list[tuple[ChangeKind, str]]] | None = None

    def __enter__(self) -> BaseRevision:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        """Nothing stays open: each question is one git command."""

    def changes(self) -> list[Change]:
        """Files under submissions/ added, modified or deleted since the base (a rename is both)."""
        listed, untracked, _ = self._scan()
        before = self._texts([path for status, path in listed if status is not ChangeKind.ADDED])
        found = [
            Change(status, path, before.get(path) if status is not ChangeKind.ADDED else None)
            for status, path in listed
        ]
        # `git diff` sees only tracked files; a clerk checking before `git add` has untracked ones.
        found.extend(Change(ChangeKind.ADDED, p) for p in untracked)
        return sorted(found, key=lambda c: c.path)

    def changes_outside(self) -> list[Change]:
        """Tracked files outside submissions/ (code, workflows, CODEOWNERS) changed since the base."""
        return [Change(status, path) for status, path in self._scan()[2]]

    def text(self, path: str) -> str | None:
        """A file's text on the base revision; None when it is not there (or is not text)."""
        return _text(path, gitproc.file_at(self.repo_root, self.sha, path))

    def _scan(self) -> tuple[list[tuple[ChangeKind, str]], list[str], list[tuple[ChangeKind, str]]]:
        """The working tree against the base, once, by three git commands side by side: tracked
        files under submissions/ that differ, untracked files there, tracked files outside that differ."""
        if self._scanned is None:
            diff = ["diff", "--name-status", "-z", "--no-renames", self.sha, "--"]
            inside, untracked, outside = gitproc.run_together(
                self.repo_root,
                [*diff, SUBMISSIONS],
                ["ls-files", "--others", "--exclude-standard", "-z", "--", SUBMISSIONS],
                # Magic pathspecs, so not literal: the exclusion is ours and names no file of the change.
                ["--no-literal-pathspecs", *diff, ".", f":(exclude){SUBMISSIONS}"],
            )
            self._scanned = (
                _name_status(inside),
                gitproc.split_z(untracked.decode("utf-8", "replace")),
                _name_status(outside),
            )
        return self._scanned

    def _texts(self, paths: list[str]) -> dict[str, str]:
        """The base revision's text of each path that is a readable text file there."""
        found = {path: _text(path, data) for path, data in gitproc.files_at(self.repo_root, self.sha, paths).items()}
        return {path: text for path, text in found.items() if text is not None}


def _name_status(output: bytes) -> list[tuple[ChangeKind, str]]:
    """(status, path) from `git diff --name-status -z`; a type change counts as a modification."""
    tokens = output.decode("utf-8", "replace").split("\0")
    return [
        (ChangeKind(tokens[i][0]) if tokens[i][0] in "AD" else ChangeKind.MODIFIED, _posix(tokens[i + 1]))
        for i in range(0, len(tokens) - 1, 2)
        if tokens[i]
    ]


def _text(path: str, data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        return decode(data, path, MAX_LIST_BYTES)
    except SourceError:
        return None


def _posix(path: str | None) -> str:
    return (path or "").replace("\\", "/")
