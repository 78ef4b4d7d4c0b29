"""One `git log` pass, parsed: commits with their header fields and the files each touched.

Paths are untrusted (a file name may hold any byte but NUL), so the output is read as a stream
of NUL-separated tokens, a status token always followed by exactly one path: a path can never
be mistaken for the start of a commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        if token.startswith(RECORD):
            entries.append(LogEntry([token[1:], *tokens[i + 1:i + nfields]]))
            i += nfields
        elif token and entries:
            entries[-1].files.append((token[0], tokens[i + 1] if i + 1 < len(tokens) else ""))
            i += 2
        else:
            i += 1
    return entries
