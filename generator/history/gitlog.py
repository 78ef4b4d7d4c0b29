"""One `git log` pass, parsed: commits with their header fields and the files each touched.

Paths are untrusted (a file name may hold any byte but NUL), so the output is read as a stream
of NUL-separated tokens, a status token always followed by exactly one path: a path can never
be mistaken for the start of a commit.

A long log can be started early (`StartedLog`) and read later: git writes into a temporary
file, not a pipe, so it runs to the end on its own core while Python does other work (loading
the settings, importing the models) instead of stalling on a full pipe.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import gitproc

RECORD = "\x1e"  # starts each commit's header in --format


@dataclass(slots=True)
class LogEntry:
    fields: list[str]
    files: list[tuple[str, str]] = field(default_factory=list)  # (status letter, path)


def log_format(*placeholders: str) -> str:
    """A --format that `parse_log` reads back: one field per placeholder."""
    return "--format=%x1e" + "%x00".join(placeholders) + "%x00"


def parse_log(output: str, nfields: int) -> list[LogEntry]:
    """Parse `git log -z --no-renames --name-status` output made with `log_format`."""
    tokens = output.split("\0")
    entries: list[LogEntry] = []
    files: list[tuple[str, str]] = []
    i, end = 0, len(tokens)
    while i < end:
        token = tokens[i]
        if token[:1] == "\n":
            token = token.lstrip("\n")
        if token[:1] == RECORD:
            files = []
            entries.append(LogEntry([token[1:], *tokens[i + 1:i + nfields]], files))
            i += nfields
        elif token and entries:
            files.append((token[0], tokens[i + 1] if i + 1 < end else ""))
            i += 2
        else:
            i += 1
    return entries


class StartedLog:
    """A `git log` running in the background; `entries()` waits for it and parses its output."""

    def __init__(self, root: Path, ref: str, *args: str, nfields: int) -> None:
        self.root, self.ref, self.nfields = root, ref, nfields
        self._out = tempfile.TemporaryFile()  # noqa: SIM115 (outlives __init__: closed by entries or close)
        try:
            self._proc = gitproc.start(root, "log", *args, stdout=self._out)
        except BaseException:
            self._out.close()
            raise

    def entries(self) -> list[LogEntry]:
        """The commits, newest first; GitError when git could not read the history."""
        try:
            gitproc.finish(self._proc)
            self._out.seek(0)
            output = self._out.read().decode("utf-8", "replace")
        finally:
            self._out.close()
        return parse_log(output, self.nfields)

    def close(self) -> None:
        """Stop a log that will not be read (the command failed before it needed the history)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._out.close()


def first_parent_log(root: Path, ref: str) -> StartedLog:
    """`ref`'s first-parent history, newest first, with each commit's hash, committer time and
    subject and the files it added, modified or deleted; started, not yet read.

    No pathspec: limiting the log to a folder makes git compare every commit's tree twice (once
    to prune, once for the file list) and costs half as much again as the log itself; the
    reader picks its folder's files from the list instead."""
    return StartedLog(root, ref, log_format("%H", "%ct", "%s"), "-z", "--first-parent", "--no-renames",
                      "--name-status", "--end-of-options", ref, nfields=3)
