"""One `git log` pass, parsed: commits with their header fields and the files each touched.

Paths are untrusted (a file name may hold any byte but NUL), so the output is read as a stream
of NUL-separated tokens, a status token always followed by exactly one path: a path can never
be mistaken for the start of a commit.

A long log can be started early (`StartedLog`) and read later: a thread empties the pipe as git
writes, so git runs to the end on its own core while the command does other work (loading the
settings, importing the models) instead of stalling on a full pipe, and the output is parsed
piece by piece as it comes.
"""

from __future__ import annotations

import os
import queue
import subprocess
import threading
from collections.abc import Callable
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
    parser = LogParser(nfields)
    parser.feed(output.split("\0"), final=True)
    return parser.entries


class LogParser:
    """`parse_log` in pieces: tokens are fed as git writes them; a record cut off at the end of a
    piece waits for the next one."""

    def __init__(self, nfields: int) -> None:
        self.nfields = nfields
        self.entries: list[LogEntry] = []
        self._files: list[tuple[str, str]] = []
        self._pending: list[str] = []
        self._rest = b""  # bytes after the last NUL read: a token (or a character) cut in two

    def feed_bytes(self, piece: bytes) -> list[tuple[str, str]]:
        """Parse the next piece of git's output, however it was cut; returns the files it completed."""
        head, nul, self._rest = (self._rest + piece).rpartition(b"\0")
        return self.feed(head.decode("utf-8", "replace").split("\0")) if nul else []

    def end(self) -> list[tuple[str, str]]:
        """The output is complete: parse what is left."""
        rest, self._rest = self._rest, b""
        return self.feed([rest.decode("utf-8", "replace")], final=True)

    def feed(self, tokens: list[str], final: bool = False) -> list[tuple[str, str]]:
        """Parse the next tokens; returns the files they completed (status, path)."""
        if self._pending:
            tokens = self._pending + tokens
        nfields, entries, files = self.nfields, self.entries, self._files
        new: list[tuple[str, str]] = []
        i, end = 0, len(tokens)
        while i < end:
            token = tokens[i]
            if token[:1] == "\n":
                token = token.lstrip("\n")
            if token[:1] == RECORD:
                if i + nfields > end and not final:
                    break
                files = []
                entries.append(LogEntry([token[1:], *tokens[i + 1 : i + nfields]], files))
                i += nfields
            elif token and entries:
                if i + 1 >= end and not final:
                    break
                files.append((token[0], tokens[i + 1] if i + 1 < end else ""))
                new.append(files[-1])
                i += 2
            else:
                i += 1
        self._files, self._pending = files, tokens[i:]
        return new


class StartedLog:
    """A `git log` running in the background, read as it is written (see `read`)."""

    def __init__(self, root: Path, ref: str, *args: str, nfields: int) -> None:
        self.root, self.ref, self.nfields = root, ref, nfields
        self._proc = gitproc.start(root, "log", *args, stdout=subprocess.PIPE)
        self._pieces: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        # A thread empties the pipe while the command does other work: git never waits for us.
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        assert self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while piece := os.read(fd, 1 << 20):
            self._pieces.put(piece)
        self._pieces.put(b"")

    def read(self, on_files: Callable[[list[tuple[str, str]]], object] | None = None) -> list[LogEntry]:
        """The commits, newest first, parsed while git writes them; `on_files` is given the files
        of each piece as soon as it is parsed (work that can go on while git still runs).
        GitError when git could not read the history."""
        parser = LogParser(self.nfields)
        while piece := self._pieces.get():
            files = parser.feed_bytes(piece)
            if on_files is not None and files:
                on_files(files)
        self._reader.join()
        gitproc.finish(self._proc)
        files = parser.end()
        if on_files is not None and files:
            on_files(files)
        return parser.entries

    def close(self) -> None:
        """Stop git if it still runs (the command failed before it needed the history) and let go
        of the process; harmless after `read`."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._reader.join()
        self._proc.wait()
        for stream in (self._proc.stdout, self._proc.stderr):
            if stream is not None:
                stream.close()


def first_parent_log(root: Path, ref: str) -> StartedLog:
    """`ref`'s first-parent history, newest first, with each commit's hash, committer time (as git
    stores it: seconds, any number), subject and parents (space-separated) and the files it added,
    modified or deleted; started, not yet read.

    No pathspec: limiting the log to a folder makes git compare every commit's tree twice (once
    to prune, once for the file list) and costs half as much again as the log itself; the
    reader picks its folder's files from the list instead."""
    return StartedLog(
        root,
        ref,
        log_format("%H", "%ct", "%s", "%P"),
        "-z",
        "--first-parent",
        "--no-renames",
        "--name-status",
        "--end-of-options",
        ref,
        nfields=4,
    )
